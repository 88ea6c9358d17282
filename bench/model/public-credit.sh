#!/usr/bin/env bash
# Does `tradecredit train --input FILE` generalise on public credit data? HMEQ (5,960 home-equity loans, numeric and
# categorical columns, missing values; public_credit.py says where it comes from), 20 random stratified 70/30 splits
# (SEEDS to change): on each, tradecredit's trainer with its defaults and, on exactly the same rows (the split
# column, --option split-column=sample), a plain logistic regression and scorecardpy's default binned scorecard
# (and the logistic regression with missing-value indicators, for what the plain one loses).
# Prints each method's test AUC per split and the table of bench/RESULTS.md (mean, sd, min, max, mean train AUC).
# One training at a time, each its own JVM on local[2]: about a minute per split on 2 cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
SEEDS="${SEEDS:-20}"
OUT=bench/model/out/public-credit
VENV=bench/model/.venv

if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r bench/model/public-credit-requirements.txt
  # For its data file only: its own requirements (pkg-resources among them) are not needed to read a CSV.
  "$VENV/bin/pip" install -q --no-deps py-mob==0.3.1
fi

rm -rf "$OUT"
"$VENV/bin/python" bench/model/public_credit.py splits --out "$OUT" --seeds "$SEEDS"
uptime
for seed in $(seq 1 "$SEEDS"); do
  bin/tradecredit train --input "$OUT/split-$seed.csv" --label bad --bad 1 \
    --out "$OUT/tc-$seed/model.json" --report "$OUT/tc-$seed" \
    --set 'spark.master=local[2]' --option split-column=sample --option version="hmeq-split-$seed" \
    | grep -E '^(trained|AUC|baseline) ' || true
  uptime
done
"$VENV/bin/python" bench/model/public_credit.py baselines --dir "$OUT"
"$VENV/bin/python" bench/model/public_credit.py summary --dir "$OUT"
