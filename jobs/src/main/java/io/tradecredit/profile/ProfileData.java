package io.tradecredit.profile;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.lake.Tables;
import io.tradecredit.report.Html;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What one company's profile shows, read from the published tables of one date: the published score row (whole,
 * for its digest), the evidence behind it from {@code credit.company_features}, its score history up to the date,
 * and the countries it traded with.
 *
 * @param published the company's row of credit.company_score_history for the date
 * @param features its row of credit.company_features for the date (the columns of {@link #FEATURES}); null if none
 * @param history its published scores up to the date, oldest first, at most {@link #HISTORY_POINTS}
 * @param countries ISO codes of the countries it traded with in the 365 days up to the date
 */
public record ProfileData(Row published, Row features, List<Point> history, List<String> countries) {
  /** Published dates shown in the history chart, the latest ones. */
  public static final int HISTORY_POINTS = 36;

  /** The features the evidence bands are drawn from. */
  static final List<String> FEATURES = List.of("seller_orders_365d", "buyer_orders_365d", "seller_volume_usd_365d",
      "buyer_volume_usd_365d", "seller_on_time_delivery_share_365d", "buyer_on_time_payment_share_365d",
      "seller_disputes_lost_per_100_orders_365d", "buyer_non_payment_disputes_lost_365d",
      "months_since_first_activity", "company_age_years", "registry_status");

  /** One published date of the company. */
  public record Point(LocalDate date, int score, String grade) {}

  public String companyId() {
    return published.getAs("company_id");
  }

  public LocalDate asOf() {
    return ((java.sql.Date) published.getAs("as_of_date")).toLocalDate();
  }

  public String runId() {
    return published.getAs("run_id");
  }

  public String digest() {
    return PublishedRow.digest(published);
  }

  /** The latest published date, or null when nothing is published. */
  public static LocalDate latestDate(SparkSession spark) {
    Row r = spark.table(Tables.COMPANY_SCORE_HISTORY.qualified()).agg(max("as_of_date")).first();
    return r.isNullAt(0) ? null : r.getDate(0).toLocalDate();
  }

  /**
   * One row per company published on {@code date} (only those of {@code companies} unless it is null): columns
   * {@code published}, {@code features}, {@code history}, {@code countries}, read as {@link #of}. One plan, so that a
   * batch reads the lake once.
   *
   * @param spark a session with the credit (and, for the countries, gold) tables registered
   */
  public static Dataset<Row> query(SparkSession spark, LocalDate date, Collection<String> companies) {
    Column day = lit(java.sql.Date.valueOf(date));
    Dataset<Row> history = spark.table(Tables.COMPANY_SCORE_HISTORY.qualified());
    Dataset<Row> published = only(history.where(col("as_of_date").equalTo(day)), "company_id", companies);
    Dataset<Row> points = only(history.where(col("as_of_date").leq(day)), "company_id", companies)
        .groupBy("company_id")
        .agg(slice(sort_array(collect_list(struct(col("as_of_date"), col("score"), col("grade"))), false), 1,
            HISTORY_POINTS).as("history"));
    Dataset<Row> rows = published.select(col("company_id"), struct(Arrays.stream(published.columns())
            .map(c -> col(c)).toArray(Column[]::new)).as("published"))
        .join(points, "company_id", "left")
        .join(features(spark, day, companies), "company_id", "left")
        .join(countries(spark, date, companies), "company_id", "left");
    return rows;
  }

  private static Dataset<Row> features(SparkSession spark, Column day, Collection<String> companies) {
    Dataset<Row> f = spark.table(Tables.COMPANY_FEATURES.qualified()).where(col("as_of_date").equalTo(day));
    List<String> have = Arrays.asList(f.columns());
    Column[] columns = FEATURES.stream().map(c -> have.contains(c)
            ? (c.equals("registry_status") ? col(c) : col(c).cast("double")).as(c)
            : lit(null).cast(c.equals("registry_status") ? "string" : "double").as(c))
        .toArray(Column[]::new);
    return only(f, "company_id", companies).select(col("company_id"), struct(columns).as("features"));
  }

  /**
   * The countries of the company's trade in the 365 days up to D, from the daily partials: destinations of its
   * shipments, the registry countries of its buyers, and those of the sellers it bought from. Counterparties
   * themselves never leave this method, only their countries.
   */
  private static Dataset<Row> countries(SparkSession spark, LocalDate date, Collection<String> companies) {
    String activity = Tables.COMPANY_ACTIVITY_DAILY.qualified();
    if (!spark.catalog().tableExists(activity)) {
      return spark.emptyDataFrame().select(lit(null).cast("string").as("company_id"),
          lit(null).cast("array<string>").as("countries"));
    }
    Dataset<Row> days = spark.table(activity).where(col("day").between(lit(java.sql.Date.valueOf(date.minusDays(364))),
        lit(java.sql.Date.valueOf(date))));
    Column resolved = col("company_id").rlike("^[A-Z]{2}:");
    Dataset<Row> destinations = only(days, "company_id", companies)
        .select(col("company_id"), explode(map_keys(col("countries"))).as("country"));
    Dataset<Row> buyers = days.select(col("company_id"), explode(map_keys(col("buyers"))).as("buyer"));
    Dataset<Row> ofBuyers = only(buyers, "company_id", companies).where(col("buyer").rlike("^[A-Z]{2}:"))
        .select(col("company_id"), substring(col("buyer"), 1, 2).as("country"));
    Dataset<Row> ofSellers = only(buyers.where(resolved), "buyer", companies)
        .select(col("buyer").as("company_id"), substring(col("company_id"), 1, 2).as("country"));
    return destinations.union(ofBuyers).union(ofSellers).where(col("country").rlike("^[A-Z]{2}$"))
        .groupBy("company_id").agg(array_sort(collect_set(col("country"))).as("countries"));
  }

  private static Dataset<Row> only(Dataset<Row> rows, String column, Collection<String> companies) {
    return companies == null ? rows : rows.where(col(column).isin(companies.toArray()));
  }

  /** A row of {@link #query}. */
  public static ProfileData of(Row row) {
    List<Point> points = new ArrayList<>();
    int h = row.fieldIndex("history");
    List<Row> history = row.isNullAt(h) ? List.of() : row.<Row>getList(h);
    for (Row p : history) {
      points.add(0, new Point(p.getDate(0).toLocalDate(), p.getInt(1), p.getString(2)));
    }
    int c = row.fieldIndex("countries");
    List<String> countries = row.isNullAt(c) ? List.of() : List.copyOf(row.<String>getList(c));
    int f = row.fieldIndex("features");
    return new ProfileData(row.getStruct(row.fieldIndex("published")), row.isNullAt(f) ? null : row.getStruct(f),
        List.copyOf(points), countries);
  }

  /**
   * What the profile states, by field name, as the page shows it: the published row's values, the evidence bands
   * and the history. {@code verify} computes the same from the lake and compares; the countries are left out (the
   * partials they come from can learn of late trade after the date, so they are not a published fact).
   */
  public Map<String, String> fields() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("legal_name", text("legal_name", "not on record"));
    f.put("company_id", companyId());
    String country = published.getAs("registry_country");
    f.put("registry_country", country == null ? "not resolved" : countryName(country) + " (" + country + ")");
    f.put("registration_number", text("registration_number", "none"));
    f.put("match_method", matchMethod(has("match_method") ? published.getAs("match_method") : null));
    f.put("match_confidence", has("match_confidence") && published.getAs("match_confidence") != null
        ? Html.fixed(published.<Double>getAs("match_confidence"), 2) : "not known");
    f.put("as_of_date", asOf().toString());
    f.put("score", String.valueOf(published.<Integer>getAs("score")));
    f.put("grade", text("grade", ""));
    f.put("pd_12m", Html.percent(published.<Double>getAs("pd_12m"), 2));
    f.put("confidence", text("confidence", ""));
    Integer prev = published.getAs("prev_score");
    f.put("prev_score", prev == null ? "none (first publication)" : prev.toString());
    int at = published.fieldIndex("reasons");
    List<Row> reasons = published.isNullAt(at) ? List.of() : published.<Row>getList(at);
    for (int i = 0; i < reasons.size(); i++) {
      Row r = reasons.get(i);
      f.put("reasons." + (i + 1), r.getAs("text") + " (" + r.<Integer>getAs("points") + " points)");
    }
    for (String risk : List.of("fulfilment", "payment")) {
      if (has(risk + "_score") && published.getAs(risk + "_score") != null) {
        f.put(risk, published.getAs(risk + "_grade") + ", score " + published.getAs(risk + "_score") + ", "
            + published.getAs(risk + "_confidence") + " confidence");
      }
    }
    f.put("model_version", text("model_version", ""));
    f.put("run_id", runId());
    evidence(f);
    for (Point p : history) {
      f.put("history." + p.date(), p.score() + " " + p.grade());
    }
    return f;
  }

  private void evidence(Map<String, String> f) {
    String none = "not published";
    f.put("evidence.orders_as_seller", features == null ? none : EvidenceBands.orders(d("seller_orders_365d")));
    f.put("evidence.orders_as_buyer", features == null ? none : EvidenceBands.orders(d("buyer_orders_365d")));
    f.put("evidence.volume_as_seller", features == null ? none : EvidenceBands.volume(d("seller_volume_usd_365d")));
    f.put("evidence.volume_as_buyer", features == null ? none : EvidenceBands.volume(d("buyer_volume_usd_365d")));
    f.put("evidence.on_time_delivery", features == null ? none
        : EvidenceBands.share(d("seller_on_time_delivery_share_365d"), "no deliveries on record"));
    f.put("evidence.on_time_payment", features == null ? none
        : EvidenceBands.share(d("buyer_on_time_payment_share_365d"), "no payments due on record"));
    f.put("evidence.disputes_as_seller", features == null ? none
        : EvidenceBands.disputesPer100(d("seller_disputes_lost_per_100_orders_365d"), "no orders as seller"));
    f.put("evidence.disputes_as_buyer", features == null ? none
        : EvidenceBands.disputes(d("buyer_non_payment_disputes_lost_365d")));
    f.put("evidence.months_active", features == null ? none : EvidenceBands.months(d("months_since_first_activity")));
    f.put("evidence.company_age", features == null ? none : EvidenceBands.age(d("company_age_years")));
    f.put("evidence.registry_status", features == null || features.getAs("registry_status") == null
        ? "not on record" : features.getAs("registry_status"));
  }

  private Double d(String feature) {
    return features.getAs(feature);
  }

  private boolean has(String column) {
    return Arrays.asList(published.schema().fieldNames()).contains(column);
  }

  private String text(String column, String none) {
    String v = published.getAs(column);
    return v == null ? none : v;
  }

  static String countryName(String code) {
    String name = new Locale("", code).getDisplayCountry(Locale.ENGLISH);
    return name.isEmpty() || name.equals(code) ? code : name;
  }

  private static String matchMethod(String method) {
    if (method == null) {
      return "not known";
    }
    return switch (method) {
      case "REGISTRATION_NUMBER" -> "by registration number";
      case "NAME_COUNTRY" -> "by name and country";
      case "UNRESOLVED" -> "not tied to a registry record";
      default -> method;
    };
  }
}
