#!/usr/bin/env bash
# Ingest benchmark: one 1,000,000-row orders drop in CSV and one in JSONL, each ingested alone into a
# fresh lake by `bin/tradecredit ingest`; prints wall time, rows per second and peak RSS (GNU time).
# Usage: bench/ingest/run.sh [ROWS]   (default 1000000). Data under bench/ingest/out (git-ignored).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rows="${1:-1000000}"
out=bench/ingest/out
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement
for format in csv jsonl; do
  rm -rf "$out/$format"
  python3 bench/ingest/make_orders.py --out "$out/$format/landing" --rows "$rows" --format "$format"
  /usr/bin/time -v -o "$out/$format/time.txt" bin/tradecredit ingest --date 2026-11-02 --feed orders --conf conf/bench.yaml \
    --set paths.landing="$out/$format/landing" --set paths.lake="$out/$format/lake" \
    --set paths.exports="$out/$format/exports" >"$out/$format/ingest.log" 2>&1 \
    || { tail -5 "$out/$format/ingest.log"; exit 1; }
  wall=$(grep "Elapsed (wall clock)" "$out/$format/time.txt" | awk '{print $NF}')
  rss_kb=$(grep "Maximum resident set size" "$out/$format/time.txt" | awk '{print $NF}')
  secs=$(python3 -c "import sys; p=sys.argv[1].split(':'); print(sum(float(x)*60**i for i,x in enumerate(reversed(p))))" "$wall")
  line=$(grep "^ingest orders" "$out/$format/ingest.log")
  echo "$line"
  stage=$(echo "$line" | grep -oE '[0-9.]+ s$' | cut -d' ' -f1)
  python3 -c "import sys; r,t,s,k=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4]); print(f'$format: {r} rows, ingest stage {t:.1f} s = {r/t:,.0f} rows/s; process {s:.1f} s wall (JVM and Spark start included); peak RSS {k/1024/1024:.2f} GiB')" "$rows" "$stage" "$secs" "$rss_kb"
done
