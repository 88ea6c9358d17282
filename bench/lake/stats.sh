#!/usr/bin/env bash
# The cost of Delta's per-file statistics in a large night's writes (lake/FileStatisticsBench, tag bench): ROWS rows of
# a published features partition (71 columns) and 3 x ROWS silver orders (18 columns), each written to a table keeping
# statistics of its chosen columns only (lake/FileStatistics) and to one keeping Delta's default, alternately, ROUNDS
# times, with conf/bench.yaml's Spark settings. Prints one line per write.
#   bench/lake/stats.sh [ROWS] [ROUNDS]     (default 1000000 3)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
mvn -B -ntp -q -pl jobs test -DforkCount=1 -Dtradecredit.excludedGroups= -Dgroups=bench \
  -Dtest=FileStatisticsBench -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtradecredit.bench.rows="${1:-1000000}" -Dtradecredit.bench.rounds="${2:-3}" 2>&1 | grep -o 'bench: .*'
