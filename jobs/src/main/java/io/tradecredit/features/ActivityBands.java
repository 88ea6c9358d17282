package io.tradecredit.features;

import static org.apache.spark.sql.functions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradecredit.conform.SilverColumns;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code gold.company_activity_bands}: per company, the daily partials as of a night summed over each band of days
 * ending at it (the night itself, the 29 days before, then back to 90, 180 and 365 days, and everything older),
 * with the counterparties of the bands within the longest window. Every window feature is a sum over the bands
 * within it, so the features read a few rows per company instead of every partial of its history.
 *
 * <p>A night moves the bands from N to N' without reading the history ({@link #moved}): what it changed in the
 * partials is added to the band its day lies in as of N, and the few days that cross a band's edge between N and N'
 * are read from the partials again and moved to their band as of N'; a band neither touches is carried over as it is.
 * Exact, as the partials are: integer and DECIMAL sums, maps added entry by entry. A full computation
 * ({@link #computed}) gives the same rows; it is used whenever the table does not stand for the partials as they are.
 */
final class ActivityBands {
  /** The bands' reaches: the shortest window ending at the night that holds their days; null is older than all. */
  static final List<Integer> REACHES = reaches();
  /** Nights further apart than this compute the bands again: each day between moves a day over every edge. */
  static final int MAX_STEP = 31;

  private static final String NIGHT = "night";
  private static final String VERSION = "partials_version";

  /** The night the table stands for and the version of the partials it was made from. */
  record Stamp(LocalDate night, long partialsVersion) {}

  private ActivityBands() {}

  private static List<Integer> reaches() {
    TreeSet<Integer> r = new TreeSet<>(FeatureCatalog.WINDOWS);
    r.addAll(List.of(1, 90, 180));
    return List.copyOf(r);
  }

  /** SQL: the reach of {@code day} as of {@code night} (null before the longest window); for days up to it. */
  static String reach(LocalDate night, String day) {
    return "CASE " + REACHES.stream().map(l -> "WHEN " + day + " >= DATE'" + night.minusDays(l - 1L) + "' THEN " + l)
        .collect(Collectors.joining(" ")) + " END";
  }

  /** The column descriptions, written as column comments. */
  static Map<String, String> docs() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("company_id", "registry_country:registration_number of the company");
    d.put("reach", "the band: its days are within this many days of the night and not within the next shorter "
        + "window (1: the night itself; 30; 90; 180; 365); null: days before the 365-day window");
    ActivitySql.SUMS.forEach((name, typeAndDoc) -> d.put(name, "sum over the band's days: " + typeAndDoc[1]));
    d.put("buyers", "over the band's days (empty before the 365-day window): " + ActivitySql.BUYERS_DOC);
    d.put("countries", "over the band's days (empty before the 365-day window): " + ActivitySql.COUNTRIES_DOC);
    d.put("first_order_day", "the company's first day with an order (as seller or buyer) by the night, the same "
        + "on each of its rows");
    return d;
  }

  /** The table's stamp, or null without a table or when its last write was not a night's. */
  static Stamp stamp(Lake lake) {
    JsonNode m = ActivityDaily.stampOf(lake, Tables.COMPANY_ACTIVITY_BANDS);
    if (m == null || !m.has(NIGHT) || !m.has(VERSION)) {
      return null;
    }
    try {
      return new Stamp(LocalDate.parse(m.get(NIGHT).asText()), m.get(VERSION).asLong());
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Whether the table stands for the partials as they are now, current to {@code night}. */
  static boolean standsFor(Lake lake, LocalDate night) {
    Stamp s = stamp(lake);
    return s != null && s.night().equals(night) && s.partialsVersion() == lake.version(Tables.COMPANY_ACTIVITY_DAILY);
  }

  /** Replaces the table with {@code bands} as of {@code night}, made from the partials as they are now. */
  static Dataset<Row> write(Lake lake, LocalDate night, Dataset<Row> bands) {
    String stamp = "{\"" + NIGHT + "\":\"" + night + "\",\"" + VERSION + "\":"
        + lake.version(Tables.COMPANY_ACTIVITY_DAILY) + "}";
    // Unsorted: the features read every band, so no layout would let them skip a file.
    lake.overwrite(Tables.COMPANY_ACTIVITY_BANDS, SilverColumns.documented(bands, docs()), stamp);
    return lake.read(Tables.COMPANY_ACTIVITY_BANDS);
  }

  /** The bands as of {@code night} from every partial. */
  static Dataset<Row> computed(Dataset<Row> partials, LocalDate night) {
    SparkSession spark = partials.sparkSession();
    partials.createOrReplaceTempView("bands_partials");
    spark.sql(signed("bands_partials", night)).createOrReplaceTempView("bands_signed");
    spark.sql(summed("bands_signed", false)).createOrReplaceTempView("bands_summed");
    return spark.sql("SELECT " + String.join(", ", columns()) + ", min(fod) OVER (PARTITION BY company_id) AS "
        + "first_order_day FROM bands_summed");
  }

  /** The table's columns but the first order day. */
  private static List<String> columns() {
    List<String> columns = new ArrayList<>(List.of("company_id", "reach"));
    columns.addAll(ActivitySql.SUMS.keySet());
    columns.addAll(List.of("buyers", "countries"));
    return columns;
  }

  /**
   * The bands as of {@code to} from those as of {@code from} ({@code old}), the night's change of the partials
   * ({@code delta}: new minus old per company and day) and the partials after it ({@code partials}).
   *
   * @param lostFirstDays companies whose first order day as of {@code from} lost orders in the night, with their
   *     first order day in the partials after it (null without one): the bands' own day is then replaced
   */
  static Dataset<Row> moved(Dataset<Row> old, Dataset<Row> delta, Dataset<Row> partials, LocalDate from, LocalDate to,
      Dataset<Row> lostFirstDays) {
    SparkSession spark = old.sparkSession();
    Dataset<Row> oldWithDay = lostFirstDays == null ? old.withColumn("fod", col("first_order_day"))
        : old.join(lostFirstDays.withColumnRenamed("first_order_day", "fixed_day"), "company_id", "left")
            .withColumn("fod", when(col("fixed_day").isNull(), col("first_order_day")).otherwise(col("fixed_day")))
            .drop("fixed_day");
    oldWithDay.createOrReplaceTempView("bands_old");
    delta.createOrReplaceTempView("bands_delta");
    partials.where(col("day").isin(crossing(from, to).stream().map(java.sql.Date::valueOf).toArray()))
        .createOrReplaceTempView("bands_crossing");
    // The night's change, where its days lay as of N (the bands then hold the partials as they are now), and the
    // days that crossed an edge.
    spark.sql(signed("bands_delta", from) + "\nUNION ALL\n" + crossed(from, to))
        .createOrReplaceTempView("bands_changes");
    // Only the bands a change falls in are rewritten; the others (most of a long history's) are carried over as
    // they are, never shuffled: the bands touched, at most a row per company, are broadcast to them (0 stands for
    // the band before the longest window).
    spark.sql("SELECT /*+ BROADCAST(t) */ o.*, coalesce(array_contains(t.reaches, coalesce(o.reach, 0)), false) "
        + "AS touched FROM bands_old o LEFT JOIN (SELECT company_id, collect_set(coalesce(reach, 0)) AS reaches "
        + "FROM bands_changes GROUP BY company_id) t ON o.company_id = t.company_id")
        .createOrReplaceTempView("bands_flagged");
    String columns = String.join(", ", columns());
    // The changes are summed per band, then added to the bands they touch as a whole: the old bands' maps (a
    // year's counterparties) are added entry by entry, not taken apart and summed again.
    spark.sql(summed("bands_changes", true)).createOrReplaceTempView("bands_change");
    spark.sql(added()).createOrReplaceTempView("bands_added");
    // The first order day over the old bands and every change: each non-null day in them has orders now (the
    // old day was looked up again where it lost them), so the least is the company's, whichever bands stay.
    return spark.sql("SELECT /*+ BROADCAST(f) */ b.*, f.first_order_day FROM ("
        + "SELECT " + columns + " FROM bands_added UNION ALL SELECT " + columns + " FROM bands_flagged "
        + "WHERE NOT touched) b JOIN (SELECT company_id, min(fod) AS first_order_day FROM ("
        + "SELECT company_id, fod FROM bands_old UNION ALL SELECT company_id, fod FROM bands_changes) "
        + "GROUP BY company_id) f ON b.company_id = f.company_id");
  }

  /** The touched old bands ({@code bands_flagged}) plus their change ({@code bands_change}); empty bands go. */
  private static String added() {
    StringBuilder sql = new StringBuilder("SELECT coalesce(o.company_id, c.company_id) AS company_id, "
        + "coalesce(o.reach, c.reach) AS reach");
    ActivitySql.SUMS.forEach((name, typeAndDoc) -> sql.append(", CAST(coalesce(o.").append(name)
        .append(", 0) + coalesce(c.").append(name).append(", 0) AS ").append(typeAndDoc[0]).append(") AS ")
        .append(name));
    // Sorted by key, as the computed bands' maps are.
    sql.append(", map_from_entries(array_sort(map_entries(" + ActivitySql.addedBuyers(side("o", "c", "buyers"),
        side("c", "o", "buyers")) + "))) AS buyers");
    sql.append(", map_from_entries(array_sort(map_entries(" + ActivitySql.addedCountries(side("o", "c",
        "countries"), side("c", "o", "countries")) + "))) AS countries");
    sql.append(" FROM (SELECT * FROM bands_flagged WHERE touched) o FULL OUTER JOIN bands_change c "
        + "ON o.company_id = c.company_id AND o.reach <=> c.reach");
    return "SELECT * FROM (" + sql + ") WHERE " + nonEmpty();
  }

  /** Side {@code a}'s map {@code column}, or an empty one of its type when {@code a} has no row (side b has). */
  private static String side(String a, String b, String column) {
    return "coalesce(" + a + "." + column + ", map_filter(" + b + "." + column + ", (k, v) -> false))";
  }

  /** A band that holds anything: a count, a counterparty or a destination. */
  private static String nonEmpty() {
    return ActivitySql.UNITS.stream().map(c -> c + " != 0").collect(Collectors.joining(" OR "))
        + " OR size(buyers) > 0 OR size(countries) > 0";
  }

  /**
   * The days that crossed an edge, read once: each out of its band as of N (days up to N) and into its band as of
   * N'.
   */
  private static String crossed(LocalDate from, LocalDate to) {
    String sums = String.join(", ", ActivitySql.SUMS.keySet());
    return "SELECT company_id, m.reach, " + sums + ", buyers, countries, m.fod, m.sign FROM bands_crossing "
        + "LATERAL VIEW inline(array("
        + "named_struct('reach', " + reach(from, "day") + ", 'fod', CAST(NULL AS DATE), 'sign', -1), "
        + "named_struct('reach', " + reach(to, "day") + ", 'fod', " + orderDay() + ", 'sign', 1))) m "
        + "WHERE m.sign > 0 OR day <= DATE'" + from + "'";
  }

  /** The first order day a partial (or a positive change) stands for: its day, when it has orders. */
  private static String orderDay() {
    return "CASE WHEN s_orders > 0 OR b_orders > 0 THEN day END";
  }

  /** Rows of partials up to {@code night} with their reach as of it, to be added. */
  private static String signed(String view, LocalDate night) {
    String sums = String.join(", ", ActivitySql.SUMS.keySet());
    return "SELECT company_id, " + reach(night, "day") + " AS reach, " + sums + ", buyers, countries, " + orderDay()
        + " AS fod, 1 AS sign FROM " + view + " WHERE day <= DATE'" + night + "'";
  }

  /**
   * The days whose reach as of {@code to} differs from that as of {@code from}: the days after {@code from}, and
   * for each band edge the days that passed it.
   */
  static List<LocalDate> crossing(LocalDate from, LocalDate to) {
    TreeSet<LocalDate> days = new TreeSet<>();
    for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
      for (int edge : REACHES) {
        days.add(d.minusDays(edge));
      }
      days.add(d);
    }
    return List.copyOf(days);
  }

  /**
   * Sums signed rows ({@code company_id, reach, sums, buyers, countries, fod, sign}) per company and band, the maps
   * entry by entry (bands before the longest window keep no counterparties); bands left with nothing go unless
   * {@code empty} keeps them (a change of DECIMAL sums alone). Each row is read once: its sums and its map entries
   * come out of it as one array of entries.
   */
  private static String summed(String view, boolean empty) {
    String usd = ActivitySql.USD;
    String fine = ActivitySql.SUMS.keySet().stream().map(c -> "sum(" + c + ") AS " + c)
        .collect(Collectors.joining(", "));
    String total = ActivitySql.SUMS.entrySet().stream()
        .map(e -> "CAST(sum(" + e.getKey() + ") AS " + e.getValue()[0] + ") AS " + e.getKey())
        .collect(Collectors.joining(",\n    "));
    Map<String, String> own = new LinkedHashMap<>();
    ActivitySql.SUMS.keySet().forEach(c -> own.put(c, "CASE WHEN sign < 0 THEN -" + c + " ELSE " + c + " END"));
    String entries = "concat(array(" + entry("NULL", "NULL", own, "0", "0", "0", "fod") + "), "
        + "CASE WHEN reach IS NULL THEN array() ELSE concat("
        + "transform(map_entries(buyers), x -> " + entry("x.key", "NULL", Map.of(), "sign * x.value.orders",
            "CASE WHEN sign < 0 THEN -x.value.usd ELSE x.value.usd END", "0", "NULL") + "), "
        + "transform(map_entries(countries), x -> " + entry("NULL", "x.key", Map.of(), "0", "0", "sign * x.value",
            "NULL") + ")) END)";
    return String.join("\n",
        "WITH fine AS (",
        "  SELECT company_id, reach, e.buyer, e.country, " + fine.replace("sum(", "sum(e.") + ",",
        "    sum(e.e_orders) AS e_orders, sum(e.e_usd) AS e_usd, sum(e.shipments) AS shipments, min(e.fod) AS fod",
        "  FROM " + view + " LATERAL VIEW inline(" + entries + ") e",
        "  GROUP BY company_id, reach, e.buyer, e.country),",
        "bands AS (",
        "  SELECT company_id, reach,",
        "    " + total + ",",
        "    map_from_entries(array_sort(collect_list(CASE WHEN buyer IS NOT NULL AND (e_orders != 0 OR e_usd != 0) "
            + "THEN struct(buyer, named_struct('orders', e_orders, 'usd', CAST(e_usd AS " + usd + "))) END))) "
            + "AS buyers,",
        "    map_from_entries(array_sort(collect_list(CASE WHEN country IS NOT NULL AND shipments != 0 THEN "
            + "struct(country, shipments) END))) AS countries,",
        "    min(fod) AS fod",
        "  FROM fine GROUP BY company_id, reach)",
        "SELECT * FROM bands" + (empty ? "" : " WHERE " + nonEmpty()));
  }

  /**
   * One entry of a row: a counterparty (buyer or country, else both null) or the row's own sums, every field cast
   * to its type so that the arrays of a row's entries concatenate.
   */
  private static String entry(String buyer, String country, Map<String, String> sums, String orders, String usd,
      String shipments, String fod) {
    StringBuilder s = new StringBuilder("named_struct('buyer', CAST(" + buyer + " AS STRING), 'country', CAST("
        + country + " AS STRING)");
    ActivitySql.SUMS.forEach((c, typeAndDoc) -> s.append(", '").append(c).append("', CAST(")
        .append(sums.getOrDefault(c, "0")).append(" AS ").append(typeAndDoc[0]).append(")"));
    return s.append(", 'e_orders', CAST(").append(orders).append(" AS BIGINT), 'e_usd', CAST(").append(usd)
        .append(" AS ").append(ActivitySql.USD).append("), 'shipments', CAST(").append(shipments)
        .append(" AS BIGINT), 'fod', CAST(").append(fod).append(" AS DATE))").toString();
  }
}
