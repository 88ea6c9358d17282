#!/usr/bin/env python3
"""Figures of one bench/world/run.sh output folder, as Markdown table rows for bench/RESULTS.md.

    python3 bench/world/summarize.py bench/world/out/c10000-d365
"""
import json
import re
import sys
from pathlib import Path


def gnu_time(path):
    text = path.read_text()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall.split(":"))))
    rss_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return secs, rss_kb / 1024 / 1024


def cpu_seconds(path):
    """User + system CPU time: on a machine shared with other work it moves less than wall time does."""
    text = path.read_text()
    return sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", text).group(1)) for k in ("User", "System"))


def seconds(pattern, text):
    m = re.search(pattern, text, re.M)
    return float(m.group(1)) if m else 0.0


def night(log):
    text = log.read_text()
    total = seconds(r"^== nightly \S+ done in ([\d.]+) s", text)
    conform = seconds(r"^conform done for \S+ in ([\d.]+) s", text)
    features = seconds(r"^features as of .*\s([\d.]+) s$", text)
    score = seconds(r"^score as of .*\s([\d.]+) s$", text)
    publish = seconds(r"^publish as of .*\s([\d.]+) s$", text)
    rows = sum(int(n) for n in re.findall(r"^ingest \S+\s+dt=\S+\s+files \d+\s+read (\d+)", text, re.M))
    # Feeds are ingested side by side: the stage's time is what the night spent before conform began.
    ingest = total - conform - features - score - publish
    return dict(total=total, ingest=ingest, conform=conform, features=features, score=score, publish=publish,
                rows=rows)


def main(out):
    out = Path(out)
    planted = json.loads((out / "world/truth/planted.json").read_text())
    spec, orders = planted["spec"], planted["orders"]
    gen_log = (out / "generate.log").read_text()
    gen_secs = seconds(r"^generate landing: .*\s([\d.]+) s \(", gen_log)
    gen_wall, gen_rss = gnu_time(out / "generate.time")
    gen_cpu = cpu_seconds(out / "generate.time")
    print(f"generate: {spec['companies']:,} companies, {spec['days']} days: {orders:,} orders, "
          f"{planted['rows_written']:,} landing rows in {gen_secs:.1f} s = {orders / gen_secs:,.0f} orders/s "
          f"({planted['rows_written'] / gen_secs:,.0f} rows/s); process {gen_wall:.1f} s wall, {gen_cpu:.1f} s CPU "
          f"= {orders / gen_cpu:,.0f} orders per CPU-second; peak RSS {gen_rss:.2f} GiB")
    print()
    print("| night | rows read | ingest | conform | features | score | publish | night total | rows/s | process wall "
          "| process CPU | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for log in sorted(out.glob("nightly-*.log")):
        n = night(log)
        wall, rss = gnu_time(log.with_suffix(".time"))
        date = log.stem.removeprefix("nightly-")
        print(f"| {date} | {n['rows']:,} | {n['ingest']:.1f} s | {n['conform']:.1f} s | {n['features']:.1f} s "
              f"| {n['score']:.1f} s | {n['publish']:.1f} s | {n['total']:.1f} s "
              f"| {n['rows'] / n['total']:,.0f} | {wall:.1f} s | {cpu_seconds(log.with_suffix('.time')):.1f} s "
              f"| {rss:.2f} GiB |")


if __name__ == "__main__":
    main(sys.argv[1])
