#!/usr/bin/env python3
"""The scaling curve: every bench/world/run.sh output folder given (default: all under bench/world/out), one row
each, ordered by order events, with the rebuild's and the incremental night's time per million landing rows, so
linear growth shows as a flat column.

    python3 bench/world/curve.py [OUT ...]
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from summarize import gnu_time, night  # noqa: E402


def row(out):
    planted = json.loads((out / "world/truth/planted.json").read_text())
    logs = sorted(out.glob("nightly-*.log"))
    if len(logs) != 2:
        return None
    rebuild, incremental = night(logs[0]), night(logs[1])
    rss = max(gnu_time(log.with_suffix(".time"))[1] for log in logs)
    spec = planted["spec"]
    return (planted["orders"], f"| {spec['companies']:,} × {spec['days']} d | {planted['orders']:,} "
            f"| {rebuild['rows']:,} | {rebuild['total']:.1f} s | {rebuild['total'] / rebuild['rows'] * 1e6:.1f} s "
            f"| {rebuild['ingest']:.0f} / {rebuild['conform']:.0f} / {rebuild['features']:.0f} / "
            f"{rebuild['score'] + rebuild['publish']:.0f} s | {incremental['rows']:,} | {incremental['total']:.1f} s "
            f"| {incremental['ingest']:.0f} / {incremental['conform']:.0f} / {incremental['features']:.0f} / "
            f"{incremental['score'] + incremental['publish']:.0f} s "
            f"| {incremental['total'] / rebuild['total']:.2f} | {rss:.2f} GiB |")


def main(outs):
    outs = [Path(o) for o in outs] or sorted(Path(__file__).resolve().parent.joinpath("out").glob("c*-d*"))
    rows = sorted(r for r in (row(o) for o in outs) if r)
    print("| world | orders | rebuild rows read | rebuild | rebuild per 1M rows | rebuild ingest / conform / "
          "features / score+publish | night rows read | night | night ingest / conform / features / score+publish "
          "| night / rebuild | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for _, line in rows:
        print(line)


if __name__ == "__main__":
    main(sys.argv[1:])
