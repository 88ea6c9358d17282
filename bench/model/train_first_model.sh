#!/usr/bin/env bash
# Rebuilds conf/models/scorecard-v1.json and its report (conf/models/scorecard-v1/) from nothing:
# generates the synthetic labelled table and fits it with bin/tradecredit train.
# Run from the project root. Deterministic: only created_at changes between runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

python3 bench/model/make_labelled.py --out bench/model/out/company_labelled.csv --rows 60000 --seed 20251231

bin/tradecredit train \
  --input bench/model/out/company_labelled.csv \
  --label bad --bad 1 --test-fraction 0.25 --seed 42 \
  --out conf/models/scorecard-v1.json \
  --report conf/models/scorecard-v1 \
  --set 'spark.master=local[2]' \
  --option version=scorecard-v1 \
  --option exclude=company_id \
  --option country-column=registry_country \
  --option benchmark-column=true_pd \
  --option "label-description=bad = 1: a credit event within 365 days after as_of_date (synthetic, drawn from true_pd)" \
  --option "description=First tradecredit scorecard, trained on the synthetic labelled company table of bench/model/make_labelled.py (60,000 rows, 4 quarterly as-of dates)"
