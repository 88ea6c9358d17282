#!/usr/bin/env bash
# The same world with a shorter history: bench/world/last-days.sh OUT DAYS
#   OUT: a bench/world/run.sh output folder, once run.sh is done (its world and its two nights). Writes OUT-hDAYS: the world's landing
#   with the history drop cut to the records updated in its last DAYS days (bench/world/last_days.py), and its two
#   nights run as run.sh runs them: the rebuild of the shorter history, then the very same incremental night.
# Then bench/world/night-pair.sh ROUNDS OUT RUN OUT-hDAYS RUN_H compares one night over two histories.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${1:?usage: bench/world/last-days.sh OUT DAYS}"
days="${2:?usage: bench/world/last-days.sh OUT DAYS}"
short="$out-h$days"
nights=$(ls "$out"/nightly-*.log | sed -E 's/.*nightly-([0-9-]+)\.log/\1/' | sort)
[ "$(echo "$nights" | wc -l)" -ge 2 ] || { echo "last-days.sh: $out has not run its two nights yet (run.sh)" >&2; exit 1; }
first=$(echo "$nights" | head -1)
rm -rf "$short"
mkdir -p "$short/world"
python3 bench/world/last_days.py "$out/world/landing" "$short/world/landing" "$first" "$days" | tee "$short/cut.log"
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement
for night in $nights; do
  if ! /usr/bin/time -v -o "$short/nightly-$night.time" bin/tradecredit nightly --date "$night" --conf conf/bench.yaml \
      --set paths.landing="$short/world/landing" --set paths.lake="$short/lake" --set paths.exports="$short/exports" \
      2>&1 | tee "$short/nightly-$night.log" \
      | { grep --line-buffered -E '^== nightly|^nightly |^conform done|^features|^score|^publish as' || true; }; then
    grep -v ' WARN ' "$short/nightly-$night.log" | tail -20
    exit 1
  fi
done
grep -hE "^== nightly" "$out"/nightly-*.log "$short"/nightly-*.log
