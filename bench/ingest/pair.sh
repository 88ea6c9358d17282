#!/usr/bin/env bash
# Before and after, one right after the other: ingests one case of bench/ingest/run.sh (its landing data must be
# there: run it once) into a fresh lake with each checkout's bin/tradecredit, ROUNDS times, alternating; one line per
# run with the ingest stage, the process's wall, CPU and peak RSS, bronze files and the row accounting.
# Usage: bench/ingest/pair.sh BEFORE_CHECKOUT AFTER_CHECKOUT [CASE [ROUNDS]]   (CASE: csv-1, jsonl-1, csv-16; 3 rounds)
# A checkout is a project folder with its jar built (e.g. `git worktree add /tmp/before <commit>` and
# `bin/tradecredit sql "SELECT 1"` in it, which also archives its classes outside the measurement).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
before="$(cd "$1" && pwd)"
after="$(cd "$2" && pwd)"
case="${3:-csv-1}"
rounds="${4:-3}"
out="$here/out/$case"
[ -d "$out/landing" ] || { echo "no landing data in $out: run bench/ingest/run.sh first" >&2; exit 1; }
one() {
  rm -rf "${out:?}/lake" "$out/exports"
  (cd "$1" && /usr/bin/time -v -o "$out/time.txt" bin/tradecredit ingest --date 2026-11-02 --feed orders \
    --conf conf/bench.yaml --set paths.landing="$out/landing" --set paths.lake="$out/lake" \
    --set paths.exports="$out/exports" >"$out/ingest.log" 2>&1) || { tail -5 "$out/ingest.log"; exit 1; }
  line=$(grep "^ingest orders" "$out/ingest.log")
  stage=$(echo "$line" | grep -oE '[0-9.]+ s$')
  rows=$(echo "$line" | grep -oE 'read [0-9]+  accepted [0-9]+  deduplicated [0-9]+  quarantined [0-9]+')
  wall=$(grep "Elapsed (wall clock)" "$out/time.txt" | awk '{print $NF}')
  cpu=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$out/time.txt")
  rss=$(grep "Maximum resident set size" "$out/time.txt" | awk '{printf "%.2f GiB", $NF/1024/1024}')
  files=$(find "$out/lake/bronze/orders" -name '*.parquet' | wc -l)
  echo "$(date +%H:%M:%S) $2 $case: stage $stage, wall $wall, CPU $cpu s, peak RSS $rss, bronze files $files; $rows"
}
uptime
for _ in $(seq "$rounds"); do
  one "$before" before
  one "$after" after
done
uptime
