package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.*;

import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lakehouse's labelled table: monthly as-of dates, 12-month outcome windows, labels point in time. */
class LakehouseLabelsTest extends SparkTestBase {
  static final StructType FEATURES = new StructType()
      .add("company_id", DataTypes.StringType)
      .add("legal_name", DataTypes.StringType)
      .add("registry_country", DataTypes.StringType)
      .add("x", DataTypes.DoubleType)
      .add("as_of_date", DataTypes.DateType);
  static final StructType EVENTS = new StructType()
      .add("company_id", DataTypes.StringType)
      .add("event_type", DataTypes.StringType)
      .add("event_date", DataTypes.DateType)
      .add("valid_from", DataTypes.DateType)
      .add("valid_to", DataTypes.DateType);

  @TempDir Path dir;

  static Row feature(String company, double x, String asOf) {
    // Countries by the company's number, so each has companies of every risk.
    String country = List.of("DE", "KE", "BR").get(Integer.parseInt(company.replaceAll("\\D", "0")) % 3);
    return RowFactory.create(company, company + " Ltd", country, x, java.sql.Date.valueOf(asOf));
  }

  static Row event(String company, String day, String deliveredFrom, String deliveredTo) {
    return RowFactory.create(company, "BANKRUPTCY", java.sql.Date.valueOf(day), java.sql.Date.valueOf(deliveredFrom),
        deliveredTo == null ? null : java.sql.Date.valueOf(deliveredTo));
  }

  Lake lake(List<Row> features, List<Row> events) {
    Lake lake = new Lake(spark(), dir.resolve("lake").toString());
    lake.overwrite(Tables.COMPANY_FEATURES_GOLD, spark().createDataFrame(features, FEATURES), "as_of_date");
    if (events != null) {
      lake.overwrite(Tables.silver(Feed.CREDIT_EVENTS), spark().createDataFrame(events, EVENTS));
    }
    return lake;
  }

  @Test
  void labelsAMonthEndRowBadOnlyForAnEventInTheNext365DaysKnownByD() {
    LocalDate d = LocalDate.parse("2026-01-31");
    Lake lake = lake(List.of(
        feature("A", 1, "2024-02-29"), feature("A", 1, "2024-03-15"), feature("A", 1, "2024-03-31"),
        feature("A", 1, "2025-01-31"), feature("A", 1, "2025-02-28"),
        feature("B", 2, "2024-03-31"), feature("C", 3, "2024-02-29"), feature("C", 3, "2024-03-31")), List.of(
        // A: 2025-03-10 is within 365 days after 2024-03-31 (up to 2025-03-31) and 2025-01-31, not after
        // 2024-02-29 (up to 2025-02-28).
        event("A", "2025-03-10", "2025-03-11", null),
        // B: delivered after D, so unknown as of D.
        event("B", "2024-06-01", "2026-02-05", null),
        // C: on the as-of date itself is not after it; within the window of the month before.
        event("C", "2024-03-31", "2024-04-01", null),
        // A version superseded before D does not count: its company_id was corrected.
        event("B", "2024-05-01", "2024-05-02", "2024-05-03")));

    List<String> got = rows(LakehouseLabels.build(lake, d).select("company_id", "as_of_date", "bad"));

    // 2024-03-15 is not March's last feature date; 2025-02-28 has no complete window by D.
    assertEquals(rows("[A,2024-02-29,0]", "[A,2024-03-31,1]", "[A,2025-01-31,1]", "[B,2024-03-31,0]",
        "[C,2024-02-29,1]", "[C,2024-03-31,0]"), got);
  }

  @Test
  void failsNamingTheWindowWhenNoAsOfDateHasAWholeYearOfOutcome() {
    Lake lake = lake(List.of(feature("A", 1, "2026-11-02"), feature("A", 1, "2026-11-06")), null);

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LakehouseLabels.build(lake, LocalDate.parse("2026-11-06")));
    assertTrue(e.getMessage().contains("no features as of 2025-11-06 or earlier"), e.getMessage());
    assertTrue(e.getMessage().contains("2026-11-02 .. 2026-11-06"), e.getMessage());
  }

  @Test
  void trainsAScorecardOutOfTimeFromTheLakehouse() throws Exception {
    Random random = new Random(7);
    List<Row> features = new ArrayList<>();
    List<Row> events = new ArrayList<>();
    LocalDate first = LocalDate.parse("2023-01-31");
    for (int c = 0; c < 400; c++) {
      double risk = random.nextDouble();
      for (int m = 0; m < 12; m++) {
        LocalDate asOf = first.plusMonths(m).withDayOfMonth(first.plusMonths(m).lengthOfMonth());
        features.add(feature("C" + c, risk * 10 + random.nextGaussian(), asOf.toString()));
      }
      if (random.nextDouble() < risk * risk) {
        LocalDate day = first.plusDays(random.nextInt(700));
        events.add(event("C" + c, day.toString(), day.plusDays(1).toString(), null));
      }
    }
    Lake lake = lake(features, events);
    Dataset<Row> labelled = LakehouseLabels.build(lake, LocalDate.parse("2025-06-30"));
    Path out = dir.resolve("candidate");
    TrainerOptions options = TrainFile.options(LakehouseLabels.LABEL, "1", 0.25, 42,
        java.util.Map.of(TrainerOptions.EXCLUDE, String.join(",", LakehouseLabels.IDENTIFIERS)));

    TrainResult result = TrainFile.run(labelled, "lakehouse", options, out.resolve("model.json"),
        out.resolve("report"));

    assertTrue(Files.exists(out.resolve("model.json")));
    assertTrue(Files.exists(out.resolve("report").resolve(TrainFile.METRICS_FILE)));
    assertTrue(Files.exists(out.resolve("report").resolve(TrainingReport.FILE)));
    assertEquals(TrainingInfo.OUT_OF_TIME, result.split());
    assertEquals(List.of("x"), result.characteristics());
    assertTrue(result.testAuc() > 0.7, "test AUC " + result.testAuc());
    // registry_country is the country of the fairness report, not a characteristic.
    Fairness fairness = result.fairness();
    assertEquals("registry_country", fairness.countryColumn());
    assertEquals(List.of("BR", "DE", "KE"), fairness.countries().stream().map(Fairness.Group::name).sorted().toList());
    assertEquals(List.of("Eastern Africa", "South America", "Western Europe"),
        fairness.regions().stream().map(Fairness.Group::name).sorted().toList());
  }
}
