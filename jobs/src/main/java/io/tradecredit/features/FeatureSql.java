package io.tradecredit.features;

import static io.tradecredit.features.FeatureCatalog.WINDOWS;

import io.tradecredit.conform.Identity;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The one query of the features stage as of D, over the temp views the stage registers: f_bands (the daily
 * partials summed per company and band of days as of D, {@link ActivityBands}), f_accounts, f_registry and
 * f_credit_events. Trade windows are sums of the bands within them, never raw rows or days: a few rows per company
 * whatever its history, and adding a window adds columns, not scans. Credit events (a few per company at most) and
 * identity come from silver as of D.
 *
 * <p>The output columns are the identifiers, then exactly the catalog's features in catalog order: a feature without
 * an expression here fails the stage instead of silently missing from the table.
 */
final class FeatureSql {
  /** The partials' columns summed per window, with the name of their sums ({@code orders_30} and so on). */
  private static final Map<String, String> WINDOW_SUMS = windowSums();

  private static Map<String, String> windowSums() {
    Map<String, String> m = new LinkedHashMap<>();
    String[] pairs = {"s_orders", "orders", "s_kept_usd", "volume", "s_completed", "completed", "s_cancelled",
        "cancelled", "s_refunded", "refunded", "s_deliveries", "deliveries", "s_on_time", "delivered_on_time",
        "s_delay_days", "delay_days", "s_disputes_lost", "lost", "b_orders", "b_orders", "b_kept_usd", "b_volume",
        "b_payments_due", "due", "b_paid_on_time", "paid_on_time", "b_non_payment_lost", "np_lost"};
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private final LocalDate date;
  private final String d;

  FeatureSql(LocalDate date) {
    this.date = date;
    this.d = lit(date);
  }

  private static String lit(LocalDate day) {
    return "DATE'" + day + "'";
  }

  /** First day of the window of {@code days} ending at D inclusive. */
  private String from(int days) {
    return lit(date.minusDays(days - 1L));
  }

  /** One aggregate per window, e.g. {@code sum(CASE WHEN in window THEN x ELSE 0 END) AS name_30}. */
  private static String perWindow(IntFunction<String> expression) {
    return WINDOWS.stream().map(w -> "    " + expression.apply(w)).collect(Collectors.joining(",\n"));
  }

  /** Per window, the sum of the bands within it: {@code sum(CASE WHEN reach <= w THEN x ELSE 0 END) AS name_w}. */
  private static String sumOfReaches(String column, String name) {
    return perWindow(w -> "sum(CASE WHEN reach <= " + w + " THEN " + column + " ELSE 0 END) AS " + name + "_" + w);
  }

  String query() {
    String from365 = from(365);
    long epochDay = date.toEpochDay();
    return String.join("\n",
        "WITH companies AS (",
        "  SELECT company_id FROM f_registry WHERE company_id IS NOT NULL",
        "  UNION SELECT company_id FROM f_accounts),",
        // The bands within the longest window keep their counterparties.
        "near AS (SELECT * FROM f_bands WHERE reach IS NOT NULL),",
        "sums AS (",
        "  SELECT company_id,",
        WINDOW_SUMS.entrySet().stream().map(e -> sumOfReaches(e.getKey(), e.getValue()))
            .collect(Collectors.joining(",\n")) + ",",
        "    sum(CASE WHEN reach > 90 AND reach <= 180 THEN s_kept_usd ELSE 0 END) AS volume_prior_90,",
        // Days late as of D: days paid late, plus for each unpaid payment D minus its due date.
        sumOfReaches("b_paid_late_days + " + epochDay + " * b_unpaid - b_unpaid_due_epoch_days", "late_days") + ",",
        // Unpaid before D: every reach but D's own.
        "    sum(CASE WHEN reach = 1 THEN 0 ELSE b_unpaid_usd END) AS overdue_usd,",
        "    min(first_order_day) AS first_order_day",
        "  FROM f_bands GROUP BY company_id),",
        "pairs AS (",
        "  SELECT company_id, buyer,",
        sumOfReaches("p.orders", "n") + ",",
        sumOfReaches("p.usd", "v"),
        "  FROM near LATERAL VIEW explode(buyers) b AS buyer, p GROUP BY company_id, buyer),",
        "buyers AS (",
        "  SELECT company_id,",
        perWindow(w -> "sum(CASE WHEN n_" + w + " > 0 THEN 1 ELSE 0 END) AS buyers_" + w) + ",",
        perWindow(w -> "sum(CASE WHEN n_" + w + " > 1 THEN 1 ELSE 0 END) AS repeat_" + w) + ",",
        perWindow(w -> "CASE WHEN sum(v_" + w + ") > 0 THEN max(v_" + w + ") / sum(v_" + w + ") END AS top_" + w),
        "  FROM pairs GROUP BY company_id),",
        // A country is in a window when its nearest band is: one aggregate per (company, country), where a
        // distinct count per window would copy every exploded row once per window.
        "destination_bands AS (",
        "  SELECT company_id, country, min(reach) AS nearest",
        "  FROM near LATERAL VIEW explode(countries) c AS country, shipments GROUP BY company_id, country),",
        "destinations AS (",
        "  SELECT company_id,",
        perWindow(w -> "sum(CASE WHEN nearest <= " + w + " THEN 1 ELSE 0 END) AS countries_" + w),
        "  FROM destination_bands GROUP BY company_id),",
        "events AS (",
        "  SELECT company_id,",
        "    sum(CASE WHEN event_date >= " + from365 + " THEN 1 ELSE 0 END) AS events_365d,",
        "    max(event_date) AS last_event",
        "  FROM f_credit_events WHERE event_date <= " + d + " GROUP BY company_id),",
        "acct AS (",
        "  SELECT company_id, count(DISTINCT platform) AS platforms, count(*) AS accounts,",
        "    max(CAST(verified AS INT)) AS verified,",
        "    min(CASE WHEN to_date(created_at) <= " + d + " THEN to_date(created_at) END) AS first_account_day,",
        "    min(declared_name) AS declared_name, max(registry_country) AS registry_country,",
        "    max(registration_number) AS registration_number,",
        "    " + Identity.companyMatchSql(),
        "  FROM f_accounts GROUP BY company_id)",
        "SELECT c.company_id,",
        "  coalesce(r.registry_country, acct.registry_country) AS registry_country,",
        "  coalesce(r.registration_number_norm, acct.registration_number) AS registration_number,",
        "  coalesce(r.legal_name, acct.declared_name) AS legal_name,",
        "  acct.match_method, acct.match_confidence,",
        features(),
        "  " + d + " AS as_of_date",
        "FROM companies c",
        "LEFT JOIN (SELECT company_id, registry_country, legal_name, legal_form, status, incorporation_date,",
        "    registered_capital_usd, split(company_id, ':')[1] AS registration_number_norm FROM f_registry) r",
        "  ON r.company_id = c.company_id",
        "LEFT JOIN sums ON sums.company_id = c.company_id",
        "LEFT JOIN buyers ON buyers.company_id = c.company_id",
        "LEFT JOIN destinations ON destinations.company_id = c.company_id",
        "LEFT JOIN events ON events.company_id = c.company_id",
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
      String orders = "sums.orders_" + w;
      e.put("seller_orders_" + w + "d", dbl("coalesce(" + orders + ", 0)"));
      String deliveries = "sums.deliveries_" + w;
      e.put("seller_volume_usd_" + w + "d", dbl("coalesce(sums.volume_" + w + ", 0)"));
      e.put("seller_completed_share_" + w + "d", share("sums.completed_" + w, orders));
      e.put("seller_cancelled_share_" + w + "d", share("sums.cancelled_" + w, orders));
      e.put("seller_refunded_share_" + w + "d", share("sums.refunded_" + w, orders));
      e.put("seller_on_time_delivery_share_" + w + "d", share("sums.delivered_on_time_" + w, deliveries));
      e.put("seller_mean_delivery_delay_days_" + w + "d", share("sums.delay_days_" + w, deliveries));
      e.put("seller_disputes_lost_per_100_orders_" + w + "d", share("100.0 * sums.lost_" + w, orders));
      e.put("seller_distinct_buyers_" + w + "d", dbl("coalesce(buyers.buyers_" + w + ", 0)"));
      e.put("seller_top_buyer_share_" + w + "d", dbl("buyers.top_" + w));
      e.put("seller_repeat_buyer_share_" + w + "d", share("buyers.repeat_" + w, "buyers.buyers_" + w));
      e.put("seller_destination_countries_" + w + "d", dbl("coalesce(destinations.countries_" + w + ", 0)"));
      String due = "sums.due_" + w;
      e.put("buyer_orders_" + w + "d", dbl("coalesce(sums.b_orders_" + w + ", 0)"));
      e.put("buyer_volume_usd_" + w + "d", dbl("coalesce(sums.b_volume_" + w + ", 0)"));
      e.put("buyer_on_time_payment_share_" + w + "d", share("sums.paid_on_time_" + w, due));
      e.put("buyer_mean_days_late_" + w + "d", share("sums.late_days_" + w, due));
      e.put("buyer_non_payment_disputes_lost_" + w + "d", dbl("coalesce(sums.np_lost_" + w + ", 0)"));
    }
    e.put("seller_cancel_share_365d", share("(sums.cancelled_365 + sums.refunded_365)", "sums.orders_365"));
    e.put("seller_volume_trend_90d", share("sums.volume_90", "sums.volume_prior_90"));
    e.put("buyer_overdue_unpaid_usd", dbl("coalesce(sums.overdue_usd, 0)"));
    e.put("company_age_years", dbl("datediff(" + d + ", r.incorporation_date) / 365.25"));
    e.put("registered_capital_usd", dbl("r.registered_capital_usd"));
    e.put("registry_status", "r.status");
    e.put("legal_form", "r.legal_form");
    e.put("verified", "CASE WHEN acct.verified = 1 THEN 'true' ELSE 'false' END");
    e.put("platforms", dbl("coalesce(acct.platforms, 0)"));
    e.put("accounts", dbl("coalesce(acct.accounts, 0)"));
    e.put("months_since_first_activity", dbl("floor(months_between(" + d
        + ", least(sums.first_order_day, acct.first_account_day)))"));
    e.put("credit_events_365d", dbl("coalesce(events.events_365d, 0)"));
    e.put("days_since_last_credit_event", dbl("datediff(" + d + ", events.last_event)"));
    return e;
  }
}
