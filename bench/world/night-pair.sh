#!/usr/bin/env bash
# Two worlds' incremental nights run alternately, each on a fresh copy of its lake set back to before that night
# (bench/world/set_back.py), so that a shared machine's drift falls on both alike: the flat-in-history comparison.
# Usage: bench/world/night-pair.sh ROUNDS OUT_A RUN_A OUT_B RUN_B
#   OUT: a bench/world/run.sh output folder; RUN: the run id its second night printed ("== nightly D (run ...)").
# Prints each night's stage lines, its time and the process's CPU, and a fixed loop's time before it ("calib").
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[ $# -eq 5 ] || { echo "usage: bench/world/night-pair.sh ROUNDS OUT_A RUN_A OUT_B RUN_B" >&2; exit 2; }
rounds="$1"
shift
tmp=bench/world/out/pair
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement
for round in $(seq "$rounds"); do
  for side in "$1 $2" "$3 $4"; do
    read -r out run <<<"$side"
    night=$(grep -hoE "^== nightly [0-9-]+ \(run $run\)" "$out"/nightly-*.log | grep -oE "[0-9]{4}-[0-9]{2}-[0-9]{2}") \
      || { echo "night-pair.sh: no night of run $run in $out/nightly-*.log" >&2; exit 1; }
    rm -rf "$tmp" && mkdir -p "$tmp"
    cp -a "$out/lake" "$out/exports" "$tmp/"
    rm -rf "$tmp/exports/company_score/as_of_date=$night"
    python3 bench/world/set_back.py "$tmp/lake" "$run" >/dev/null
    calib=$(python3 -c "import time
t = time.time(); sum(i * i for i in range(10**7)); print(round(time.time() - t, 3))")
    /usr/bin/time -f "%e %U %S" -o "$tmp/time" bin/tradecredit nightly --date "$night" --conf conf/bench.yaml \
      --set paths.landing="$out/world/landing" --set paths.lake="$tmp/lake" --set paths.exports="$tmp/exports" \
      > "$tmp/night.log" 2>&1 || { tail -20 "$tmp/night.log"; exit 1; }
    read -r wall user sys < "$tmp/time"
    cpu=$(python3 -c "print(round($user + $sys, 1))")
    echo "round $round  $out $night  calib $calib s  process $wall s wall, $cpu s CPU"
    grep -E "^== nightly .* done in|^conform done|^features as|^activity |^(score|publish) as" "$tmp/night.log" \
      | cut -c1-160
  done
done
rm -rf "$tmp"
