#!/usr/bin/env bash
# The night of a features benchmark timed again, on a copy of the lake run.sh kept from before it:
#   bench/features/night.sh OUT [TAG] [ROOT]   e.g. bench/features/night.sh bench/features/out/c118000-d365 dv
# OUT is run.sh's folder; ROOT the checkout whose bin/tradecredit runs it (default: this one), so two builds
# compare on the same lake and night, one after the other. KEEP=1 keeps the lake the night wrote (OUT/lake-TAG).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="$(cd "${1:?usage: bench/features/night.sh OUT [TAG] [ROOT]}" && pwd)"   # absolute: ROOT resolves relative paths
tag="${2:-again}"
root="${3:-$PWD}"
[ -d "$out/lake-before-night" ] || { echo "no $out/lake-before-night: run bench/features/run.sh first" >&2; exit 1; }
# The night is the world's second and last delivery.
second=$(ls "$out/world/landing/orders" | sed -n 's/^dt=//p' | sort | tail -1)
lake="$out/lake-$tag"
rm -rf "$lake" && cp -r "$out/lake-before-night" "$lake"
/usr/bin/time -v -o "$out/night-$tag.time" "$root/bin/tradecredit" features --date "$second" --conf conf/bench.yaml \
  --set paths.landing="$out/world/landing" --set paths.lake="$lake" --set paths.exports="$out/exports" \
  > "$out/night-$tag.log" 2>&1 || { tail -20 "$out/night-$tag.log"; exit 1; }
grep -E '^features|^activity' "$out/night-$tag.log"
printf '%-15s wall %s  peak RSS %s kB\n' "night-$tag" \
  "$(grep 'Elapsed (wall' "$out/night-$tag.time" | awk '{print $NF}')" \
  "$(grep 'Maximum resident' "$out/night-$tag.time" | awk '{print $NF}')"
[ "${KEEP:-0}" = 1 ] || rm -rf "$lake"
