package io.tradecredit.features;

import static io.tradecredit.features.FeatureCatalog.WINDOWS;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The one query of the features stage as of D, over the temp views the stage registers (f_accounts, f_registry,
 * f_orders, f_payments, f_shipments, f_disputes, f_credit_events). Each window is a conditional aggregate over one
 * pass of the 365 days, so adding a window adds columns, not scans.
 *
 * <p>The output columns are the identifiers, then exactly the catalog's features in catalog order: a feature without
 * an expression here fails the stage instead of silently missing from the table.
 */
final class FeatureSql {
  private static final String KEPT = "(status IS NULL OR status NOT IN ('CANCELLED', 'REFUNDED'))";

  private final LocalDate date;
  private final String d;
  private final String end;

  FeatureSql(LocalDate date) {
    this.date = date;
    this.d = lit(date);
    this.end = "TIMESTAMP'" + date.plusDays(1) + " 00:00:00'";
  }

  private static String lit(LocalDate day) {
    return "DATE'" + day + "'";
  }

  /** First day of the window of {@code days} ending at D inclusive. */
  private String from(int days) {
    return lit(date.minusDays(days - 1L));
  }

  private String in(String day, int w) {
    return day + " >= " + from(w);
  }

  /** One aggregate per window, e.g. {@code sum(CASE WHEN in window THEN x ELSE 0 END) AS name_30}. */
  private static String perWindow(IntFunction<String> expression) {
    return WINDOWS.stream().map(w -> "    " + expression.apply(w)).collect(Collectors.joining(",\n"));
  }

  private String countIn(String day, String condition, String name) {
    return perWindow(w -> "sum(CASE WHEN " + in(day, w) + " AND " + condition + " THEN 1 ELSE 0 END) AS " + name
        + "_" + w);
  }

  /** Per window, the orders placed and their USD volume (cancelled and refunded orders excluded). */
  private String ordersAndVolume(String orders, String volume) {
    return countIn("order_day", "true", orders) + ",\n"
        + perWindow(w -> "sum(CASE WHEN " + in("order_day", w) + " THEN kept_usd ELSE 0 END) AS " + volume + "_" + w);
  }

