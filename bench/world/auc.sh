#!/usr/bin/env bash
# How well the published scores rank the generated world's companies, against its ground truth:
#   bench/world/auc.sh OUT        (OUT = a bench/world/run.sh output folder, after its nights)
# AUC of the published pd_12m against the truth's realised label (a credit event in the 12 months after the
# world's last day), next to the AUC of the true PD itself (the best any model could do on this label), and the
# rank correlation of the published PD with the true PD. Average ranks, so ties in the scorecard's PD count half.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${1:?usage: bench/world/auc.sh OUT}"
truth="$(cd "$out/world/truth/companies" && pwd)"
# --allow-writes: the truth is read by path, which the read-only guard refuses to analysts.
bin/tradecredit sql --allow-writes --conf conf/bench.yaml --set paths.lake="$out/lake" --format csv "
WITH j AS (
  SELECT s.pd_12m AS model_pd, t.pd_12m AS true_pd, CAST(t.bad_12m_after_end AS INT) AS bad
  FROM credit.company_score s JOIN parquet.\`$truth\` t ON s.company_id = t.company_id),
r AS (
  SELECT bad, model_pd, true_pd,
    rank() OVER (ORDER BY model_pd) + (count(*) OVER (PARTITION BY model_pd) - 1) / 2.0 AS rm,
    rank() OVER (ORDER BY true_pd) + (count(*) OVER (PARTITION BY true_pd) - 1) / 2.0 AS rt
  FROM j),
n AS (SELECT sum(bad) AS pos, count(*) - sum(bad) AS neg, count(*) AS companies FROM r)
SELECT n.companies, n.pos AS bad_in_12m,
  round((sum(CASE WHEN bad = 1 THEN rm END) - n.pos * (n.pos + 1) / 2.0) / (n.pos * n.neg), 3) AS auc_published_pd,
  round((sum(CASE WHEN bad = 1 THEN rt END) - n.pos * (n.pos + 1) / 2.0) / (n.pos * n.neg), 3) AS auc_true_pd,
  round(corr(rm, rt), 3) AS spearman_published_vs_true_pd
FROM r CROSS JOIN n GROUP BY n.companies, n.pos, n.neg" 2>&1 | grep -v ' WARN '
