#!/usr/bin/env python3
"""Copies a world's landing with its history drop cut to the records updated in its last DAYS days: the same world
with a shorter history, and the very same night after it (the later drops are copied as they are).

So the flat-in-history comparison can run one night, byte for byte, over two histories of one world
(bench/world/history-pair.sh), instead of two worlds' last nights, which a generator does not make the same size.

Usage: bench/world/last_days.py SRC_LANDING DST_LANDING HISTORY_DT DAYS
  HISTORY_DT: the history drop's dt (the world's first drop). Of its files, the lines of the feeds with updated_at
  are kept when updated_at is on or after HISTORY_DT + 1 - DAYS (its date as written, in the producer's offset);
  the feeds keyed by company (accounts, registry,
  credit events) are kept whole. A line that is not a record (a planted broken one) is kept, as is a file that
  cannot be read as the feed's rows (a planted broken file).
"""
import csv
import datetime
import gzip
import io
import json
import os
import shutil
import sys

CUT = ("orders", "payments", "shipments", "disputes")


def kept_lines(text, jsonl, since):
    lines = text.splitlines(keepends=True)
    if not lines:
        return None
    out = []
    at = None
    if not jsonl:
        header = next(csv.reader([lines[0]]))
        if "updated_at" not in header:
            return None
        at = header.index("updated_at")
        out.append(lines[0])
        lines = lines[1:]
    for line in lines:
        try:
            value = json.loads(line)["updated_at"] if jsonl else next(csv.reader([line]))[at]
            keep = value is None or str(value)[:10] >= since
        except (ValueError, KeyError, IndexError, TypeError, StopIteration):
            keep = True
        if keep:
            out.append(line)
    return out


def cut(src, dst, since):
    gz = src.endswith(".gz")
    jsonl = ".jsonl" in src
    try:
        with (gzip.open(src, "rt", encoding="utf-8") if gz else open(src, encoding="utf-8")) as f:
            text = f.read()
    except (OSError, EOFError, UnicodeDecodeError):
        shutil.copy2(src, dst)
        return 0, 0
    lines = kept_lines(text, jsonl, since)
    if lines is None:
        shutil.copy2(src, dst)
        return 0, 0
    with (gzip.open(dst, "wt", encoding="utf-8") if gz else open(dst, "w", encoding="utf-8")) as f:
        f.writelines(lines)
    return len(text.splitlines()), len(lines)


def main(src, dst, history_dt, days):
    since = (datetime.date.fromisoformat(history_dt) + datetime.timedelta(days=1 - int(days))).isoformat()
    read = kept = 0
    for folder, _, files in os.walk(src):
        rel = os.path.relpath(folder, src)
        os.makedirs(os.path.join(dst, rel), exist_ok=True)
        parts = rel.split(os.sep)
        history = len(parts) == 2 and parts[0] in CUT and parts[1] == "dt=" + history_dt
        for name in files:
            s, d = os.path.join(folder, name), os.path.join(dst, rel, name)
            if history:
                r, k = cut(s, d, since)
                read, kept = read + r, kept + k
            else:
                shutil.copy2(s, d)
    print(f"history drop {history_dt}: kept {kept:,} of {read:,} lines (updated on or after {since})")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
