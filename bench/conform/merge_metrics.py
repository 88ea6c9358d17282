#!/usr/bin/env python3
"""Prints the Delta metrics of the last MERGE into a silver table: where a night's merge spends its time."""
import json
import os
import sys

log = os.path.join(sys.argv[1], "_delta_log")
for name in sorted(f for f in os.listdir(log) if f.endswith(".json"))[::-1]:
    info = next((json.loads(l)["commitInfo"] for l in open(os.path.join(log, name)) if '"commitInfo"' in l), None)
    if info and info["operation"] == "MERGE":
        m = info["operationMetrics"]
        keys = ["executionTimeMs", "materializeSourceTimeMs", "scanTimeMs", "rewriteTimeMs", "numSourceRows",
                "numTargetRowsInserted", "numTargetRowsUpdated", "numTargetRowsCopied", "numTargetFilesRemoved",
                "numTargetFilesAdded", "numTargetDeletionVectorsAdded", "numTargetBytesAdded"]
        print("  merge " + ", ".join(f"{k} {m[k]}" for k in keys if k in m))
        break