  String query() {
    String from365 = from(365);
    return String.join("\n",
        "WITH companies AS (",
        "  SELECT company_id FROM f_registry WHERE company_id IS NOT NULL",
        "  UNION SELECT company_id FROM f_accounts),",
        "orders AS (",
        "  SELECT o.*, s.company_id AS seller_id, b.company_id AS buyer_id, to_date(o.order_ts) AS order_day,",
        // A buyer account the identity map does not know still is one buyer, not none.
        "    coalesce(b.company_id, concat(o.platform, '@', o.buyer_account)) AS buyer_key,",
        "    CASE WHEN " + KEPT + " THEN o.amount_usd ELSE 0 END AS kept_usd",
        "  FROM f_orders o",
        "  LEFT JOIN f_accounts s ON s.platform = o.platform AND s.account_id = o.seller_account",
        "  LEFT JOIN f_accounts b ON b.platform = o.platform AND b.account_id = o.buyer_account",
        "  WHERE o.order_ts < " + end + "),",
        "recent AS (SELECT * FROM orders WHERE order_day >= " + from365 + "),",
        "seller AS (",
        "  SELECT seller_id AS company_id,",
        ordersAndVolume("orders", "volume") + ",",
        countIn("order_day", "status = 'COMPLETED'", "completed") + ",",
        countIn("order_day", "status = 'CANCELLED'", "cancelled") + ",",
        countIn("order_day", "status = 'REFUNDED'", "refunded") + ",",
        "    sum(CASE WHEN order_day >= " + from(180) + " AND order_day < " + from(90)
            + " THEN kept_usd ELSE 0 END) AS volume_prior_90",
        "  FROM recent GROUP BY seller_id),",
        "pairs AS (",
        "  SELECT seller_id,",
        ordersAndVolume("n", "v"),
        "  FROM recent GROUP BY seller_id, buyer_key),",
        "buyers AS (",
        "  SELECT seller_id AS company_id,",
        perWindow(w -> "sum(CASE WHEN n_" + w + " > 0 THEN 1 ELSE 0 END) AS buyers_" + w) + ",",
        perWindow(w -> "sum(CASE WHEN n_" + w + " > 1 THEN 1 ELSE 0 END) AS repeat_" + w) + ",",
        perWindow(w -> "CASE WHEN sum(v_" + w + ") > 0 THEN max(v_" + w + ") / sum(v_" + w + ") END AS top_" + w),
        "  FROM pairs GROUP BY seller_id),",
        "buyer AS (",
        "  SELECT buyer_id AS company_id,",
        ordersAndVolume("orders", "volume"),
        "  FROM recent GROUP BY buyer_id),",
        "delivered AS (",
        "  SELECT o.seller_id, to_date(s.delivered_at) AS day, s.promised_date",
        "  FROM f_shipments s JOIN orders o ON o.platform = s.platform AND o.order_id = s.order_id",
        "  WHERE s.delivered_at < " + end + " AND to_date(s.delivered_at) >= " + from365 + "),",
        "delivery AS (",
        "  SELECT seller_id AS company_id,",
        perWindow(w -> "avg(CASE WHEN " + in("day", w) + " THEN CASE WHEN day <= promised_date THEN 1.0 ELSE 0.0 "
            + "END END) AS on_time_" + w) + ",",
        perWindow(w -> "avg(CASE WHEN " + in("day", w) + " THEN greatest(datediff(day, promised_date), 0) END) "
            + "AS delay_" + w),
        "  FROM delivered GROUP BY seller_id),",
        "destinations AS (",
        "  SELECT o.seller_id AS company_id,",
        perWindow(w -> "count(DISTINCT CASE WHEN " + in("o.order_day", w) + " THEN s.destination_country END) "
            + "AS countries_" + w),
        "  FROM f_shipments s JOIN recent o ON o.platform = s.platform AND o.order_id = s.order_id",
        "  GROUP BY o.seller_id),",
        "opened AS (",
        "  SELECT o.seller_id, o.buyer_id, x.at_fault, x.reason, to_date(x.opened_at) AS day",
        "  FROM f_disputes x JOIN orders o ON o.platform = x.platform AND o.order_id = x.order_id",
        "  WHERE x.opened_at < " + end + " AND to_date(x.opened_at) >= " + from365 + "),",
        "disputes AS (",
        "  SELECT seller_id AS company_id,",
        countIn("day", "at_fault = 'SELLER'", "lost"),
        "  FROM opened GROUP BY seller_id),",
        "non_payment AS (",
        "  SELECT buyer_id AS company_id,",
        countIn("day", "at_fault = 'BUYER' AND reason = 'NON_PAYMENT'", "lost"),
        "  FROM opened GROUP BY buyer_id),",
        "payments AS (",
        "  SELECT a.company_id, p.*,",
        "    CASE WHEN p.paid_at IS NOT NULL AND p.paid_at < " + end + " THEN to_date(p.paid_at) END AS paid_day",
        "  FROM f_payments p JOIN f_accounts a ON a.platform = p.platform AND a.account_id = p.payer_account),",
        "paying AS (",
        "  SELECT company_id,",
        perWindow(w -> "avg(CASE WHEN " + in("due_date", w) + " THEN CASE WHEN paid_day IS NOT NULL AND "
            + "paid_day <= due_date THEN 1.0 ELSE 0.0 END END) AS on_time_" + w) + ",",
        perWindow(w -> "avg(CASE WHEN " + in("due_date", w) + " THEN greatest(datediff(coalesce(paid_day, " + d
            + "), due_date), 0) END) AS days_late_" + w),
        "  FROM payments WHERE due_date >= " + from365 + " AND due_date <= " + d + " GROUP BY company_id),",
        "overdue AS (",
        "  SELECT company_id, sum(amount_usd) AS overdue_usd FROM payments",
        "  WHERE paid_day IS NULL AND due_date < " + d + " GROUP BY company_id),",
        "events AS (",
        "  SELECT company_id,",
        "    sum(CASE WHEN event_date >= " + from365 + " THEN 1 ELSE 0 END) AS events_365d,",
        "    max(event_date) AS last_event",
        "  FROM f_credit_events WHERE event_date <= " + d + " GROUP BY company_id),",
        "first_activity AS (",
        "  SELECT company_id, min(day) AS day FROM (",
        "    SELECT company_id, to_date(created_at) AS day FROM f_accounts",
        "    UNION ALL SELECT seller_id, order_day FROM orders",
        "    UNION ALL SELECT buyer_id, order_day FROM orders)",
        "  WHERE company_id IS NOT NULL AND day <= " + d + " GROUP BY company_id),",
        "acct AS (",
        "  SELECT company_id, count(DISTINCT platform) AS platforms, count(*) AS accounts,",
        "    max(CAST(verified AS INT)) AS verified,",
        "    min(declared_name) AS declared_name, max(registry_country) AS registry_country,",
        "    max(registration_number) AS registration_number",
        "  FROM f_accounts GROUP BY company_id)",
        "SELECT c.company_id,",
        "  coalesce(r.registry_country, acct.registry_country) AS registry_country,",
        "  coalesce(r.registration_number_norm, acct.registration_number) AS registration_number,",
        "  coalesce(r.legal_name, acct.declared_name) AS legal_name,",
        features(),
        "  " + d + " AS as_of_date",
        "FROM companies c",
        "LEFT JOIN (SELECT company_id, registry_country, legal_name, legal_form, status, incorporation_date,",
        "    registered_capital_usd, split(company_id, ':')[1] AS registration_number_norm FROM f_registry) r",
        "  ON r.company_id = c.company_id",
        "LEFT JOIN seller ON seller.company_id = c.company_id",
        "LEFT JOIN buyers ON buyers.company_id = c.company_id",
        "LEFT JOIN buyer ON buyer.company_id = c.company_id",
        "LEFT JOIN delivery ON delivery.company_id = c.company_id",
        "LEFT JOIN destinations ON destinations.company_id = c.company_id",
        "LEFT JOIN disputes ON disputes.company_id = c.company_id",
        "LEFT JOIN non_payment ON non_payment.company_id = c.company_id",
        "LEFT JOIN paying ON paying.company_id = c.company_id",
        "LEFT JOIN overdue ON overdue.company_id = c.company_id",
        "LEFT JOIN events ON events.company_id = c.company_id",
        "LEFT JOIN first_activity ON first_activity.company_id = c.company_id",
        "LEFT JOIN acct ON acct.company_id = c.company_id");
  }

