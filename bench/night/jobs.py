#!/usr/bin/env python3
"""Counts a run's Spark jobs, Delta file listings and SQL executions from its event log, by stage and call site.

A job's call site is the innermost frame of our own code (outside io.tradecredit.lake) in the stack Spark records
for it; its stage the innermost *Stage class on that stack. Delta runs one listing job ("Filtering files for
query") for each table a query reads, while the query is planned.
"""
import collections
import glob
import json
import os
import re
import sys


def events(folder):
    """The events of the one uncompressed event log under folder (run.sh turns compression off)."""
    (path,) = glob.glob(os.path.join(folder, "*", "events_*"))
    with open(path, encoding="utf-8") as f:
        yield from (json.loads(line) for line in f)


def main(folder):
    jobs = listings = sqls = 0
    by_stage, listings_by_stage, listings_by_site = (collections.Counter() for _ in range(3))
    for e in events(folder):
        kind = e.get("Event", "")
        if kind.endswith("SparkListenerSQLExecutionStart"):
            sqls += 1
        if kind != "SparkListenerJobStart":
            continue
        jobs += 1
        stack = e["Stage Infos"][0]["Details"] if e["Stage Infos"] else ""
        # (class, method, line) of each frame of our own code, innermost first.
        frames = [(cls.split("$")[0], method, line) for cls, method, line in
                  re.findall(r"io\.tradecredit\.([\w.$]+)\.([\w$]+)\(\w+\.java:(\d+)\)", stack)]
        own = [f for f in frames if not f[0].startswith("lake.")]
        site = f"{own[0][0]}.{own[0][1].split('$')[0]}:{own[0][2]}" if own else "?"
        # A job started on Spark's or Delta's own threads (broadcasts, deletion vectors) has no frame of ours.
        stage = next((cls for cls, _, _ in frames if re.search(r"(Stage|NightInputs|NightlyLog)$", cls)),
                     "?" if frames else "(Spark's threads)")
        by_stage[stage] += 1
        if "Filtering files" in (e["Properties"].get("spark.job.description") or ""):
            listings += 1
            listings_by_stage[stage] += 1
            listings_by_site[site] += 1
    print(f"jobs {jobs}  Delta file listings {listings}  SQL executions {sqls}")
    print("jobs by stage:", ", ".join(f"{s} {n}" for s, n in by_stage.most_common()))
    print("listings by stage:", ", ".join(f"{s} {n}" for s, n in listings_by_stage.most_common()))
    print("listings by call site:")
    for s, n in listings_by_site.most_common():
        print(f"  {n:4d} {s}")


if __name__ == "__main__":
    main(sys.argv[1])
