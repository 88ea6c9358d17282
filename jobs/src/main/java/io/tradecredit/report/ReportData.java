package io.tradecredit.report;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.lake.Tables;
import io.tradecredit.publish.ScorePsi;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the monitoring page shows, aggregated by Spark from the published and operational tables and collected as
 * small summaries: per published date, per country and platform, per publication attempt, per night and stage, per
 * feed and rule. A table the lake does not have yet gives an empty section.
 *
 * @param dates the latest published dates, oldest first
 * @param countries drift per registry country between the last two dates
 * @param platforms drift per platform (a company counted on each platform it has an account on)
 * @param migration companies by grade on the previous date and grade on the latest
 * @param attempts every publication attempt, oldest first
 * @param stages the stages of the latest nights, oldest first
 * @param quarantine rows quarantined by feed and rule, most first
 */
public record ReportData(List<DateSummary> dates, List<Drift> countries, List<Drift> platforms,
    Map<String, Map<String, Long>> migration, List<Attempt> attempts, List<StageTime> stages,
    List<Quarantined> quarantine) {

  public static final List<String> GRADES = List.of("AAA", "AA", "A", "BBB", "BB", "B", "CCC", "CC", "C");
  /** The group of companies without a registry country (unresolved accounts). */
  static final String UNRESOLVED = "(unresolved)";

  /** One published date: rows, companies per grade, per score bin, LOW confidence, the sum of scores. */
  public record DateSummary(LocalDate date, long rows, Map<String, Long> grades, long[] bins, long low, long scoreSum) {
    public double lowShare() {
      return rows == 0 ? 0 : low / (double) rows;
    }

    public double meanScore() {
      return rows == 0 ? Double.NaN : scoreSum / (double) rows;
    }
  }

  /** A group of companies on the last two dates: how many, their LOW share on each, the PSI between them. */
  public record Drift(String group, long rows, long previousRows, double lowShare, double previousLowShare,
      double psi) {}

  /** One check of one attempt. */
  public record CheckResult(String name, Double value, String threshold, String verdict) {}

  /** One row of credit.publish_log. */
  public record Attempt(String runId, LocalDate date, boolean published, Long rows, Double psi, String forced,
      String message, java.sql.Timestamp startedAt, java.sql.Timestamp finishedAt, List<CheckResult> checks) {}

  /** One stage of one night run (ops.nightly_log). */
  public record StageTime(String runId, LocalDate night, String stage, double seconds, String status) {}

  public record Quarantined(String feed, String rule, long rows) {}

  /**
   * @param spark a session with the credit, ops and silver tables registered
   * @param maxDates how many of the latest published dates (and nights) the page covers
   */
  public static ReportData read(SparkSession spark, int maxDates) {
    List<DateSummary> dates = new ArrayList<>();
    List<Drift> countries = List.of();
    List<Drift> platforms = List.of();
    Map<String, Map<String, Long>> migration = new TreeMap<>();
    String historyName = Tables.COMPANY_SCORE_HISTORY.qualified();
    if (exists(spark, historyName)) {
      Dataset<Row> history = spark.table(historyName);
      List<LocalDate> latest = history.select("as_of_date").distinct().orderBy(col("as_of_date").desc())
          .limit(maxDates).collectAsList().stream().map(r -> r.getDate(0).toLocalDate()).sorted().toList();
      if (!latest.isEmpty()) {
        dates = dates(history.where(col("as_of_date").geq(lit(java.sql.Date.valueOf(latest.get(0))))));
      }
      if (latest.size() >= 2) {
        Column lastTwo = col("as_of_date").isin(java.sql.Date.valueOf(latest.get(latest.size() - 1)),
            java.sql.Date.valueOf(latest.get(latest.size() - 2)));
        Dataset<Row> two = history.where(lastTwo);
        LocalDate cur = latest.get(latest.size() - 1);
        countries = drift(two.withColumn("grp", coalesce(col("registry_country"), lit(UNRESOLVED))), cur);
        String accounts = Tables.COMPANY_ACCOUNTS.qualified();
        if (exists(spark, accounts)) {
          Dataset<Row> onPlatform = spark.table(accounts).select(col("company_id"), col("platform").as("grp"))
              .distinct();
          platforms = drift(two.join(onPlatform, "company_id"), cur);
        }
        migration = migration(two, cur);
      }
    }
    return new ReportData(dates, countries, platforms, migration, attempts(spark), stages(spark, maxDates),
        quarantine(spark));
  }

  private static boolean exists(SparkSession spark, String table) {
    return spark.catalog().tableExists(table);
  }

  private static List<DateSummary> dates(Dataset<Row> history) {
    Map<LocalDate, Object[]> acc = new TreeMap<>();
    for (Row r : history.groupBy(col("as_of_date"), col("grade"), ScorePsi.bin(col("score")).as("bin"))
        .agg(count(lit(1)), sum(when(col("confidence").equalTo("LOW"), 1).otherwise(0)), sum(col("score")))
        .collectAsList()) {
      Object[] a = acc.computeIfAbsent(r.getDate(0).toLocalDate(),
          d -> new Object[] {new LinkedHashMap<String, Long>(), new long[ScorePsi.BINS], new long[3]});
      @SuppressWarnings("unchecked")
      Map<String, Long> grades = (Map<String, Long>) a[0];
      long n = r.getLong(3);
      grades.merge(r.isNullAt(1) ? "(none)" : r.getString(1), n, Long::sum);
      if (!r.isNullAt(2)) {
        ((long[]) a[1])[r.getInt(2)] += n;
      }
      long[] totals = (long[]) a[2];
      totals[0] += n;
      totals[1] += r.isNullAt(4) ? 0 : r.getLong(4);
      totals[2] += r.isNullAt(5) ? 0 : r.getLong(5);
    }
    List<DateSummary> out = new ArrayList<>();
    acc.forEach((d, a) -> {
      @SuppressWarnings("unchecked")
      Map<String, Long> grades = (Map<String, Long>) a[0];
      long[] t = (long[]) a[2];
      out.add(new DateSummary(d, t[0], grades, (long[]) a[1], t[1], t[2]));
    });
    return out;
  }

  /** Rows with {@code grp}, on the latest date {@code cur} and the one before: per group, one job. */
  private static List<Drift> drift(Dataset<Row> rows, LocalDate cur) {
    Map<String, long[][]> acc = new TreeMap<>();
    java.sql.Date latest = java.sql.Date.valueOf(cur);
    for (Row r : rows.groupBy(col("grp"), col("as_of_date").equalTo(lit(latest)).as("latest"),
            ScorePsi.bin(col("score")).as("bin"))
        .agg(count(lit(1)), sum(when(col("confidence").equalTo("LOW"), 1).otherwise(0))).collectAsList()) {
      // [0] bins of the previous date, [1] of the latest; [2] rows and LOW of the previous, of the latest.
      long[][] a = acc.computeIfAbsent(r.getString(0),
          g -> new long[][] {new long[ScorePsi.BINS], new long[ScorePsi.BINS], new long[4]});
      int side = r.getBoolean(1) ? 1 : 0;
      if (!r.isNullAt(2)) {
        a[side][r.getInt(2)] += r.getLong(3);
      }
      a[2][side * 2] += r.getLong(3);
      a[2][side * 2 + 1] += r.getLong(4);
    }
    List<Drift> out = new ArrayList<>();
    acc.forEach((g, a) -> out.add(new Drift(g, a[2][2], a[2][0], a[2][2] == 0 ? 0 : a[2][3] / (double) a[2][2],
        a[2][0] == 0 ? 0 : a[2][1] / (double) a[2][0],
        a[2][0] == 0 || a[2][2] == 0 ? Double.NaN : ScorePsi.index(a[1], a[0]))));
    out.sort((x, y) -> Double.compare(Double.isNaN(y.psi()) ? -1 : y.psi(), Double.isNaN(x.psi()) ? -1 : x.psi()));
    return out;
  }

  private static Map<String, Map<String, Long>> migration(Dataset<Row> two, LocalDate cur) {
    java.sql.Date latest = java.sql.Date.valueOf(cur);
    Dataset<Row> now = two.where(col("as_of_date").equalTo(lit(latest))).select(col("company_id"), col("grade"));
    Dataset<Row> before = two.where(col("as_of_date").notEqual(lit(latest)))
        .select(col("company_id"), col("grade").as("prev_grade"));
    Map<String, Map<String, Long>> m = new TreeMap<>();
    for (Row r : before.join(now, "company_id").groupBy("prev_grade", "grade").count().collectAsList()) {
      m.computeIfAbsent(r.getString(0), g -> new TreeMap<>()).put(r.getString(1), r.getLong(2));
    }
    return m;
  }

  private static List<Attempt> attempts(SparkSession spark) {
    String log = Tables.PUBLISH_LOG.qualified();
    if (!exists(spark, log)) {
      return List.of();
    }
    List<Attempt> out = new ArrayList<>();
    for (Row r : spark.table(log).orderBy("started_at", "run_id").collectAsList()) {
      List<CheckResult> checks = new ArrayList<>();
      if (r.getAs("checks") != null) {
        for (Row c : r.<Row>getList(r.fieldIndex("checks"))) {
          checks.add(new CheckResult(c.getAs("name"), c.getAs("value"), c.getAs("threshold"), c.getAs("verdict")));
        }
      }
      java.sql.Date d = r.getAs("as_of_date");
      out.add(new Attempt(r.getAs("run_id"), d == null ? null : d.toLocalDate(),
          Boolean.TRUE.equals(r.getAs("published")), r.getAs("rows"), r.getAs("psi"), r.getAs("forced_reason"),
          r.getAs("message"), r.getAs("started_at"), r.getAs("finished_at"), checks));
    }
    return out;
  }

  private static List<StageTime> stages(SparkSession spark, int maxNights) {
    String log = Tables.NIGHTLY_LOG.qualified();
    if (!exists(spark, log)) {
      return List.of();
    }
    Dataset<Row> nights = spark.table(log);
    List<Row> runs = nights.groupBy("run_id", "night").agg(min("started_at").as("at")).orderBy(col("at").desc())
        .limit(maxNights).collectAsList();
    if (runs.isEmpty()) {
      return List.of();
    }
    List<StageTime> out = new ArrayList<>();
    for (Row r : nights.where(col("run_id").isin(runs.stream().map(x -> x.getString(0)).toArray()))
        .orderBy("started_at", "position").select("run_id", "night", "stage", "seconds", "status")
        .collectAsList()) {
      out.add(new StageTime(r.getString(0), r.getDate(1).toLocalDate(), r.getString(2),
          r.isNullAt(3) ? 0 : ((Number) r.get(3)).doubleValue(), r.getString(4)));
    }
    return out;
  }

  private static List<Quarantined> quarantine(SparkSession spark) {
    String table = Tables.QUARANTINE.qualified();
    if (!exists(spark, table)) {
      return List.of();
    }
    List<Quarantined> out = new ArrayList<>();
    for (Row r : spark.table(table).groupBy("feed", "rule").count().orderBy(col("count").desc(), col("feed"),
        col("rule")).collectAsList()) {
      out.add(new Quarantined(r.getString(0), r.getString(1), r.getLong(2)));
    }
    return out;
  }
}