  /** The catalog's columns in catalog order; every one must have an expression. */
  private String features() {
    Map<String, String> sql = expressions();
    StringBuilder out = new StringBuilder();
    for (Feature f : FeatureCatalog.FEATURES) {
      String e = sql.remove(f.name());
      if (e == null) {
        throw new IllegalStateException("Feature " + f.name() + " is in the catalog but has no SQL");
      }
      out.append("  ").append(e).append(" AS ").append(f.name()).append(",\n");
    }
    if (!sql.isEmpty()) {
      throw new IllegalStateException("Features computed but not in the catalog: " + sql.keySet());
    }
    return out.toString().stripTrailing();
  }

  private static String dbl(String e) {
    return "CAST(" + e + " AS DOUBLE)";
  }

  private static String share(String part, String whole) {
    return dbl("CASE WHEN " + whole + " > 0 THEN " + part + " / " + whole + " END");
  }

  private Map<String, String> expressions() {
    Map<String, String> e = new LinkedHashMap<>();
    for (int w : WINDOWS) {
      String orders = "seller.orders_" + w;
      e.put("seller_orders_" + w + "d", dbl("coalesce(" + orders + ", 0)"));
      e.put("seller_volume_usd_" + w + "d", dbl("coalesce(seller.volume_" + w + ", 0)"));
      e.put("seller_completed_share_" + w + "d", share("seller.completed_" + w, orders));
      e.put("seller_cancelled_share_" + w + "d", share("seller.cancelled_" + w, orders));
      e.put("seller_refunded_share_" + w + "d", share("seller.refunded_" + w, orders));
      e.put("seller_on_time_delivery_share_" + w + "d", dbl("delivery.on_time_" + w));
      e.put("seller_mean_delivery_delay_days_" + w + "d", dbl("delivery.delay_" + w));
      e.put("seller_disputes_lost_per_100_orders_" + w + "d",
          share("100.0 * coalesce(disputes.lost_" + w + ", 0)", orders));
      e.put("seller_distinct_buyers_" + w + "d", dbl("coalesce(buyers.buyers_" + w + ", 0)"));
      e.put("seller_top_buyer_share_" + w + "d", dbl("buyers.top_" + w));
      e.put("seller_repeat_buyer_share_" + w + "d", share("buyers.repeat_" + w, "buyers.buyers_" + w));
      e.put("seller_destination_countries_" + w + "d", dbl("coalesce(destinations.countries_" + w + ", 0)"));
      e.put("buyer_orders_" + w + "d", dbl("coalesce(buyer.orders_" + w + ", 0)"));
      e.put("buyer_volume_usd_" + w + "d", dbl("coalesce(buyer.volume_" + w + ", 0)"));
      e.put("buyer_on_time_payment_share_" + w + "d", dbl("paying.on_time_" + w));
      e.put("buyer_mean_days_late_" + w + "d", dbl("paying.days_late_" + w));
      e.put("buyer_non_payment_disputes_lost_" + w + "d", dbl("coalesce(non_payment.lost_" + w + ", 0)"));
    }
    e.put("seller_cancel_share_365d", share("(seller.cancelled_365 + seller.refunded_365)", "seller.orders_365"));
    e.put("seller_volume_trend_90d", share("seller.volume_90", "seller.volume_prior_90"));
    e.put("buyer_overdue_unpaid_usd", dbl("coalesce(overdue.overdue_usd, 0)"));
    e.put("company_age_years", dbl("datediff(" + d + ", r.incorporation_date) / 365.25"));
    e.put("registered_capital_usd", dbl("r.registered_capital_usd"));
    e.put("registry_status", "r.status");
    e.put("legal_form", "r.legal_form");
    e.put("verified", "CASE WHEN acct.verified = 1 THEN 'true' ELSE 'false' END");
    e.put("platforms", dbl("coalesce(acct.platforms, 0)"));
    e.put("accounts", dbl("coalesce(acct.accounts, 0)"));
    e.put("months_since_first_activity", dbl("floor(months_between(" + d + ", first_activity.day))"));
    e.put("credit_events_365d", dbl("coalesce(events.events_365d, 0)"));
    e.put("days_since_last_credit_event", dbl("datediff(" + d + ", events.last_event)"));
    return e;
  }
}
