#!/usr/bin/env bash
# The closed-loop models trained from the lake against the world's true probabilities:
#   bench/model/loop-auc.sh [COMPANIES] [DAYS] [SEED]          e.g. bench/model/loop-auc.sh 10000 730
# Generates a world whose whole history arrives in one onboarding drop, runs the nightly of that day, trains the
# fulfilment, payment and credit models from the lake as of that day (`train --date D --target T`: features of past
# month ends by event date), each under GNU time, and compares on the same held-out rows (report/held_out_scores)
# the AUC of the model's pd against the lake's label with the AUC of the world's true probability of that label:
#   fulfilment, payment  rows as of the truth's loop_as_of_date (the latest as-of date both are labelled at, held
#                        out), true probability fulfilment_pd / payment_pd (P(bad | labelled), generate/LoopTruth)
#   credit               every held-out row of a company not in default by its as-of date, true probability pd_12m
#                        (a constant hazard: the chance of a first credit event in the 365 days after any as-of date),
#                        0 for a company without a registry record (lenders report none for it)
# and prints model AUC / true AUC. Data under bench/model/out/ (git-ignored). Heaps: NIGHTLY_MEMORY (default 8g) for
# generate and the nightly, TRAIN_MEMORY (default 4g) for each training. `uptime` every 30 s goes to OUT/load.log.
# TRAIN_OPTIONS adds options to every training (e.g. "--option cv-folds=0"); REUSE=1 keeps a world and lake already
# built by an earlier run of the same size and trains again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
companies="${1:-10000}"
days="${2:-730}"
seed="${3:-1}"
start="${START:-2024-11-01}"
out="bench/model/out/loop-c${companies}-d${days}"
day=$(python3 -c "import datetime as d,sys; print(d.date.fromisoformat(sys.argv[1]) + d.timedelta(days=int(sys.argv[2]) - 1))" "$start" "$days")
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
lake=(--conf conf/bench.yaml --set paths.landing="$out/world/landing" --set paths.lake="$out/lake"
  --set paths.exports="$out/exports")
read -r -a extra <<< "${TRAIN_OPTIONS:-}"
if [ "${REUSE:-0}" != 1 ]; then
  rm -rf "$out"
fi
mkdir -p "$out"
bin/tradecredit sql "SELECT 1" >/dev/null 2>&1 || true   # builds the jar outside the measurement
source bench/model/lib.sh
sample_load

if [ "${REUSE:-0}" != 1 ]; then
  step generate "${NIGHTLY_MEMORY:-8g}" generate --companies "$companies" --days "$days" --seed "$seed" \
    --start "$start" --drops 1 --out "$out/world" --conf conf/bench.yaml
  step nightly "${NIGHTLY_MEMORY:-8g}" nightly --date "$day" "${lake[@]}"
fi
for target in fulfilment payment credit; do
  step "train-$target" "${TRAIN_MEMORY:-4g}" train --date "$day" --target "$target" --out "$out/train-$target" \
    "${lake[@]}" --option version="$target-loop" "${extra[@]}"
  left=$(find "$out/lake/_work" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  echo "   work folders left in the lake: $left"
done

truth="$(cd "$out/world/truth/companies" && pwd)"
# held TARGET TRUE_P WHERE: the target's held-out rows joined to the truth, with the true probability of its label.
held() {
  echo "SELECT '$1' AS target, h.pd_12m AS model_p, $2 AS true_p, CAST(h.bad AS INT) AS bad
    FROM parquet.\`$(cd "$out/train-$1/report/held_out_scores" && pwd)\` h
    JOIN parquet.\`$truth\` t ON h.company_id = t.company_id WHERE $3"
}
# --allow-writes: the truth and the reports are read by path, which the read-only guard refuses to analysts.
TRADECREDIT_DRIVER_MEMORY=2g bin/tradecredit sql --allow-writes "${lake[@]}" --format csv "$(auc_query "
  $(held fulfilment t.fulfilment_pd 'h.as_of_date = t.loop_as_of_date AND t.fulfilment_pd IS NOT NULL')
  UNION ALL $(held payment t.payment_pd 'h.as_of_date = t.loop_as_of_date AND t.payment_pd IS NOT NULL')
  UNION ALL $(held credit 'CASE WHEN t.registration_number IS NULL THEN 0.0 ELSE t.pd_12m END' \
    'NOT (t.default_date <= h.as_of_date)')")" 2>&1 | grep -v ' WARN ' | tee "$out/auc.csv"
for target in fulfilment payment credit; do
  python3 -c "import json,sys; m=json.load(open(sys.argv[1])); t=m['metrics']['test']; i=m['training']
print(sys.argv[2] + ': whole held-out sample', i['test_from'], '..', i['test_to'], 'rows', t['rows'], 'bad', t['bads'],
      'AUC', round(t['auc'], 4), '(train', i['train_from'], '..', i['train_to'], 'rows', i['train_rows'], ')')" \
    "$out/train-$target/model.json" "$target"
done
