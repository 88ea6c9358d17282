#!/usr/bin/env bash
# A platform onboarded with 18 months of history in one drop, its published sub-scores against what happens next:
#   bench/model/onboarding-auc.sh [COMPANIES] [SEED]          e.g. bench/model/onboarding-auc.sh 10000
# One world of 548 + 180 days is generated twice from the same seed (the same events, delivered two ways):
#   world       its first drop, on day 548 (D, a month end), holds the 18 months of history; a drop a day follows
#   world-all   everything in one drop on the last day, 180 days after D: the 120-day horizon and its settling
# Lake `lake` is the onboarding platform: the nightly of D (only D's drop exists by then), `train --date D` for
# fulfilment and payment with default settings (features of past month ends by event date), `promote` of both,
# and the nightly of D again, which publishes the sub-scores (<exports>/company_score/as_of_date=D).
# Lake `outcomes` holds the whole world: its `train --date <last day>` labels as-of date D with the outcomes of the
# 120 days after D (report/held_out_scores: the latest as-of dates are held out), the lake's own label definitions.
# Printed, per risk, on the companies labelled at D: the AUC of the published pd against the outcome, the AUC of the
# world's true probability (truth/companies: fulfilment_pd, payment_pd as of loop_as_of_date = D) on the same rows,
# their ratio (goal 0.9), and the labelled companies the night left unscored in that role (counted, not ranked).
# Data under bench/model/out/ (git-ignored). Heaps: NIGHTLY_MEMORY (default 8g) for generate and the nightlies,
# TRAIN_MEMORY (default 4g) for each training. TRAIN_OPTIONS adds options to the onboarding trainings.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
companies="${1:-10000}"
seed="${2:-1}"
history=548
after=180
start="${START:-2024-11-30}"
out="bench/model/out/onboarding-c${companies}"
read -r day last < <(python3 -c "import datetime as d,sys; s=d.date.fromisoformat(sys.argv[1])
print(s + d.timedelta(days=int(sys.argv[2]) - 1), s + d.timedelta(days=int(sys.argv[2]) + int(sys.argv[3]) - 1))" \
  "$start" "$history" "$after")
python3 -c "import datetime as d,sys; x=d.date.fromisoformat(sys.argv[1]); assert (x + d.timedelta(1)).day == 1, \
  'START must put day ' + sys.argv[2] + ' on a month end, not ' + sys.argv[1]" "$day" "$history"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# on OUTPUT: the settings of the lake OUTPUT/lake over the landing OUTPUT/world/landing.
on() {
  echo --conf conf/bench.yaml --set paths.landing="$out/$1/world/landing" --set paths.lake="$out/$1/lake" \
    --set paths.exports="$out/$1/exports"
}
read -r -a platform <<< "$(on platform)"
read -r -a outcomes <<< "$(on outcomes)"
read -r -a extra <<< "${TRAIN_OPTIONS:-}"
rm -rf "$out"
mkdir -p "$out/platform" "$out/outcomes"
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement
source bench/model/lib.sh
sample_load
echo "D = $day (the onboarding drop), last day $last"

world=(generate --companies "$companies" --days $((history + after)) --seed "$seed" --start "$start"
  --conf conf/bench.yaml)
step generate "${NIGHTLY_MEMORY:-8g}" "${world[@]}" --drops $((after + 1)) --out "$out/platform/world"
step generate-all "${NIGHTLY_MEMORY:-8g}" "${world[@]}" --drops 1 --out "$out/outcomes/world"
step nightly "${NIGHTLY_MEMORY:-8g}" nightly --date "$day" "${platform[@]}"
for target in fulfilment payment; do
  step "train-$target" "${TRAIN_MEMORY:-4g}" train --date "$day" --target "$target" --out "$out/train-$target" \
    "${platform[@]}" --option version="$target-onboarding" "${extra[@]}"
  step "promote-$target" 2g promote "$out/train-$target/model.json" \
    --reason "onboarding candidate, trained on the first day" "${platform[@]}"
done
step rerun "${NIGHTLY_MEMORY:-8g}" nightly --date "$day" "${platform[@]}"
step nightly-all "${NIGHTLY_MEMORY:-8g}" nightly --date "$last" "${outcomes[@]}"
for target in fulfilment payment; do
  step "label-$target" "${TRAIN_MEMORY:-4g}" train --date "$last" --target "$target" \
    --out "$out/label-$target" "${outcomes[@]}" --option cv-folds=0
done

published="$(cd "$out/platform/exports/company_score/as_of_date=$day" && pwd)"
truth="$(cd "$out/outcomes/world/truth/companies" && pwd)"
# labelled TARGET: the companies labelled at D by the outcomes lake, with the published pd and the true probability.
labelled() {
  echo "SELECT '$1' AS target, p.$1_pd AS model_p, t.$1_pd AS true_p, CAST(h.bad AS INT) AS bad
    FROM parquet.\`$(cd "$out/label-$1/report/held_out_scores" && pwd)\` h
    JOIN parquet.\`$truth\` t ON h.company_id = t.company_id
    LEFT JOIN parquet.\`$published\` p ON h.company_id = p.company_id
    WHERE h.as_of_date = DATE'$day' AND t.loop_as_of_date = DATE'$day' AND t.$1_pd IS NOT NULL"
}
rows="$(labelled fulfilment) UNION ALL $(labelled payment)"
# --allow-writes: the truth, exports and reports are read by path, which the read-only guard refuses to analysts.
TRADECREDIT_DRIVER_MEMORY=2g bin/tradecredit sql --allow-writes "${outcomes[@]}" --format csv "
  SELECT target, count(*) AS labelled, sum(bad) AS bad, count(model_p) AS published,
    count(*) - count(model_p) AS unscored, sum(CASE WHEN model_p IS NULL THEN bad ELSE 0 END) AS unscored_bad
  FROM ($rows) GROUP BY target ORDER BY target" 2>&1 | grep -v ' WARN ' | tee "$out/coverage.csv"
TRADECREDIT_DRIVER_MEMORY=2g bin/tradecredit sql --allow-writes "${outcomes[@]}" --format csv \
  "$(auc_query "SELECT * FROM ($rows) WHERE model_p IS NOT NULL")" 2>&1 | grep -v ' WARN ' | tee "$out/auc.csv"
