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
        versions = {}
        for name in files:
            m = re.match(r"^(\d{20})\.json$", name)
            if m:
                versions[int(m.group(1))] = os.path.getmtime(os.path.join(folder, name))
        gone = {v for v, t in versions.items() if t >= since}
        if not gone:
            continue
        # Hidden files are the local file system's checksums of the log's files: a stale one would fail the read of
        # the version written again in its place.
        for name in files:
            m = re.match(r"^\.?(\d{20})\.", name)
            if m and int(m.group(1)) in gone or m and int(m.group(1)) > max(set(versions) - gone, default=-1):
                os.remove(os.path.join(folder, name))
                removed += 1
        if gone == set(versions):
            shutil.rmtree(os.path.dirname(folder))
            tables_gone += 1
            continue
        last = os.path.join(folder, "_last_checkpoint")
        if os.path.exists(last):
            with open(last, encoding="utf-8") as f:
                if json.load(f)["version"] in gone:
                    os.remove(last)
    print(f"{removed} log files removed, {tables_gone} tables made in the run removed")


if __name__ == "__main__":
    lake, run_id = sys.argv[1], sys.argv[2]
    at = datetime.datetime.strptime(run_id[:16], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    set_back(lake, at.timestamp())
