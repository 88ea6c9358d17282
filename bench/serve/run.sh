#!/usr/bin/env bash
# SQL endpoint benchmark (bin/tradecredit serve): its start, each analyst query of docs/querying.md on a warm endpoint
# (a first run, then the median and p95 of 10), and ten analysts' JDBC sessions at once for a minute.
#   bench/serve/run.sh              over a copy of the sample lake (two nights)
#   bench/serve/run.sh OUT          over OUT/lake, e.g. bench/world/out/c100000-d90 made by bench/world/run.sh 100000 90
# Prints Markdown table rows. Runs ServeLatencyIT (tag bench) through Maven, after the jars are built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
props=()
if [ $# -gt 0 ]; then
  out="$(cd "$1" && pwd)"
  [ -d "$out/lake/credit" ] || { echo "no lake under $out (bench/world/run.sh makes one)" >&2; exit 2; }
  props=(-Dtradecredit.bench.lake="$out/lake" -Dtradecredit.bench.exports="$out/exports")
fi
bin/airflow-venv >/dev/null
mvn -B -ntp -pl jobs verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ServeLatencyIT \
  -Dtradecredit.excludedGroups= -Dgroups=bench "${props[@]}" \
  | grep -E '^\| ' || { echo "the benchmark failed: see jobs/target/failsafe-reports" >&2; exit 1; }
