package io.tradecredit.features;

import static org.apache.spark.sql.functions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * are read from the partials again and moved to their band as of N'. Exact, as the partials are: integer and DECIMAL
 * sums, maps added entry by entry. A full computation ({@link #computed}) gives the same rows; it is used whenever
 * the table does not stand for the partials as they are.
 */
final class ActivityBands {
  /** The bands' reaches: the shortest window ending at the night that holds their days; null is older than all. */
  static final List<Integer> REACHES = reaches();
  /** Nights further apart than this compute the bands again: each day between moves a day over every edge. */
  static final int MAX_STEP = 31;

  private static final ObjectMapper JSON = new ObjectMapper();
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
    String stamp = lake.stamp(Tables.COMPANY_ACTIVITY_BANDS);
    if (stamp == null) {
      return null;
    }
    try {
      JsonNode m = JSON.readTree(stamp);
      return m.has(NIGHT) && m.has(VERSION)
          ? new Stamp(LocalDate.parse(m.get(NIGHT).asText()), m.get(VERSION).asLong()) : null;
    } catch (java.io.IOException | RuntimeException e) {
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
    spark.sql(signed("bands_partials", night, "", orderDay(), night)).createOrReplaceTempView("bands_signed");
    return spark.sql(summed("bands_signed"));
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
    List<String> columns = new ArrayList<>(List.of("company_id", "reach"));
    columns.addAll(ActivitySql.SUMS.keySet());
    columns.addAll(List.of("buyers", "countries", "fod"));
    String sql = String.join("\nUNION ALL\n",
        "SELECT " + String.join(", ", columns) + ", 1 AS sign FROM bands_old",
        // The night's change, where its days lay as of N: the bands then hold the partials as they are now.
        signed("bands_delta", from, "", orderDay(), from),
        // The days that crossed an edge: out of their band as of N, into their band as of N'.
        signed("bands_crossing", from, "-", "CAST(NULL AS DATE)", from),
        signed("bands_crossing", to, "", orderDay(), to));
    spark.sql(sql).createOrReplaceTempView("bands_signed");
    return spark.sql(summed("bands_signed"));
  }

  /** The first order day a partial (or a positive change) stands for: its day, when it has orders. */
  private static String orderDay() {
    return "CASE WHEN s_orders > 0 OR b_orders > 0 THEN day END";
  }

  /** Rows of partials up to {@code upTo} with their reach as of {@code night}, negated when {@code minus}. */
  private static String signed(String view, LocalDate night, String minus, String fod, LocalDate upTo) {
    String sums = String.join(", ", ActivitySql.SUMS.keySet());
    return "SELECT company_id, " + reach(night, "day") + " AS reach, " + sums + ", buyers, countries, " + fod
        + " AS fod, " + minus + "1 AS sign FROM " + view + " WHERE day <= DATE'" + upTo + "'";
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
   * entry by entry (bands before the longest window keep no counterparties); bands left with nothing go.
   */
  private static String summed(String view) {
    String usd = ActivitySql.USD;
    String zeros = ActivitySql.SUMS.keySet().stream().map(c -> "0 AS " + c).collect(Collectors.joining(", "));
    String values = ActivitySql.SUMS.keySet().stream().map(c -> "CASE WHEN sign < 0 THEN -" + c + " ELSE " + c
        + " END AS " + c).collect(Collectors.joining(", "));
    String fine = ActivitySql.SUMS.keySet().stream().map(c -> "sum(" + c + ") AS " + c)
        .collect(Collectors.joining(", "));
    String total = ActivitySql.SUMS.entrySet().stream()
        .map(e -> "CAST(sum(" + e.getKey() + ") AS " + e.getValue()[0] + ") AS " + e.getKey())
        .collect(Collectors.joining(",\n    "));
    String kept = ActivitySql.UNITS.stream().map(c -> c + " != 0").collect(Collectors.joining(" OR "));
    return String.join("\n",
        "WITH entries AS (",
        "  SELECT company_id, reach, CAST(NULL AS STRING) AS buyer, CAST(NULL AS STRING) AS country, " + values
            + ", CAST(0 AS BIGINT) AS e_orders, CAST(0 AS " + usd + ") AS e_usd, CAST(0 AS BIGINT) AS shipments, fod",
        "  FROM " + view,
        "  UNION ALL",
        "  SELECT company_id, reach, buyer, NULL, " + zeros + ", sign * p.orders, CAST(CASE WHEN sign < 0 THEN -p.usd "
            + "ELSE p.usd END AS " + usd + "), 0, NULL",
        "  FROM " + view + " LATERAL VIEW explode(buyers) b AS buyer, p WHERE reach IS NOT NULL",
        "  UNION ALL",
        "  SELECT company_id, reach, NULL, country, " + zeros + ", 0, 0, sign * n, NULL",
        "  FROM " + view + " LATERAL VIEW explode(countries) c AS country, n WHERE reach IS NOT NULL),",
        "fine AS (",
        "  SELECT company_id, reach, buyer, country, " + fine + ", sum(e_orders) AS e_orders, sum(e_usd) AS e_usd,",
        "    sum(shipments) AS shipments, min(fod) AS fod",
        "  FROM entries GROUP BY company_id, reach, buyer, country),",
        "bands AS (",
        "  SELECT company_id, reach,",
        "    " + total + ",",
        "    map_from_entries(array_sort(collect_list(CASE WHEN buyer IS NOT NULL AND (e_orders != 0 OR e_usd != 0) "
            + "THEN struct(buyer, named_struct('orders', CAST(e_orders AS BIGINT), 'usd', CAST(e_usd AS " + usd
            + "))) END))) AS buyers,",
        "    map_from_entries(array_sort(collect_list(CASE WHEN country IS NOT NULL AND shipments != 0 THEN "
            + "struct(country, CAST(shipments AS BIGINT)) END))) AS countries,",
        "    min(fod) AS fod",
        "  FROM fine GROUP BY company_id, reach),",
        "kept AS (SELECT * FROM bands WHERE " + kept + " OR size(buyers) > 0 OR size(countries) > 0)",
        "SELECT company_id, reach, " + String.join(", ", ActivitySql.SUMS.keySet()) + ", buyers, countries,",
        "  min(fod) OVER (PARTITION BY company_id) AS first_order_day",
        "FROM kept");
  }
}
