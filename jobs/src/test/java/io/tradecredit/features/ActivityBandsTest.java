package io.tradecredit.features;

import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bands moved from one night to the next equal bands computed from every partial, row for row: over a history
 * longer than every window, with changes on every band's days, days after the night, companies that gain an earlier
 * first order, lose their first order day or lose everything, and nights one, three and 31 days apart.
 */
class ActivityBandsTest extends SparkTestBase {
  static final LocalDate N = LocalDate.parse("2026-09-20");

  @TempDir Path tmp;

  /**
   * Partials on about a tenth of the company-days of 540 days, to 64 days after N; {@code variant} 1 changes a fifth
   * of them, removes the first two months of every third company and a whole company, and adds one.
   */
  private static Dataset<Row> partials(int variant) {
    String h = "abs(hash(company_id, day, " + variant + "))";
    String base = "abs(hash(company_id, day))";
    // A changed row keeps its company-day and takes new values; the first rows of every third company go.
    String v = "v";
    String valued = "CASE WHEN " + base + " % 5 = 0 THEN " + h + " ELSE " + base + " END AS v";
    List<String> sums = new ArrayList<>();
    int i = 0;
    for (var e : ActivitySql.SUMS.entrySet()) {
      // b_orders and s_orders often 0, so that days without orders exist.
      String value = e.getKey().endsWith("_orders") ? "(" + v + " DIV " + (7 + i) + ") % 3 - 1"
          : "(" + v + " DIV " + (7 + i) + ") % 4";
      sums.add("CAST(greatest(" + value + ", 0) AS " + e.getValue()[0] + ") AS " + e.getKey());
      i++;
    }
    String buyers = "CASE WHEN " + v + " % 3 = 0 THEN map_filter(map('x', named_struct('orders', 1L, 'usd', "
        + "CAST(1 AS DECIMAL(38,2)))), (k, x) -> false) ELSE map(concat('B', " + v + " % 4), named_struct('orders', "
        + "CAST(1 + " + v + " % 2 AS BIGINT), 'usd', CAST((" + v + " % 1000) / 100 AS DECIMAL(38,2)))) END";
    String countries = "CASE WHEN " + v + " % 4 = 0 THEN map_filter(map('x', 1L), (k, x) -> false) "
        + "ELSE map(concat('C', " + v + " % 3), CAST(1 + " + v + " % 2 AS BIGINT)) END";
    // C1 trades every day, so every band holds days.
    String keep = "(company_id = 'C1' OR abs(hash(company_id, day, 'kept')) % 10 = 0) AND NOT (" + variant + " > 0 AND "
        + "substring(company_id, 2) % 3 = 0 AND day < DATE'2025-08-01')"
        // Company C7 trades only before the change and C8 only after it.
        + " AND NOT (company_id = 'C7' AND " + variant + " > 0) AND NOT (company_id = 'C8' AND " + variant + " = 0)";
    String days = "SELECT concat('C', c.id) AS company_id, date_add(DATE'2025-06-01', CAST(d.id AS INT)) AS day "
        + "FROM range(12) c CROSS JOIN range(540) d";
    String sql = "SELECT company_id, day, " + String.join(", ", sums) + ", " + buyers + " AS buyers, " + countries
        + " AS countries FROM (SELECT *, " + valued + " FROM (" + days + ") WHERE " + keep + ")";
    Dataset<Row> p = spark().sql(sql).localCheckpoint();
    // Rows with nothing in them do not exist in the partials.
    String units = ActivitySql.UNITS.stream().map(c -> c + " != 0").collect(Collectors.joining(" OR "));
    return p.where(units + " OR size(buyers) > 0 OR size(countries) > 0");
  }

  /**
   * New minus old per company and day, as a night's change of the partials is; materialised without inferring
   * constraints, which for this projection's many aliased differences takes Spark's optimiser minutes.
   */
  private static Dataset<Row> change(Dataset<Row> before, Dataset<Row> after) {
    String constraints = "spark.sql.constraintPropagation.enabled";
    spark().conf().set(constraints, "false");
    try {
      return differences(before, after).localCheckpoint();
    } finally {
      spark().conf().unset(constraints);
    }
  }

