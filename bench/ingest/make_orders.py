#!/usr/bin/env python3
"""Writes one large orders drop per the landing contract: <out>/orders/dt=<dt>/orders.<csv|jsonl> and _SUCCESS, or
with --files N the same rows as N files orders-NN.<csv|jsonl> (each CSV with its header).

Deterministic for a seed. About 0.5% of rows break a rule (bad amount, currency, terms or status), so
ingest does its real work: parse, validate, quarantine, deduplicate (0.5% exact duplicates).
"""
import argparse
import json
import os
import random
from datetime import datetime, timedelta, timezone

CURRENCIES = ["USD", "EUR", "CNY", "GBP", "JPY", "TRY", "BRL", "INR", "MXN", "VND", "IDR"]
STATUSES = ["PLACED", "CONFIRMED", "SHIPPED", "DELIVERED", "COMPLETED", "CANCELLED", "REFUNDED"]
CATEGORIES = ["toys", "textiles", "machinery", "auto parts", "furniture", "electronics, small", None]
COLUMNS = ["platform", "order_id", "seller_account", "buyer_account", "order_ts", "amount", "currency",
           "payment_terms_days", "category", "status", "updated_at"]


def rows(n, seed, dt):
    rnd = random.Random(seed)
    day = datetime.fromisoformat(dt).replace(tzinfo=timezone.utc)
    last = None
    for i in range(n):
        if last is not None and rnd.random() < 0.005:
            yield last  # an exact duplicate
            continue
        # Placed in the 40 days before the drop, updated up to 10 days later: never after the drop's day.
        ts = day - timedelta(seconds=rnd.randrange(10 * 86400, 40 * 86400))
        row = {
            "platform": rnd.choice(["silkmart", "tradehub", "bazaar"]),
            "order_id": f"O{seed}-{i:09d}",
            "seller_account": f"S{rnd.randrange(200000):06d}",
            "buyer_account": f"B{rnd.randrange(800000):06d}",
            "order_ts": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "amount": f"{rnd.lognormvariate(7, 1.5):.2f}",
            "currency": rnd.choice(CURRENCIES),
            "payment_terms_days": rnd.choice([0, 15, 30, 45, 60, 90]),
            "category": rnd.choice(CATEGORIES),
            "status": rnd.choice(STATUSES),
            "updated_at": (ts + timedelta(hours=rnd.randrange(0, 240))).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        bad = rnd.random()
        if bad < 0.00125:
            row["amount"] = "-5.00"
        elif bad < 0.0025:
            row["currency"] = "XXY"
        elif bad < 0.00375:
            row["payment_terms_days"] = 400
        elif bad < 0.005:
            row["status"] = "LOST"
        last = row
        yield row


def csv_field(v):
    if v is None:
        return ""
    s = str(v)
    return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n\r') else s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True, help="landing root")
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--format", choices=["csv", "jsonl"], required=True)
    p.add_argument("--dt", default="2026-11-02")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--files", type=int, default=1, help="split the rows over this many files")
    a = p.parse_args()
    drop = os.path.join(a.out, "orders", f"dt={a.dt}")
    os.makedirs(drop, exist_ok=True)
    names = [f"orders.{a.format}"] if a.files == 1 else [f"orders-{i:02d}.{a.format}" for i in range(a.files)]
    files = [open(os.path.join(drop, n), "w", encoding="utf-8", newline="") for n in names]
    if a.format == "csv":
        for f in files:
            f.write(",".join(COLUMNS) + "\n")
    # Consecutive runs of rows per file: an exact duplicate mostly lands in the file of its original, sometimes not.
    per_file = -(-a.rows // a.files)
    for i, r in enumerate(rows(a.rows, a.seed, a.dt)):
        f = files[i // per_file]
        if a.format == "csv":
            f.write(",".join(csv_field(r[c]) for c in COLUMNS) + "\n")
        else:
            f.write(json.dumps({k: v for k, v in r.items() if v is not None}, separators=(",", ":")) + "\n")
    for f in files:
        f.close()
    open(os.path.join(drop, "_SUCCESS"), "w").close()
    size = sum(os.path.getsize(os.path.join(drop, n)) for n in names)
    print(f"wrote {a.rows} rows to {len(names)} file(s) in {drop} ({size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
