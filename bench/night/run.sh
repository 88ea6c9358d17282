#!/usr/bin/env bash
# What one small night costs in Spark and Delta work: the sample lake's last night (2026-11-06) run on a copy of
# the lake of the nights before it, with Spark's event log, then the jobs, Delta file listings (one per table a
# query reads) and SQL executions it ran, by stage and by call site. A night's wall time on a shared machine varies
# by 10-20% from run to run; these counts do not, so they compare two commits on the same work.
# Usage: bench/night/run.sh [TAG]   (the event log and the night's output under bench/night/out/TAG)
# The lake before the night is built once (bench/night/out/lake-before, reused; delete it after a change to what
# earlier nights write). FIRST=1 counts the first night instead (2026-11-02 on an empty lake: every table made).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tag="${1:-$(git rev-parse --short HEAD)}"
out="bench/night/out"
before="$out/lake-before"
mkdir -p "$out"
lake=(--set paths.lake="$out/lake" --set paths.exports="$out/exports")
if [ "${FIRST:-0}" != 1 ] && [ ! -d "$before" ]; then
  rm -rf "$out/lake" "$out/exports"
  bin/tradecredit nightly --from 2026-11-02 --to 2026-11-05 "${lake[@]}" > "$out/before.log"
  mkdir -p "$before" && cp -a "$out/lake" "$out/exports" "$before/"
fi
night=2026-11-06
rm -rf "$out/lake" "$out/exports" "$out/$tag" && mkdir -p "$out/$tag"
if [ "${FIRST:-0}" = 1 ]; then
  night=2026-11-02
else
  cp -a "$before/lake" "$before/exports" "$out/"
fi
# The call stacks in the event log name our own code only when deep enough.
TRADECREDIT_JAVA_OPTS="-Dspark.callstack.depth=300" /usr/bin/time -f "process %e s wall, %U s user, %S s sys" \
  bin/tradecredit nightly --date "$night" "${lake[@]}" --set spark.settings.spark.eventLog.enabled=true \
  --set spark.settings.spark.eventLog.compress=false --set spark.settings.spark.eventLog.dir="file://$PWD/$out/$tag" \
  > "$out/$tag/night.log" 2>&1
grep -E "^== nightly .* done in|^process " "$out/$tag/night.log"
python3 bench/night/jobs.py "$out/$tag"
