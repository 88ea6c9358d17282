package io.tradecredit.features;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.conform.ConformStage;
import io.tradecredit.conform.Silver;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Features: one row per company as of D into {@code gold.company_features} (the as_of_date partition replaced).
 *
 * <p>Point in time: only silver versions delivered by D ({@link Silver#asOf}) and only events dated by D are seen,
 * so recomputing an old D after newer drops arrived gives the same rows.
 */
public final class FeaturesStage {
  private final RunContext ctx;

  public FeaturesStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public void run(LocalDate date) {
    long start = System.nanoTime();
    Dataset<Row> features = build(ctx.lake(), date);
    ctx.lake().replacePartition(Tables.COMPANY_FEATURES_GOLD, features, "as_of_date", date);
    Row counts = ctx.lake().read(Tables.COMPANY_FEATURES_GOLD)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(date))))
        .agg(count(lit(1)), sum(when(col("seller_orders_365d").plus(col("buyer_orders_365d")).gt(0), 1).otherwise(0)))
        .first();
    Console.line("features as of %s  companies %d (with trade in 365 d: %d)  %s", date, counts.getLong(0),
        counts.isNullAt(1) ? 0 : counts.getLong(1), Console.seconds(start));
  }

  /** The features of every known company as of {@code date}. */
  public static Dataset<Row> build(Lake lake, LocalDate date) {
    SparkSession spark = lake.spark();
    Dataset<Row> accounts = ConformStage.companyAccounts(lake, date);
    if (accounts == null) {
      throw new IllegalStateException("Cannot compute features as of " + date
          + ": silver has no accounts or registry yet (run ingest and conform first)");
    }
    accounts.createOrReplaceTempView("f_accounts");
    Silver.asOf(lake, Feed.REGISTRY, date).createOrReplaceTempView("f_registry");
    view(lake, Feed.ORDERS, date, "f_orders");
    view(lake, Feed.PAYMENTS, date, "f_payments");
    view(lake, Feed.SHIPMENTS, date, "f_shipments");
    view(lake, Feed.DISPUTES, date, "f_disputes");
    view(lake, Feed.CREDIT_EVENTS, date, "f_credit_events");
    String d = "DATE'" + date + "'";
    String from365 = "DATE'" + date.minusDays(364) + "'";
    String end = "TIMESTAMP'" + date.plusDays(1) + " 00:00:00'";
    return spark.sql(String.join("\n",
        "WITH companies AS (",
        "  SELECT company_id FROM f_registry WHERE company_id IS NOT NULL",
        "  UNION SELECT company_id FROM f_accounts),",
        "orders AS (",
        "  SELECT o.*, s.company_id AS seller_id, b.company_id AS buyer_id, to_date(o.order_ts) AS order_day",
        "  FROM f_orders o",
        "  LEFT JOIN f_accounts s ON s.platform = o.platform AND s.account_id = o.seller_account",
        "  LEFT JOIN f_accounts b ON b.platform = o.platform AND b.account_id = o.buyer_account",
        "  WHERE o.order_ts < " + end + "),",
        "seller AS (",
        "  SELECT seller_id AS company_id, count(*) AS orders,",
        "    sum(CASE WHEN status NOT IN ('CANCELLED', 'REFUNDED') OR status IS NULL THEN amount_usd ELSE 0 END) AS volume,",
        "    sum(CASE WHEN status IN ('CANCELLED', 'REFUNDED') THEN 1 ELSE 0 END) AS cancelled",
        "  FROM orders WHERE order_day >= " + from365 + " GROUP BY seller_id),",
        "buyer AS (",
        "  SELECT buyer_id AS company_id, count(*) AS orders FROM orders",
        "  WHERE order_day >= " + from365 + " GROUP BY buyer_id),",
        "delivery AS (",
        "  SELECT o.seller_id AS company_id,",
        "    avg(CASE WHEN to_date(s.delivered_at) <= s.promised_date THEN 1.0 ELSE 0.0 END) AS on_time",
        "  FROM f_shipments s JOIN orders o ON o.platform = s.platform AND o.order_id = s.order_id",
        "  WHERE s.delivered_at < " + end + " AND to_date(s.delivered_at) >= " + from365,
        "  GROUP BY o.seller_id),",
        "disputes AS (",
        "  SELECT o.seller_id AS company_id, count(*) AS lost",
        "  FROM f_disputes x JOIN orders o ON o.platform = x.platform AND o.order_id = x.order_id",
        "  WHERE x.at_fault = 'SELLER' AND x.opened_at < " + end + " AND to_date(x.opened_at) >= " + from365,
        "  GROUP BY o.seller_id),",
        "payments AS (",
        "  SELECT a.company_id, p.*,",
        "    CASE WHEN p.paid_at IS NOT NULL AND p.paid_at < " + end + " THEN to_date(p.paid_at) END AS paid_day",
        "  FROM f_payments p JOIN f_accounts a ON a.platform = p.platform AND a.account_id = p.payer_account),",
        "paying AS (",
        "  SELECT company_id,",
        "    avg(CASE WHEN paid_day IS NOT NULL AND paid_day <= due_date THEN 1.0 ELSE 0.0 END) AS on_time,",
        "    avg(greatest(datediff(coalesce(paid_day, " + d + "), due_date), 0)) AS days_late",
        "  FROM payments WHERE due_date >= " + from365 + " AND due_date <= " + d + " GROUP BY company_id),",
        "overdue AS (",
        "  SELECT company_id, sum(amount_usd) AS overdue_usd FROM payments",
        "  WHERE paid_day IS NULL AND due_date < " + d + " GROUP BY company_id),",
        "events AS (",
        "  SELECT company_id,",
        "    sum(CASE WHEN event_date >= " + from365 + " THEN 1 ELSE 0 END) AS events_365d,",
        "    max(event_date) AS last_event",
        "  FROM f_credit_events WHERE event_date <= " + d + " GROUP BY company_id),",
        "acct AS (",
        "  SELECT company_id, count(DISTINCT platform) AS platforms, max(CAST(verified AS INT)) AS verified,",
        "    min(declared_name) AS declared_name, max(registry_country) AS registry_country,",
        "    max(registration_number) AS registration_number",
        "  FROM f_accounts GROUP BY company_id)",
        "SELECT c.company_id,",
        "  coalesce(r.registry_country, acct.registry_country) AS registry_country,",
        "  coalesce(r.registration_number_norm, acct.registration_number) AS registration_number,",
        "  coalesce(r.legal_name, acct.declared_name) AS legal_name,",
        "  CAST(coalesce(seller.orders, 0) AS DOUBLE) AS seller_orders_365d,",
        "  CAST(coalesce(seller.volume, 0) AS DOUBLE) AS seller_volume_usd_365d,",
        "  CAST(seller.cancelled / seller.orders AS DOUBLE) AS seller_cancel_share_365d,",
        "  CAST(delivery.on_time AS DOUBLE) AS seller_on_time_delivery_share_365d,",
        "  CAST(CASE WHEN seller.orders > 0 THEN 100.0 * coalesce(disputes.lost, 0) / seller.orders END AS DOUBLE)",
        "    AS seller_disputes_lost_per_100_orders_365d,",
        "  CAST(coalesce(buyer.orders, 0) AS DOUBLE) AS buyer_orders_365d,",
        "  CAST(paying.on_time AS DOUBLE) AS buyer_on_time_payment_share_365d,",
        "  CAST(paying.days_late AS DOUBLE) AS buyer_mean_days_late_365d,",
        "  CAST(coalesce(overdue.overdue_usd, 0) AS DOUBLE) AS buyer_overdue_unpaid_usd,",
        "  CAST(datediff(" + d + ", r.incorporation_date) / 365.25 AS DOUBLE) AS company_age_years,",
        "  CAST(r.registered_capital_usd AS DOUBLE) AS registered_capital_usd,",
        "  r.status AS registry_status,",
        "  CASE WHEN acct.verified = 1 THEN 'true' ELSE 'false' END AS verified,",
        "  CAST(coalesce(acct.platforms, 0) AS DOUBLE) AS platforms,",
        "  CAST(coalesce(events.events_365d, 0) AS DOUBLE) AS credit_events_365d,",
        "  CAST(datediff(" + d + ", events.last_event) AS DOUBLE) AS days_since_last_credit_event,",
        "  " + d + " AS as_of_date",
        "FROM companies c",
        "LEFT JOIN (SELECT company_id, registry_country, legal_name, status, incorporation_date,",
        "    registered_capital_usd, split(company_id, ':')[1] AS registration_number_norm FROM f_registry) r",
        "  ON r.company_id = c.company_id",
        "LEFT JOIN seller ON seller.company_id = c.company_id",
        "LEFT JOIN buyer ON buyer.company_id = c.company_id",
        "LEFT JOIN delivery ON delivery.company_id = c.company_id",
        "LEFT JOIN disputes ON disputes.company_id = c.company_id",
        "LEFT JOIN paying ON paying.company_id = c.company_id",
        "LEFT JOIN overdue ON overdue.company_id = c.company_id",
        "LEFT JOIN events ON events.company_id = c.company_id",
        "LEFT JOIN acct ON acct.company_id = c.company_id"));
  }

  private static void view(Lake lake, Feed feed, LocalDate date, String name) {
    Silver.asOf(lake, feed, date).createOrReplaceTempView(name);
  }
}
