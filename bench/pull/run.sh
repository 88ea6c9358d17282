#!/usr/bin/env bash
# bench/pull/run.sh [ROWS] [CHANGED]: pull from a real PostgreSQL.
#   1. bin/sample-db with an empty platform schema, ROWS orders (default 10,000,000) generated in the database,
#      updated_at spread over the year before 2026-11-01;
#   2. the first pull (the whole history, night 2026-11-01) into a landing drop, 2 parallel reads: rows/s;
#   3. CHANGED orders (default 100,000) updated on 2026-11-02, the plan of the night's query (EXPLAIN: an index scan
#      on updated_at), and the incremental pull of night 2026-11-02 timed as an operator runs it.
# Everything lives under OUT (default /tmp/tradecredit-pull-bench) and is deleted at the end (KEEP=1 keeps it).
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROWS="${1:-10000000}"
CHANGED="${2:-100000}"
OUT="${OUT:-/tmp/tradecredit-pull-bench}"
PORT="${PORT:-54339}"
rm -rf "$OUT"
mkdir -p "$OUT"
chmod 755 "$OUT"
trap '[ "${KEEP:-0}" = 1 ] || { "$HOME_DIR/bin/sample-db" remove --dir "$OUT/db" >/dev/null 2>&1; rm -rf "$OUT"; }' EXIT

"$HOME_DIR/bin/sample-db" start --dir "$OUT/db" --port "$PORT" --empty
psql_admin() {
  PGPASSWORD="$(cat "$OUT/db/.admin")" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" -U tc_admin -d platform "$@"
}

echo "== generating $ROWS orders"
start=$(date +%s.%N)
psql_admin <<SQL
SET TIME ZONE 'UTC';
DROP INDEX IF EXISTS shop.orders_updated_at_idx;
INSERT INTO shop.orders (platform, order_ref, seller_account, buyer_account, placed_at, total, currency, terms_days,
                         category, status, updated_at)
SELECT 'benchmart', 'BO-' || i, 'S-' || (i % 50000), 'B-' || (i % 80000),
       TIMESTAMPTZ '2025-11-01 00:00:00+00' + (i * 3.1536) * INTERVAL '1 second',
       round((10 + (i % 100000) * 0.37)::numeric, 2), (ARRAY['USD','EUR','GBP','CNY'])[1 + i % 4], (i % 4) * 30,
       'machinery', 'COMPLETED',
       TIMESTAMPTZ '2025-11-01 00:00:00+00' + (i * 3.1536) * INTERVAL '1 second' + INTERVAL '1 hour'
FROM generate_series(1, $ROWS) i;
CREATE INDEX orders_updated_at_idx ON shop.orders (updated_at);
VACUUM ANALYZE shop.orders;
SQL
echo "generated in $(echo "$(date +%s.%N) - $start" | bc) s; table size: $(psql_admin -tA -c "SELECT pg_size_pretty(pg_total_relation_size('shop.orders'))")"

cat > "$OUT/bench.yaml" <<YAML
paths: {landing: $OUT/landing, lake: $OUT/lake, exports: $OUT/exports}
spark:
  master: "local[*]"
  shuffle_partitions: 2
  settings:
    spark.sql.codegen.wholeStage: "false"
    spark.sql.codegen.factoryMode: NO_CODEGEN
    spark.sql.adaptive.enabled: "false"
pull:
  sources:
    bench:
      url: jdbc:postgresql://127.0.0.1:$PORT/platform
      credentials_file: $OUT/db/credentials
      fetch_size: 10000
      partitions: 2
      lookback_minutes: 60
      feeds:
        orders:
          table: shop.orders
          split_column: id
          columns: {order_id: order_ref, order_ts: placed_at, amount: total, payment_terms_days: terms_days}
YAML

# Builds the jar and its class archive if they are stale, so that neither is inside a timed command.
"$HOME_DIR/bin/tradecredit" --version >/dev/null

echo "== first pull: night 2026-11-01, the whole history"
start=$(date +%s.%N)
"$HOME_DIR/bin/tradecredit" pull --source bench --date 2026-11-01 --conf "$OUT/bench.yaml"
full=$(echo "$(date +%s.%N) - $start" | bc)
echo "full pull: $ROWS rows in $full s: $(echo "$ROWS / $full" | bc) rows/s (command, JVM start included)"
du -sh "$OUT/landing/orders/dt=2026-11-01"

echo "== $CHANGED orders changed on 2026-11-02"
psql_admin <<SQL
SET TIME ZONE 'UTC';
UPDATE shop.orders SET status = 'REFUNDED',
       updated_at = TIMESTAMPTZ '2026-11-02 00:00:00+00' + (id % 86400) * INTERVAL '1 second'
WHERE id % ($ROWS / $CHANGED) = 0;
VACUUM ANALYZE shop.orders;
SQL
echo "== the night's query plan (the pull's own SQL)"
psql_admin -c "SET TIME ZONE 'UTC'" -c "EXPLAIN SELECT src.\"order_ref\" AS \"order_id\", src.\"updated_at\" AS \"updated_at\", src.\"id\" AS pull_split FROM shop.orders src WHERE src.\"updated_at\" >= TIMESTAMP '2026-11-01 23:00:00.000000' AND src.\"updated_at\" < TIMESTAMP '2026-11-03 00:00:00.000000'"

echo "== incremental pull: night 2026-11-02"
start=$(date +%s.%N)
"$HOME_DIR/bin/tradecredit" pull --source bench --date 2026-11-02 --conf "$OUT/bench.yaml"
incr=$(echo "$(date +%s.%N) - $start" | bc)
echo "incremental pull: $incr s (command, JVM start included)"
