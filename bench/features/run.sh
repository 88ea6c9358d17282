#!/usr/bin/env bash
# Features benchmark, one command:  bench/features/run.sh COMPANIES [DAYS] [SEED]   e.g. bench/features/run.sh 10000 365
# Generates a world delivered in two drops (DAYS of history, then one night of changes), ingests and conforms both,
# computes the features of the first night (the daily partials built from nothing), then times the features of the
# second night three ways on the same silver data, each in a fresh process:
#   night    - `tradecredit features` updating gold.company_activity_daily from what the night changed
#   rebuild  - the same command on a copy of the lake without the partials (every day computed from silver)
#   duckdb   - the same trade windows computed by DuckDB from silver rows as of the night, exported to Parquet
# Data under bench/features/out/ (git-ignored); delete it after. bench/features/night.sh times the night again;
# SETUP_ONLY=1 stops once the lake before the night is kept, for night.sh alone.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
companies="${1:?usage: bench/features/run.sh COMPANIES [DAYS] [SEED]}"
days="${2:-365}"
seed="${3:-1}"
start=2025-11-01
out="bench/features/out/c${companies}-d${days}"
rm -rf "$out"
mkdir -p "$out"
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement

venv=bench/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import duckdb' 2>/dev/null || "$venv/bin/pip" install -q 'duckdb==2.0.0'

echo "== generate $companies companies, $days days"
bin/tradecredit generate --companies "$companies" --days "$days" --seed "$seed" --start "$start" --drops 2 \
  --out "$out/world" --conf conf/bench.yaml 2>&1 | grep -v ' WARN ' | tail -3
first=$(python3 -c "import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) + d.timedelta(days=int(sys.argv[2]) - 2))" "$start" "$days")
second=$(python3 -c "import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) + d.timedelta(days=int(sys.argv[2]) - 1))" "$start" "$days")

run() {  # run LAKE LOG COMMAND ARGS...: one tradecredit command on a lake, timed
  local lake="$1" log="$2"
  shift 2
  /usr/bin/time -v -o "$out/$log.time" bin/tradecredit "$@" --conf conf/bench.yaml \
    --set paths.landing="$out/world/landing" --set paths.lake="$lake" --set paths.exports="$out/exports" \
    > "$out/$log.log" 2>&1 || { grep -v ' WARN ' "$out/$log.log" | tail -20; exit 1; }
  grep -E '^features|^activity|done for' "$out/$log.log" || true
}

for night in "$first" "$second"; do
  echo "== ingest and conform $night"
  run "$out/lake" "ingest-$night" ingest --date "$night"
  run "$out/lake" "conform-$night" conform --date "$night"
  if [ "$night" = "$first" ]; then
    echo "== features $first (partials computed from nothing)"
    run "$out/lake" "features-first" features --date "$first"
  fi
done
cp -r "$out/lake" "$out/lake-rebuild"
rm -rf "$out/lake-rebuild/gold/company_activity_daily"
# Kept for bench/features/night.sh: the same night timed again, by another build, on this lake.
cp -r "$out/lake" "$out/lake-before-night"
[ "${SETUP_ONLY:-0}" = 1 ] && { echo "lake kept in $out/lake-before-night (SETUP_ONLY: nothing timed)"; exit 0; }

echo "== features $second: night"
run "$out/lake" night features --date "$second"
echo "== features $second: rebuild"
run "$out/lake-rebuild" rebuild features --date "$second"

echo "== silver as of $second -> Parquet for DuckDB"
asof="valid_from <= DATE'$second' AND (valid_to IS NULL OR valid_to > DATE'$second')"
for t in orders shipments disputes payments credit_events registry; do
  bin/tradecredit sql --allow-writes --set paths.lake="$out/lake" --conf conf/bench.yaml \
    "INSERT OVERWRITE DIRECTORY '$PWD/$out/silver/$t' USING parquet SELECT * FROM silver.$t WHERE $asof" \
    > "$out/export-$t.log" 2>&1 || { tail -3 "$out/export-$t.log"; exit 1; }
done
bin/tradecredit sql --allow-writes --set paths.lake="$out/lake" --conf conf/bench.yaml \
  "INSERT OVERWRITE DIRECTORY '$PWD/$out/silver/company_accounts' USING parquet SELECT * FROM silver.company_accounts" \
  > "$out/export-company_accounts.log" 2>&1 || { tail -3 "$out/export-company_accounts.log"; exit 1; }
orders=$(bin/tradecredit sql --set paths.lake="$out/lake" --conf conf/bench.yaml --format csv \
  "SELECT count(*) FROM silver.orders WHERE $asof" 2>/dev/null | tail -1)
echo "orders (silver, as of $second): $orders"
echo "== duckdb $second"
/usr/bin/time -v -o "$out/duckdb.time" "$venv/bin/python" bench/features/duckdb_features.py "$out/silver" "$second" \
  "$out/duckdb-features.parquet" | tee "$out/duckdb.log"

for t in features-first night rebuild duckdb; do
  printf '%-15s wall %s  peak RSS %s kB\n' "$t" \
    "$(grep 'Elapsed (wall' "$out/$t.time" | awk '{print $NF}')" \
    "$(grep 'Maximum resident' "$out/$t.time" | awk '{print $NF}')"
done
