#!/usr/bin/env bash
# Parsing and checking alone: one landing CSV file (bench/ingest/run.sh's 1M-row one by default) read and checked
# on one thread by the built classes, ROUNDS times in one JVM with bin/tradecredit's JVM options for long commands
# (conf/jvm/). Reads the file through first to prove it decodes, as a whole file's task does.
# Usage: bench/ingest/parse/run.sh [FILE [ROUNDS]]   (jobs/target/classes must be built: mvn package)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
file="${1:-$home/bench/ingest/out/csv-1/landing/orders/dt=2026-11-02/orders.csv}"
rounds="${2:-4}"
out="$home/bench/ingest/out/parse-classes"
cp="$home/jobs/target/classes:$(cat "$home/jobs/target/classpath.txt")"
mkdir -p "$out"
javac -d "$out" -cp "$cp" "$home/bench/ingest/parse/ParseOnly.java"
java -Xmx4g -XX:+UseParallelGC "@$home/conf/jvm/opens.options" "@$home/conf/jvm/long-commands.options" \
  -cp "$out:$cp" io.tradecredit.ingest.ParseOnly "$file" "$rounds" "$home/conf/bench.yaml" "$home"
