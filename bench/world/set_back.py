#!/usr/bin/env python3
"""Sets a copy of a world's lake back to how it was before a run: every Delta commit written at or after a time is
removed from the tables' logs (with its checksum and any checkpoint of a removed version), and a table with no commit
left is removed. The data files those commits wrote stay, unreferenced; Delta reads only what the log names.

So one night can be run again, and alternately with another world's night, on the lake it found, without building the
world again: bench/world/night-pair.sh.

Usage: bench/world/set_back.py LAKE RUN_ID   (RUN_ID as printed by the night, e.g. 20261206T041229Z-256c: its time)
"""
import datetime
import json
import os
import re
import shutil
import sys


def set_back(lake, since):
    removed = tables_gone = 0
    for folder, dirs, files in os.walk(lake):
        if os.path.basename(folder) != "_delta_log":
            continue
        dirs[:] = []
        written = [int(m.group(1)) for m in (re.match(r"^(\d{20})\.json$", n) for n in files)
                   if m and os.path.getmtime(os.path.join(folder, m.group(0))) >= since]
        if not written:
            continue
        # A log is a line: the run's first commit and every version after it go. Hidden files are the local file
        # system's checksums of the log's files: a stale one would fail the read of a file written again in its place.
        first = min(written)
        for name in files:
            m = re.match(r"^\.?(\d{20})\.", name)
            if m and int(m.group(1)) >= first:
                os.remove(os.path.join(folder, name))
                removed += 1
        if first == 0:
            shutil.rmtree(os.path.dirname(folder))
            tables_gone += 1
            continue
        last = os.path.join(folder, "_last_checkpoint")
        if os.path.exists(last):
            with open(last, encoding="utf-8") as f:
                if json.load(f)["version"] >= first:
                    for name in ("_last_checkpoint", "._last_checkpoint.crc"):
                        if os.path.exists(os.path.join(folder, name)):
                            os.remove(os.path.join(folder, name))
    print(f"{removed} log files removed, {tables_gone} tables made in the run removed")


if __name__ == "__main__":
    if len(sys.argv) != 3 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: bench/world/set_back.py LAKE RUN_ID  (LAKE a lake folder; RUN_ID e.g. 20261206T041229Z-256c)")
    lake, run_id = sys.argv[1], sys.argv[2]
    try:
        at = datetime.datetime.strptime(run_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        sys.exit(f"set_back.py: {run_id!r} is not a run id (YYYYMMDDTHHMMSSZ-xxxx, as a night prints it)")
    set_back(lake, at.timestamp())
