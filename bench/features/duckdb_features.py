"""The features' outside yardstick: the same trade windows (30/90/365 days) computed by DuckDB straight from silver
rows as of D (exported to Parquet by bench/features/run.sh), the way a single machine would recompute them every night.

usage: duckdb_features.py SILVER_DIR AS_OF_DATE OUT.parquet
Prints the wall time of the computation (reading Parquet included) and the row count.
"""
import sys
import time

import duckdb

WINDOWS = (30, 90, 365)


def query(d):
    def frm(days):
        return f"(DATE '{d}' - INTERVAL {days - 1} DAY)"

    def per_window(template):
        return ",\n".join("    " + template.replace("{f{w}}", frm(w)).replace("{w}", str(w)) for w in WINDOWS)

    def count_in(day, cond, name):
        return per_window(f"sum(CASE WHEN {day} >= {{f{{w}}}} AND {cond} THEN 1 ELSE 0 END) AS {name}_{{w}}")

    sql = f"""
WITH companies AS (
  SELECT company_id FROM registry WHERE company_id IS NOT NULL UNION SELECT company_id FROM accounts),
orders AS (
  SELECT o.*, s.company_id AS seller_id, b.company_id AS buyer_id, CAST(o.order_ts AS DATE) AS order_day,
    coalesce(b.company_id, o.platform || '@' || o.buyer_account) AS buyer_key,
    CASE WHEN o.status IS NULL OR o.status NOT IN ('CANCELLED', 'REFUNDED') THEN coalesce(o.amount_usd, 0) ELSE 0 END
      AS kept_usd
  FROM orders_raw o
  LEFT JOIN accounts s ON s.platform = o.platform AND s.account_id = o.seller_account
  LEFT JOIN accounts b ON b.platform = o.platform AND b.account_id = o.buyer_account),
recent AS (SELECT * FROM orders WHERE order_day >= {{f365}} AND order_day <= DATE '{d}'),
seller AS (
  SELECT seller_id AS company_id,
{count_in('order_day', 'true', 'orders')},
{per_window("sum(CASE WHEN order_day >= {f{w}} THEN kept_usd ELSE 0 END) AS volume_{w}")},
{count_in('order_day', "status = 'COMPLETED'", 'completed')},
{count_in('order_day', "status = 'CANCELLED'", 'cancelled')},
{count_in('order_day', "status = 'REFUNDED'", 'refunded')}
  FROM recent GROUP BY seller_id),
pairs AS (
  SELECT seller_id,
{count_in('order_day', 'true', 'n')},
{per_window("sum(CASE WHEN order_day >= {f{w}} THEN kept_usd ELSE 0 END) AS v_{w}")}
  FROM recent GROUP BY seller_id, buyer_key),
buyers AS (
  SELECT seller_id AS company_id,
{per_window("sum(CASE WHEN n_{w} > 0 THEN 1 ELSE 0 END) AS buyers_{w}")},
{per_window("sum(CASE WHEN n_{w} > 1 THEN 1 ELSE 0 END) AS repeat_{w}")},
{per_window("CASE WHEN sum(v_{w}) > 0 THEN max(v_{w}) / sum(v_{w}) END AS top_{w}")}
  FROM pairs GROUP BY seller_id),
buyer AS (
  SELECT buyer_id AS company_id,
{count_in('order_day', 'true', 'orders')},
{per_window("sum(CASE WHEN order_day >= {f{w}} THEN kept_usd ELSE 0 END) AS volume_{w}")}
  FROM recent GROUP BY buyer_id),
delivered AS (
  SELECT o.seller_id, CAST(s.delivered_at AS DATE) AS day, s.promised_date
  FROM shipments s JOIN orders o ON o.platform = s.platform AND o.order_id = s.order_id
  WHERE CAST(s.delivered_at AS DATE) BETWEEN {{f365}} AND DATE '{d}'),
delivery AS (
  SELECT seller_id AS company_id,
{per_window("avg(CASE WHEN day >= {f{w}} THEN CASE WHEN day <= promised_date THEN 1.0 ELSE 0.0 END END) AS on_time_{w}")},
{per_window("avg(CASE WHEN day >= {f{w}} THEN greatest(day - promised_date, 0) END) AS delay_{w}")}
  FROM delivered GROUP BY seller_id),
destinations AS (
  SELECT o.seller_id AS company_id,
{per_window("count(DISTINCT CASE WHEN o.order_day >= {f{w}} THEN s.destination_country END) AS countries_{w}")}
  FROM shipments s JOIN recent o ON o.platform = s.platform AND o.order_id = s.order_id GROUP BY o.seller_id),
opened AS (
  SELECT o.seller_id, o.buyer_id, x.at_fault, x.reason, CAST(x.opened_at AS DATE) AS day
  FROM disputes x JOIN orders o ON o.platform = x.platform AND o.order_id = x.order_id
  WHERE CAST(x.opened_at AS DATE) BETWEEN {{f365}} AND DATE '{d}'),
lost AS (
  SELECT seller_id AS company_id, {count_in('day', "at_fault = 'SELLER'", 'lost').strip()}
  FROM opened GROUP BY seller_id),
non_payment AS (
  SELECT buyer_id AS company_id, {count_in('day', "at_fault = 'BUYER' AND reason = 'NON_PAYMENT'", 'lost').strip()}
  FROM opened GROUP BY buyer_id),
payments AS (
  SELECT a.company_id, p.*, CAST(p.paid_at AS DATE) AS paid_day
  FROM payments_raw p JOIN accounts a ON a.platform = p.platform AND a.account_id = p.payer_account),
paying AS (
  SELECT company_id,
{per_window("avg(CASE WHEN due_date >= {f{w}} THEN CASE WHEN paid_day <= due_date THEN 1.0 ELSE 0.0 END END) AS on_time_{w}")},
{per_window("avg(CASE WHEN due_date >= {f{w}} THEN greatest(coalesce(paid_day, DATE '" + d + "') - due_date, 0) END) AS days_late_{w}")}
  FROM payments WHERE due_date BETWEEN {{f365}} AND DATE '{d}' GROUP BY company_id),
overdue AS (
  SELECT company_id, sum(amount_usd) AS overdue_usd FROM payments
  WHERE paid_day IS NULL AND due_date < DATE '{d}' GROUP BY company_id),
events AS (
  SELECT company_id, sum(CASE WHEN event_date >= {{f365}} THEN 1 ELSE 0 END) AS events_365d,
    max(event_date) AS last_event
  FROM credit_events WHERE event_date <= DATE '{d}' GROUP BY company_id)
SELECT c.company_id,
{per_window("coalesce(seller.orders_{w}, 0) AS seller_orders_{w}d")},
{per_window("coalesce(seller.volume_{w}, 0) AS seller_volume_usd_{w}d")},
{per_window("seller.completed_{w} / nullif(seller.orders_{w}, 0) AS seller_completed_share_{w}d")},
{per_window("seller.cancelled_{w} / nullif(seller.orders_{w}, 0) AS seller_cancelled_share_{w}d")},
{per_window("seller.refunded_{w} / nullif(seller.orders_{w}, 0) AS seller_refunded_share_{w}d")},
{per_window("delivery.on_time_{w} AS seller_on_time_delivery_share_{w}d")},
{per_window("delivery.delay_{w} AS seller_mean_delivery_delay_days_{w}d")},
{per_window("100.0 * coalesce(lost.lost_{w}, 0) / nullif(seller.orders_{w}, 0) AS seller_disputes_lost_per_100_orders_{w}d")},
{per_window("coalesce(buyers.buyers_{w}, 0) AS seller_distinct_buyers_{w}d")},
{per_window("buyers.top_{w} AS seller_top_buyer_share_{w}d")},
{per_window("buyers.repeat_{w} / nullif(buyers.buyers_{w}, 0) AS seller_repeat_buyer_share_{w}d")},
{per_window("coalesce(destinations.countries_{w}, 0) AS seller_destination_countries_{w}d")},
{per_window("coalesce(buyer.orders_{w}, 0) AS buyer_orders_{w}d")},
{per_window("coalesce(buyer.volume_{w}, 0) AS buyer_volume_usd_{w}d")},
{per_window("paying.on_time_{w} AS buyer_on_time_payment_share_{w}d")},
{per_window("paying.days_late_{w} AS buyer_mean_days_late_{w}d")},
{per_window("coalesce(non_payment.lost_{w}, 0) AS buyer_non_payment_disputes_lost_{w}d")},
  coalesce(overdue.overdue_usd, 0) AS buyer_overdue_unpaid_usd,
  coalesce(events.events_365d, 0) AS credit_events_365d,
  DATE '{d}' - events.last_event AS days_since_last_credit_event
FROM companies c
LEFT JOIN seller ON seller.company_id = c.company_id
LEFT JOIN buyers ON buyers.company_id = c.company_id
LEFT JOIN buyer ON buyer.company_id = c.company_id
LEFT JOIN delivery ON delivery.company_id = c.company_id
LEFT JOIN destinations ON destinations.company_id = c.company_id
LEFT JOIN lost ON lost.company_id = c.company_id
LEFT JOIN non_payment ON non_payment.company_id = c.company_id
LEFT JOIN paying ON paying.company_id = c.company_id
LEFT JOIN overdue ON overdue.company_id = c.company_id
LEFT JOIN events ON events.company_id = c.company_id
"""
    for w in (30, 90, 365):
        sql = sql.replace("{f%d}" % w, frm(w))
    return sql


def main():
    silver, d, out = sys.argv[1], sys.argv[2], sys.argv[3]
    start = time.perf_counter()
    con = duckdb.connect()
    for view, folder in [("orders_raw", "orders"), ("shipments", "shipments"), ("disputes", "disputes"),
                         ("payments_raw", "payments"), ("credit_events", "credit_events"),
                         ("registry", "registry"), ("accounts", "company_accounts")]:
        con.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet('{silver}/{folder}/*.parquet')")
    con.execute(f"COPY ({query(d)}) TO '{out}' (FORMAT parquet)")
    seconds = time.perf_counter() - start
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone()[0]
    threads = con.execute("SELECT current_setting('threads')").fetchone()[0]
    print(f"duckdb features as of {d}: {rows} companies in {seconds:.1f} s (threads {threads})")


if __name__ == "__main__":
    main()
