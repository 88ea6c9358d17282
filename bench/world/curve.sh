#!/usr/bin/env bash
# The scaling curve, one command: bench/world/run.sh for each COMPANIES:DAYS given, then one table of time against
# events (bench/world/curve.py). Each world's landing is deleted after its nights to keep the disk free; the logs,
# timings and truth stay under bench/world/out/.
#   bench/world/curve.sh [COMPANIES:DAYS ...]      default: 10000:90 10000:365 100000:90 100000:365
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(10000:90 10000:365 100000:90 100000:365)
outs=()
for scale in "${scales[@]}"; do
  companies="${scale%%:*}"
  days="${scale##*:}"
  bench/world/run.sh "$companies" "$days"
  rm -rf "bench/world/out/c${companies}-d${days}/world/landing"
  outs+=("bench/world/out/c${companies}-d${days}")
done
python3 bench/world/curve.py "${outs[@]}"
