#!/usr/bin/env bash
# Ingest benchmark: a 1,000,000-row orders drop as one CSV file, as one JSONL file, and as many CSV files (16 by
# default), each ingested alone into a fresh lake by `bin/tradecredit ingest`; prints the ingest stage's time and
# rows per second, the process's wall time, CPU time (user + system: less sensitive than the wall to other work on a
# shared machine) and peak RSS (GNU time); then the load average.
# Usage: bench/ingest/run.sh [ROWS [FILES]]   (defaults 1000000 16). Data under bench/ingest/out (git-ignored).
# TRADECREDIT_JAVA_OPTS passes through (e.g. a JFR recording).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rows="${1:-1000000}"
many="${2:-16}"
out=bench/ingest/out
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement
uptime
for case in "csv 1" "jsonl 1" "csv $many"; do
  read -r format files <<<"$case"
  name="$format-$files"
  rm -rf "${out:?}/$name"
  python3 bench/ingest/make_orders.py --out "$out/$name/landing" --rows "$rows" --format "$format" --files "$files"
  /usr/bin/time -v -o "$out/$name/time.txt" bin/tradecredit ingest --date 2026-11-02 --feed orders --conf conf/bench.yaml \
    --set paths.landing="$out/$name/landing" --set paths.lake="$out/$name/lake" \
    --set paths.exports="$out/$name/exports" >"$out/$name/ingest.log" 2>&1 \
    || { tail -5 "$out/$name/ingest.log"; exit 1; }
  wall=$(grep "Elapsed (wall clock)" "$out/$name/time.txt" | awk '{print $NF}')
  rss_kb=$(grep "Maximum resident set size" "$out/$name/time.txt" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$out/$name/time.txt")
  secs=$(python3 -c "import sys; p=sys.argv[1].split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))" "$wall")
  line=$(grep "^ingest orders" "$out/$name/ingest.log")
  echo "$line"
  stage=$(echo "$line" | grep -oE '[0-9.]+ s$' | cut -d' ' -f1)
  python3 -c "import sys; r,t,s,k,c=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4]),float(sys.argv[5]); print(f'$format x $files file(s): {r} rows, ingest stage {t:.1f} s = {r/t:,.0f} rows/s; process {s:.1f} s wall (JVM and Spark start included), {c:.1f} s CPU; peak RSS {k/1024/1024:.2f} GiB')" "$rows" "$stage" "$secs" "$rss_kb" "$cpu"
done
uptime
