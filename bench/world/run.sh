#!/usr/bin/env bash
# World benchmark, one command per scale:
#   bench/world/run.sh COMPANIES [DAYS] [SEED]        e.g. bench/world/run.sh 10000 365
# Generates a world of COMPANIES companies and DAYS days of trade delivered in two drops (`tradecredit generate`),
# then runs the nightly of the first delivery date (the full history: a rebuild from an empty lake) and of the
# second (one day of changes: the incremental night), each under GNU time with conf/bench.yaml. Prints the figures
# as Markdown table rows (bench/world/summarize.py) and checks that exactly the planted bad rows were quarantined
# (bench/world/planted.sh). Data under bench/world/out/ (git-ignored); delete it after. The driver heap is
# bin/tradecredit's, TRADECREDIT_DRIVER_MEMORY (default 4g).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
companies="${1:?usage: bench/world/run.sh COMPANIES [DAYS] [SEED]}"
days="${2:-365}"
seed="${3:-1}"
start=2025-11-01
out="bench/world/out/c${companies}-d${days}"
rm -rf "$out"
mkdir -p "$out"
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement

echo "== generate $companies companies, $days days -> $out/world"
/usr/bin/time -v -o "$out/generate.time" bin/tradecredit generate --companies "$companies" --days "$days" \
  --seed "$seed" --start "$start" --drops 2 --out "$out/world" --conf conf/bench.yaml 2>&1 \
  | grep --line-buffered -v ' WARN ' | tee "$out/generate.log"

first=$(python3 -c "import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) + d.timedelta(days=int(sys.argv[2]) - 2))" "$start" "$days")
second=$(python3 -c "import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) + d.timedelta(days=int(sys.argv[2]) - 1))" "$start" "$days")
for night in "$first" "$second"; do
  # The whole output goes to the log; the stage lines and the night's progress and ETA show as they come.
  if ! /usr/bin/time -v -o "$out/nightly-$night.time" bin/tradecredit nightly --date "$night" --conf conf/bench.yaml \
      --set paths.landing="$out/world/landing" --set paths.lake="$out/lake" --set paths.exports="$out/exports" 2>&1 \
      | tee "$out/nightly-$night.log" \
      | { grep --line-buffered -E '^== nightly|^nightly |^conform done|^features|^score|^publish as' || true; }; then
    grep -v ' WARN ' "$out/nightly-$night.log" | tail -20
    exit 1
  fi
done
du -sh "$out/world/landing" | tee "$out/landing.size"
python3 bench/world/summarize.py "$out"
bench/world/planted.sh "$out"