  private static Dataset<Row> differences(Dataset<Row> before, Dataset<Row> after) {
    before.createOrReplaceTempView("t_before");
    after.createOrReplaceTempView("t_after");
    String sums = ActivitySql.SUMS.entrySet().stream().map(e -> "CAST(coalesce(a." + e.getKey() + ", 0) - coalesce(b."
        + e.getKey() + ", 0) AS " + e.getValue()[0] + ") AS " + e.getKey()).collect(Collectors.joining(", "));
    String changed = ActivitySql.SUMS.keySet().stream().map(c -> c + " != 0").collect(Collectors.joining(" OR "));
    return spark().sql("SELECT * FROM (SELECT coalesce(a.company_id, b.company_id) AS company_id, "
        + "coalesce(a.day, b.day) AS day, " + sums + ", "
        + "map_filter(map_zip_with(coalesce(a.buyers, map_filter(b.buyers, (k, v) -> false)), coalesce(b.buyers, "
        + "map_filter(a.buyers, (k, v) -> false)), (k, x, y) -> named_struct('orders', coalesce(x.orders, 0) - "
        + "coalesce(y.orders, 0), 'usd', CAST(coalesce(x.usd, 0) - coalesce(y.usd, 0) AS DECIMAL(38,2)))), "
        + "(k, v) -> v.orders != 0 OR v.usd != 0) AS buyers, "
        + "map_filter(map_zip_with(coalesce(a.countries, map_filter(b.countries, (k, v) -> false)), "
        + "coalesce(b.countries, map_filter(a.countries, (k, v) -> false)), (k, x, y) -> coalesce(x, 0) - "
        + "coalesce(y, 0)), (k, v) -> v != 0) AS countries "
        + "FROM t_after a FULL OUTER JOIN t_before b ON a.company_id = b.company_id AND a.day = b.day) "
        + "WHERE " + changed + " OR size(buyers) > 0 OR size(countries) > 0");
  }

  static Dataset<Row> bandsOf(Dataset<Row> bands) {
    List<String> cols = new ArrayList<>(List.of("company_id", "reach"));
    cols.addAll(ActivitySql.SUMS.keySet());
    cols.addAll(List.of("array_sort(map_entries(buyers))", "array_sort(map_entries(countries))", "first_order_day"));
    return bands.selectExpr(cols.toArray(String[]::new));
  }

  /** Writes {@code before} as the partials with its bands as of N, then {@code after}, and moves the bands to D. */
  private Dataset<Row> moved(Lake lake, Dataset<Row> before, Dataset<Row> after, LocalDate date, boolean literal) {
    lake.overwrite(Tables.COMPANY_ACTIVITY_DAILY, before);
    ActivityBands.write(lake, N, ActivityBands.computed(lake.read(Tables.COMPANY_ACTIVITY_DAILY), N));
    assertTrue(ActivityBands.standsFor(lake, N));
    Dataset<Row> delta = change(lake.read(Tables.COMPANY_ACTIVITY_DAILY), after);
    lake.overwrite(Tables.COMPANY_ACTIVITY_DAILY, after);
    ActivityDaily.Bands bands = new ActivityDaily.Bands(lake, N, date, true);
    return bands.bring(lake.read(Tables.COMPANY_ACTIVITY_DAILY), delta,
        literal ? delta.collectAsList() : List.of());
  }

