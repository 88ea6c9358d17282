package io.tradecredit.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The daily partials of {@code gold.company_activity_daily}: per company and event day, sums and counts that every
 * window feature is made of, and the counterparties of the day (buyers with their orders and USD, destination
 * countries with their shipments).
 *
 * <p>Every fact adds a contribution to one (company, day): an order to its seller's and buyer's order day, a
 * delivery to the seller's delivery day, a dispute to its opening day, a payment to the payer's due day. All of it is
 * additive, so a night can add the contributions of the versions it brings and take away those of the versions they
 * replace ({@link #contributions} with sign -1), and a day's partial is exactly what a full computation gives:
 * no sketch that cannot forget a record, no floating point (USD is decimal).
 *
 * <p>Reads the views of one {@link Snapshot} ({@code <prefix>_resolved_orders}, {@code _resolved_refs},
 * {@code _shipments}, {@code _disputes}, {@code _payments}, {@code _accounts}).
 */
final class ActivitySql {
  static final String USD = "DECIMAL(38,2)";
  private static final String KEPT = "(o.status IS NULL OR o.status NOT IN ('CANCELLED', 'REFUNDED'))";

  /** The additive columns, with their type and description; buyers and countries follow them. */
  static final Map<String, String[]> SUMS = sums();

  private static Map<String, String[]> sums() {
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("s_orders", new String[] {"BIGINT", "orders placed this day with the company as seller"});
    m.put("s_kept_usd", new String[] {USD, "USD of those orders, cancelled and refunded ones counted 0"});
    m.put("s_completed", new String[] {"BIGINT", "of those orders, COMPLETED"});
    m.put("s_cancelled", new String[] {"BIGINT", "of those orders, CANCELLED"});
    m.put("s_refunded", new String[] {"BIGINT", "of those orders, REFUNDED"});
    m.put("s_deliveries", new String[] {"BIGINT", "shipments of its orders delivered this day"});
    m.put("s_on_time", new String[] {"BIGINT", "of those, delivered on or before the promised date"});
    m.put("s_delay_days", new String[] {"BIGINT", "sum over those of days delivered after the promised date"});
    m.put("s_disputes_lost", new String[] {"BIGINT", "disputes on its orders opened this day, at_fault SELLER"});
    m.put("b_orders", new String[] {"BIGINT", "orders placed this day with the company as buyer"});
    m.put("b_kept_usd", new String[] {USD, "USD of those orders, cancelled and refunded ones counted 0"});
    m.put("b_payments_due", new String[] {"BIGINT", "payments it owes due this day"});
    m.put("b_paid_on_time", new String[] {"BIGINT", "of those, paid on or before the due date"});
    m.put("b_paid_late_days", new String[] {"BIGINT", "of those paid, sum of days paid after the due date"});
    m.put("b_unpaid", new String[] {"BIGINT", "of those, unpaid"});
    m.put("b_unpaid_due_epoch_days", new String[] {"BIGINT",
        "of those unpaid, sum of their due dates as days since 1970-01-01 (so days late as of any D is a sum)"});
    m.put("b_unpaid_usd", new String[] {USD, "of those unpaid, their USD"});
    m.put("b_non_payment_lost", new String[] {"BIGINT",
        "disputes on its orders as buyer opened this day, reason NON_PAYMENT, at_fault BUYER"});
    return m;
  }

  /** Counts whose sum is zero only on a day with nothing left: a partial that reaches it is removed. */
  static final List<String> UNITS = List.of("s_orders", "s_deliveries", "s_disputes_lost", "b_orders",
      "b_payments_due", "b_non_payment_lost");

  static final String BUYERS_DOC = "buyers of its orders this day (company_id, or platform@account when the "
      + "account is not linked to a company): orders and USD as in s_orders and s_kept_usd";
  static final String COUNTRIES_DOC = "destination countries of shipments of its orders placed this day: shipments";

  private ActivitySql() {}

  /**
   * SQL: two buyers maps added entry by entry, the entries left with neither orders nor USD gone, as the partials
   * keep them.
   */
  static String addedBuyers(String a, String b) {
    return "map_filter(map_zip_with(" + a + ", " + b + ", (k, x, y) -> named_struct('orders', coalesce(x.orders, 0) "
        + "+ coalesce(y.orders, 0), 'usd', CAST(coalesce(x.usd, 0) + coalesce(y.usd, 0) AS " + USD + "))), "
        + "(k, v) -> v.orders != 0 OR v.usd != 0)";
  }

  /** SQL: two countries maps added entry by entry, the entries left with no shipment gone. */
  static String addedCountries(String a, String b) {
    return "map_filter(map_zip_with(" + a + ", " + b + ", (k, x, y) -> coalesce(x, 0) + coalesce(y, 0)), "
        + "(k, v) -> v != 0)";
  }

  /** The description of every column, written as column comments (DESCRIBE shows them). */
  static Map<String, String> docs() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("company_id", "registry_country:registration_number of the company");
    d.put("day", "event day (UTC): order day, delivery day, dispute opening day or payment due date");
    SUMS.forEach((name, typeAndDoc) -> d.put(name, typeAndDoc[1]));
    d.put("buyers", BUYERS_DOC);
    d.put("countries", COUNTRIES_DOC);
    return d;
  }

  /** The signed contribution rows of one snapshot: company_id, day, buyer_key, country and every sum. */
  static String contributions(String p, int sign) {
    String s = sign < 0 ? "-" : "";
    String orders = p + "_resolved_orders o";
    String refs = p + "_resolved_refs r ON r.platform = x.platform AND r.order_id = x.order_id";
    List<String> parts = new ArrayList<>();
    parts.add(row("o.seller_id", "o.day", "o.buyer_key", "NULL", Map.of(
        "s_orders", s + "1", "s_kept_usd", s + "o.kept_usd",
        "s_completed", s + "CASE WHEN o.status = 'COMPLETED' THEN 1 ELSE 0 END",
        "s_cancelled", s + "CASE WHEN o.status = 'CANCELLED' THEN 1 ELSE 0 END",
        "s_refunded", s + "CASE WHEN o.status = 'REFUNDED' THEN 1 ELSE 0 END"), orders, "o.seller_id IS NOT NULL", s));
    parts.add(row("o.buyer_id", "o.day", "NULL", "NULL", Map.of("b_orders", s + "1", "b_kept_usd", s + "o.kept_usd"),
        orders, "o.buyer_id IS NOT NULL", s));
    parts.add(row("r.seller_id", "to_date(x.delivered_at)", "NULL", "NULL", Map.of(
        "s_deliveries", s + "1",
        "s_on_time", s + "CASE WHEN to_date(x.delivered_at) <= x.promised_date THEN 1 ELSE 0 END",
        "s_delay_days", s + "greatest(datediff(to_date(x.delivered_at), x.promised_date), 0)"),
        p + "_shipments x JOIN " + refs,
        "r.seller_id IS NOT NULL AND x.delivered_at IS NOT NULL", s));
    parts.add(row("r.seller_id", "r.day", "NULL", "x.destination_country", Map.of(),
        p + "_shipments x JOIN " + refs,
        "r.seller_id IS NOT NULL AND x.destination_country IS NOT NULL", s));
    String disputes = p + "_disputes x JOIN " + refs;
    parts.add(row("r.seller_id", "to_date(x.opened_at)", "NULL", "NULL", Map.of("s_disputes_lost", s + "1"),
        disputes, "r.seller_id IS NOT NULL AND x.at_fault = 'SELLER'", s));
    parts.add(row("r.buyer_id", "to_date(x.opened_at)", "NULL", "NULL", Map.of("b_non_payment_lost", s + "1"),
        disputes, "r.buyer_id IS NOT NULL AND x.at_fault = 'BUYER' AND x.reason = 'NON_PAYMENT'", s));
    String unpaid = "x.paid_at IS NULL";
    parts.add(row("a.company_id", "x.due_date", "NULL", "NULL", Map.of(
        "b_payments_due", s + "1",
        "b_paid_on_time", s + "CASE WHEN to_date(x.paid_at) <= x.due_date THEN 1 ELSE 0 END",
        "b_paid_late_days", s + "CASE WHEN " + unpaid + " THEN 0 ELSE greatest(datediff(to_date(x.paid_at), "
            + "x.due_date), 0) END",
        "b_unpaid", s + "CASE WHEN " + unpaid + " THEN 1 ELSE 0 END",
        "b_unpaid_due_epoch_days", s + "CASE WHEN " + unpaid + " THEN datediff(x.due_date, DATE'1970-01-01') ELSE 0 "
            + "END",
        "b_unpaid_usd", s + "CASE WHEN " + unpaid + " THEN coalesce(x.amount_usd, 0) ELSE 0 END"),
        p + "_payments x JOIN " + p + "_accounts a ON a.platform = x.platform AND a.account_id = x.payer_account",
        "a.company_id IS NOT NULL", s));
    return String.join("\nUNION ALL\n", parts);
  }

  /**
   * SQL: the orders of {@code view} with their seller and buyer company (from {@code <p>_accounts}), order day and
   * kept USD ({@link Snapshot} registers them as {@code <p>_resolved_orders} and {@code _resolved_refs}).
   */
  static String resolved(String p, String view) {
    return String.join("\n",
        "  SELECT o.platform, o.order_id, to_date(o.order_ts) AS day, s.company_id AS seller_id,",
        "    b.company_id AS buyer_id,",
        // A buyer account the identity map does not know still is one buyer, not none.
        "    coalesce(b.company_id, concat(o.platform, '@', o.buyer_account)) AS buyer_key,",
        "    o.status, CASE WHEN " + KEPT + " THEN coalesce(o.amount_usd, 0) ELSE 0 END AS kept_usd",
        "  FROM " + view + " o",
        "  LEFT JOIN " + p + "_accounts s ON s.platform = o.platform AND s.account_id = o.seller_account",
        "  LEFT JOIN " + p + "_accounts b ON b.platform = o.platform AND b.account_id = o.buyer_account");
  }

  private static String row(String company, String day, String buyer, String country, Map<String, String> values,
      String from, String where, String sign) {
    String sums = SUMS.entrySet().stream()
        .map(e -> "CAST(" + values.getOrDefault(e.getKey(), "0") + " AS " + e.getValue()[0] + ") AS " + e.getKey())
        .collect(Collectors.joining(", "));
    String shipments = "NULL".equals(country) ? "0" : sign + "1";
    return "SELECT " + company + " AS company_id, " + day + " AS day, " + buyer + " AS buyer_key, CAST(" + country
        + " AS STRING) AS country, CAST(" + shipments + " AS BIGINT) AS shipments, " + sums + "\nFROM " + from
        + " WHERE " + where;
  }

  /**
   * Daily partials from contribution rows (view {@code contributions}): sums per (company, day), buyers and
   * countries as maps sorted by key. Entries whose contributions cancel out are left out, so a delta holds only
   * what changed and a full computation holds only what exists.
   */
  static String partials(String contributions) {
    String sums = SUMS.keySet().stream().map(c -> "sum(" + c + ") AS " + c).collect(Collectors.joining(", "));
    String total = SUMS.entrySet().stream()
        .map(e -> "CAST(sum(" + e.getKey() + ") AS " + e.getValue()[0] + ") AS " + e.getKey())
        .collect(Collectors.joining(",\n  "));
    return String.join("\n",
        "WITH fine AS (",
        "  SELECT company_id, day, buyer_key, country, sum(shipments) AS shipments, " + sums,
        "  FROM " + contributions + " GROUP BY company_id, day, buyer_key, country)",
        "SELECT company_id, day,",
        "  " + total + ",",
        "  map_from_entries(array_sort(collect_list(CASE WHEN buyer_key IS NOT NULL AND (s_orders != 0 OR "
            + "s_kept_usd != 0) THEN struct(buyer_key, named_struct('orders', s_orders, 'usd', CAST(s_kept_usd AS "
            + USD + "))) END))) AS buyers,",
        "  map_from_entries(array_sort(collect_list(CASE WHEN country IS NOT NULL AND shipments != 0 THEN "
            + "struct(country, CAST(shipments AS BIGINT)) END))) AS countries",
        "FROM fine GROUP BY company_id, day");
  }
}
