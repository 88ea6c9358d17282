#!/usr/bin/env bash
# Backtest of the recommended credit limits against the generated world's ground truth:
#   bench/world/credit-limit.sh OUT        (OUT = a bench/world/run.sh output folder, after its nights)
# For the buyers of the last published date (a purchase in the last 365 days), the limits the rule gives
# (docs/credit-limit.md) against a flat policy spreading the same total evenly over the same buyers: how much of
# the credit each would have extended goes to buyers with a credit event in the 12 months after the world's end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out="${1:?usage: bench/world/credit-limit.sh OUT}"
truth="$(cd "$out/world/truth/companies" && pwd)"
# --allow-writes: the truth is read by path, which the read-only guard refuses to analysts.
bin/tradecredit sql --allow-writes --conf conf/bench.yaml --set paths.lake="$out/lake" --format csv "
WITH b AS (
  SELECT s.company_id, CAST(s.credit_limit_usd AS DOUBLE) AS rule_limit, s.grade,
    CAST(t.bad_12m_after_end AS INT) AS bad, f.buyer_volume_usd_365d AS bought
  FROM credit.company_score s
  JOIN credit.company_features f ON f.company_id = s.company_id AND f.as_of_date = s.as_of_date
  JOIN parquet.\`$truth\` t ON s.company_id = t.company_id
  WHERE f.buyer_orders_365d > 0),
n AS (SELECT count(*) AS buyers, sum(bad) AS bad_buyers, sum(rule_limit) AS total FROM b),
p AS (
  SELECT 'rule (docs/credit-limit.md)' AS policy, sum(CASE WHEN rule_limit > 0 THEN 1 ELSE 0 END) AS buyers_given_credit,
    sum(rule_limit) AS total_limit_usd, sum(bad * rule_limit) AS limit_to_later_bad_usd,
    sum(CASE WHEN bad = 1 AND rule_limit > 0 THEN 1 ELSE 0 END) AS later_bad_given_credit
  FROM b
  UNION ALL
  SELECT 'flat (same total, every buyer alike)', n.buyers, n.total, n.total / n.buyers * n.bad_buyers, n.bad_buyers
  FROM n)
SELECT p.policy, n.buyers, n.bad_buyers AS later_bad_buyers, p.buyers_given_credit, p.later_bad_given_credit,
  round(p.total_limit_usd) AS total_limit_usd, round(p.limit_to_later_bad_usd) AS limit_to_later_bad_usd,
  round(p.limit_to_later_bad_usd / p.total_limit_usd, 4) AS share_to_later_bad,
  round(n.bad_buyers / n.buyers, 4) AS later_bad_share_of_buyers
FROM p CROSS JOIN n" 2>&1 | grep -v ' WARN '
