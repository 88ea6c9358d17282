#!/usr/bin/env bash
# Did the nights of a generated world quarantine exactly what the generator planted, and accept the rest?
#   bench/world/planted.sh OUT        (OUT = a bench/world/run.sh output folder, after its nights)
# Compares ops.ingest_log (rows read, accepted, deduplicated, quarantined per feed and drop) and ops.quarantine
# (rows per stage, feed, drop and rule) with world/truth/planted.json; prints every difference and exits 1 on any.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${1:?usage: bench/world/planted.sh OUT}"
lake=(--conf conf/bench.yaml --set paths.lake="$out/lake" --format csv --max-rows 1000000)
bin/tradecredit sql "${lake[@]}" "SELECT feed, CAST(dt AS STRING) AS dt, rows_read, accepted, deduplicated,
  quarantined FROM ops.ingest_log WHERE rows_read > 0" 2>/dev/null | grep -v ' WARN ' > "$out/ingest_log.csv"
bin/tradecredit sql "${lake[@]}" "SELECT stage, feed, CAST(dt AS STRING) AS dt, rule, count(*) AS rows
  FROM ops.quarantine GROUP BY stage, feed, dt, rule" 2>/dev/null | grep -v ' WARN ' > "$out/quarantine.csv"
python3 - "$out" <<'PY'
import csv, json, sys
from pathlib import Path
out = Path(sys.argv[1])
planted = json.loads((out / "world/truth/planted.json").read_text())
want_drops = {(d["feed"], d["dt"]): (d["read"], d["accepted"], d["deduplicated"], d["quarantined"])
              for d in planted["drops"]}
got_drops = {(r["feed"], r["dt"]): tuple(int(r[k]) for k in ("rows_read", "accepted", "deduplicated", "quarantined"))
             for r in csv.DictReader((out / "ingest_log.csv").open())}
want_q = {(q["stage"], q["feed"], q["dt"], q["rule"]): q["rows"] for q in planted["quarantine"]}
got_q = {(r["stage"], r["feed"], r["dt"], r["rule"]): int(r["rows"])
         for r in csv.DictReader((out / "quarantine.csv").open())}
bad = 0
for name, want, got in (("drop (read, accepted, deduplicated, quarantined)", want_drops, got_drops),
                        ("quarantine (stage, feed, dt, rule) rows", want_q, got_q)):
    for key in sorted(set(want) | set(got)):
        if want.get(key) != got.get(key):
            bad += 1
            print(f"DIFFERS {name} {key}: planted {want.get(key)}, lake {got.get(key)}")
rows = sum(v[0] for v in got_drops.values())
quarantined = sum(got_q.values())
print(f"planted check {out}: {len(want_drops)} drops, {rows:,} rows read, {len(want_q)} (stage, feed, drop, rule) "
      f"groups, {quarantined:,} rows quarantined: " + ("all equal to planted.json" if bad == 0 else f"{bad} differ"))
sys.exit(1 if bad else 0)
PY
