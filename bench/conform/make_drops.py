#!/usr/bin/env python3
"""Landing drops for the conform benchmark: a history of orders delivered on one day, then one night.

  <out>/fx_rates/dt=<history>/  rates of every currency for every day from 60 days before the history to the night
  <out>/orders/dt=<history>/    --history rows, in files of at most 1,000,000 (seeds 100, 101, ...), as the ingest
                                bench writes them (bench/ingest/make_orders.py: 0.5% rule breaks, 0.5% duplicates)
  <out>/orders/dt=<night>/      --night rows: --updates of them are later versions of history orders
                                (of the first file, present in every history size), the rest new orders (seed 200)
  <out>/fx_rates/dt=<night>/    the night's rates

Deterministic: the same night on top of a 1M or a 10M history differs only by the history.
"""
import argparse
import os
import random
import sys
from datetime import date, datetime, timedelta, timezone

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "ingest"))
import make_orders  # noqa: E402

FILE_ROWS = 1_000_000


def write_csv(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(make_orders.COLUMNS) + "\n")
        for r in rows:
            f.write(",".join(make_orders.csv_field(r[c]) for c in make_orders.COLUMNS) + "\n")


def success(out, feed, dt):
    open(os.path.join(out, feed, f"dt={dt}", "_SUCCESS"), "w").close()


def fx(out, dt, first, last):
    rnd = random.Random(1)
    base = {c: rnd.uniform(0.00004, 1.3) for c in make_orders.CURRENCIES if c != "USD"}
    path = os.path.join(out, "fx_rates", f"dt={dt}", "fx.csv")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("rate_date,currency,usd_per_unit\n")
        d = first
        while d <= last:
            for c, r in sorted(base.items()):
                f.write(f"{d},{c},{r * (1 + 0.01 * ((d.toordinal() % 7) - 3)):.10f}\n")
            d += timedelta(days=1)
    success(out, "fx_rates", dt)


def updates(n, history_rows, history_dt, night):
    """Later versions of n history orders of the first file (seed 100, in every history size): same key, the
    status moved on, updated during the night's day."""
    rnd = random.Random(3)
    day = datetime.fromisoformat(night).replace(tzinfo=timezone.utc)
    ids = {f"O100-{i:09d}" for i in rnd.sample(range(min(history_rows, FILE_ROWS)), n)}
    seen = set()
    for r in make_orders.rows(min(history_rows, FILE_ROWS), 100, history_dt):
        if r["order_id"] in ids and r["order_id"] not in seen:
            seen.add(r["order_id"])
            yield dict(r, status="COMPLETED", updated_at=(day + timedelta(seconds=rnd.randrange(86400))).strftime(
                "%Y-%m-%dT%H:%M:%SZ"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True, help="landing root")
    p.add_argument("--history", type=int, required=True, help="orders delivered before the night")
    p.add_argument("--night", type=int, default=100_000, help="orders delivered on the night")
    p.add_argument("--updates", type=int, default=10_000, help="of the night's orders, updates of history orders")
    p.add_argument("--history-dt", default="2026-11-01")
    p.add_argument("--night-dt", default="2026-11-02")
    a = p.parse_args()
    h, n = date.fromisoformat(a.history_dt), date.fromisoformat(a.night_dt)
    fx(a.out, a.history_dt, h - timedelta(days=60), h)
    fx(a.out, a.night_dt, n, n)
    for k in range(0, a.history, FILE_ROWS):
        seed = 100 + k // FILE_ROWS
        write_csv(os.path.join(a.out, "orders", f"dt={a.history_dt}", f"orders-{seed}.csv"),
                  make_orders.rows(min(FILE_ROWS, a.history - k), seed, a.history_dt))
    success(a.out, "orders", a.history_dt)
    night = os.path.join(a.out, "orders", f"dt={a.night_dt}")
    write_csv(os.path.join(night, "new.csv"), make_orders.rows(a.night - a.updates, 200, a.night_dt))
    write_csv(os.path.join(night, "updates.csv"), updates(a.updates, a.history, a.history_dt, a.night_dt))
    success(a.out, "orders", a.night_dt)
    print(f"wrote {a.history:,} history orders (dt={a.history_dt}) and a night of {a.night:,} "
          f"({a.updates:,} updates, dt={a.night_dt}) under {a.out}")


if __name__ == "__main__":
    main()
