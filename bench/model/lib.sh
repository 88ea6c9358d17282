# Shared by the closed-loop benchmarks (loop-auc.sh, onboarding-auc.sh); sourced, with $out set to the run's folder.

# step NAME HEAP COMMAND...: runs a tradecredit command under GNU time, its output in $out/NAME.log.
step() {
  local name="$1" heap="$2"
  shift 2
  echo "== $name ($(date -u +%H:%M:%S))"
  if ! TRADECREDIT_DRIVER_MEMORY="$heap" /usr/bin/time -v -o "$out/$name.time" bin/tradecredit "$@" \
      > "$out/$name.log" 2>&1; then
    grep -v ' WARN ' "$out/$name.log" | tail -30
    exit 1
  fi
  grep -E '^(generate (landing|done)|== nightly .* done|features by event date:|trained |AUC |held-out|champion|promoted)' \
    "$out/$name.log" | cut -c1-200 || true
  grep -E 'Elapsed|Maximum resident' "$out/$name.time" | sed 's/^\s*/   /'
}

# sample_load: `uptime` every 30 s into $out/load.log until the script exits.
sample_load() {
  ( while true; do echo "$(date -u +%H:%M:%S) $(uptime)"; sleep 30; done ) >> "$out/load.log" &
  sampler=$!
  trap 'kill "$sampler" 2>/dev/null || true' EXIT
}

# auc_query ROWS: the AUC of model_p and of true_p against bad, per target, over ROWS (a query with the columns
# target, model_p, true_p, bad), as rank sums with ties at their mean rank, and their ratio.
auc_query() {
  echo "WITH j AS ($1),
r AS (
  SELECT target, bad,
    rank() OVER (PARTITION BY target ORDER BY model_p)
      + (count(*) OVER (PARTITION BY target, model_p) - 1) / 2.0 AS rm,
    rank() OVER (PARTITION BY target ORDER BY true_p)
      + (count(*) OVER (PARTITION BY target, true_p) - 1) / 2.0 AS rt
  FROM j),
a AS (
  SELECT target, count(*) AS rows, sum(bad) AS pos, count(*) - sum(bad) AS neg,
    sum(CASE WHEN bad = 1 THEN rm END) AS sm, sum(CASE WHEN bad = 1 THEN rt END) AS st
  FROM r GROUP BY target)
SELECT target, rows, pos AS bad,
  round((sm - pos * (pos + 1) / 2.0) / (pos * neg), 4) AS model_auc,
  round((st - pos * (pos + 1) / 2.0) / (pos * neg), 4) AS true_auc,
  round((sm - pos * (pos + 1) / 2.0) / (st - pos * (pos + 1) / 2.0), 4) AS ratio
FROM a ORDER BY target"
}