  @Test
  void bandsMovedOverOneThreeAndThirtyOneDaysEqualBandsComputedFromEveryPartial() {
    Lake lake = new Lake(spark(), tmp.toString());
    Dataset<Row> before = partials(0).localCheckpoint();
    Dataset<Row> after = partials(1).localCheckpoint();
    Dataset<Row> firstDays = ActivityBands.computed(before, N).select("company_id", "first_order_day").distinct();
    Dataset<Row> laterDays = ActivityBands.computed(after, N.plusDays(1)).select("company_id", "first_order_day")
        .distinct();
    // The world has what the bands must handle: a first order day lost, a company gone, one new.
    assertTrue(firstDays.join(laterDays, firstDays.col("company_id").equalTo(laterDays.col("company_id")))
        .where(laterDays.col("first_order_day").gt(firstDays.col("first_order_day"))).count() > 0);
    for (int step : List.of(1, 3, ActivityBands.MAX_STEP)) {
      LocalDate date = N.plusDays(step);
      List<String> expected = rows(bandsOf(ActivityBands.computed(after, date)));
      assertEquals(expected, rows(bandsOf(moved(lake, before, after, date, step != 3))), "moved " + step + " days");
      assertTrue(ActivityBands.standsFor(lake, date));
      assertTrue(expected.stream().anyMatch(r -> r.startsWith("[C8,")), "a new company");
      assertFalse(expected.stream().anyMatch(r -> r.startsWith("[C7,")), "a company gone");
      List<String> reaches = rows(ActivityBands.computed(after, date).select("reach").distinct());
      assertEquals(rows("[1]", "[30]", "[90]", "[180]", "[365]", "[null]"), reaches, "every band holds days");
    }
  }

  @Test
  void aChangeOfAmountsAloneReachesEveryBandItFallsIn() {
    Lake lake = new Lake(spark(), tmp.toString());
    Dataset<Row> before = partials(0).localCheckpoint();
    // An amount paid as a buyer restated on every day of one company: no count, counterparty or destination
    // changes with it, in any band, the one before the longest window included.
    Dataset<Row> after = before.withColumn("b_kept_usd", expr("CASE WHEN company_id = 'C2' THEN b_kept_usd + 1 "
        + "ELSE b_kept_usd END").cast(ActivitySql.SUMS.get("b_kept_usd")[0])).localCheckpoint();
    LocalDate date = N.plusDays(1);
    List<String> expected = rows(bandsOf(ActivityBands.computed(after, date)));
    assertEquals(expected, rows(bandsOf(moved(lake, before, after, date, false))));
    assertFalse(expected.equals(rows(bandsOf(ActivityBands.computed(before, date)))), "the amounts do change");
  }

  @Test
  void aNightWithNothingDeliveredStillMovesTheBandsByTheDaysThatCrossAnEdge() {
    Lake lake = new Lake(spark(), tmp.toString());
    Dataset<Row> partials = partials(0).localCheckpoint();
    lake.overwrite(Tables.COMPANY_ACTIVITY_DAILY, partials);
    ActivityBands.write(lake, N, ActivityBands.computed(lake.read(Tables.COMPANY_ACTIVITY_DAILY), N));
    Dataset<Row> now = lake.read(Tables.COMPANY_ACTIVITY_DAILY);
    // As the night without deliveries calls it: no change of the partials.
    Dataset<Row> moved = new ActivityDaily.Bands(lake, N, N.plusDays(1), true).bring(now, now.limit(0), List.of());
    List<String> expected = rows(bandsOf(ActivityBands.computed(partials, N.plusDays(1))));
    assertEquals(expected, rows(bandsOf(moved)));
    assertFalse(expected.equals(rows(bandsOf(ActivityBands.computed(partials, N)))), "the bands do move");
  }

  @Test
  void bandsStandOnlyForThePartialsTheyWereMadeFromAndTheirNight() {
    Lake lake = new Lake(spark(), tmp.toString());
    lake.overwrite(Tables.COMPANY_ACTIVITY_DAILY, partials(0));
    ActivityBands.write(lake, N, ActivityBands.computed(lake.read(Tables.COMPANY_ACTIVITY_DAILY), N));
    assertTrue(ActivityBands.standsFor(lake, N));
    assertFalse(ActivityBands.standsFor(lake, N.plusDays(1)), "another night");
    // A night killed after its write of the partials, before that of the bands.
    lake.overwrite(Tables.COMPANY_ACTIVITY_DAILY, partials(1));
    assertFalse(ActivityBands.standsFor(lake, N), "partials written since");
    assertFalse(new ActivityDaily.Bands(lake, N, N.plusDays(1), false).moves(), "so the next night computes them");
    assertFalse(new ActivityDaily.Bands(lake, N, N.plusDays(ActivityBands.MAX_STEP + 1), true).moves(),
        "as it does for a night too far from the last");
  }
}
