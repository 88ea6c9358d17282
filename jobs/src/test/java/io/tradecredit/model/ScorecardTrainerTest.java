package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class ScorecardTrainerTest extends SparkTestBase {
  private static final double EPS = 1e-6;
  /** The hand computations hold for the default bins and no penalty: cross-validation off. */
  private static final TrainerOptions AS_GIVEN = TrainerOptions.of(Map.of(TrainerOptions.CV_FOLDS, "0"));

  /**
   * Training date 2025-01-31 (held-out date 2025-02-28 is later, so the split is out-of-time and the
   * training counts are exactly these): segment A 50 good / 2 bad, B 30 / 6, C 20 / 12.
   * G = 100, B = 20: WoE A = ln(0.5/0.1) = ln 5, B = ln(0.3/0.3) = 0, C = ln(0.2/0.6) = -ln 3;
   * IV = 0.4 ln 5 + 0.4 ln 3. With one characteristic the WoE fits the bins' log-odds exactly:
   * coefficient -1, intercept ln(20/100); points = offset + factor * ln(goods/bads) = 580, 534, 502;
   * the empty MISSING bin has WoE 0 and the points of the base log-odds, 534.
   */
  @Test
  void woeIvAndPointsMatchTheHandComputation() {
    List<Row> rows = new ArrayList<>();
    TestData.add(rows, "2025-01-31", "A", null, 50, 2);
    TestData.add(rows, "2025-01-31", "B", null, 30, 6);
    TestData.add(rows, "2025-01-31", "C", null, 20, 12);
    TestData.add(rows, "2025-02-28", "A", null, 40, 2);
    TestData.add(rows, "2025-02-28", "B", null, 25, 5);
    TestData.add(rows, "2025-02-28", "C", null, 15, 9);
    Dataset<Row> data = spark().createDataFrame(rows, TestData.SEGMENTS).drop("x");

    Scorecard model = ScorecardTrainer.train(data, AS_GIVEN).scorecard();

    assertEquals(TrainingInfo.OUT_OF_TIME, model.training().split());
    assertEquals("2025-02-28", model.training().testFrom());
    assertEquals(120, model.training().trainRows());
    Characteristic segment = model.characteristic("segment");
    assertEquals(List.of("A", "B", "C", "missing"), segment.bins().stream().map(Bin::label).toList());
    assertEquals(List.of(52L, 36L, 32L, 0L), segment.bins().stream().map(Bin::count).toList());
    assertEquals(List.of(2L, 6L, 12L, 0L), segment.bins().stream().map(Bin::badCount).toList());
    assertEquals(Math.log(5), segment.bins().get(0).woe(), EPS);
    assertEquals(0.0, segment.bins().get(1).woe(), EPS);
    assertEquals(-Math.log(3), segment.bins().get(2).woe(), EPS);
    assertEquals(0.0, segment.bins().get(3).woe(), EPS);
    assertEquals(0.4 * Math.log(5) + 0.4 * Math.log(3), segment.iv(), EPS);
    assertEquals(-1.0, model.logistic().coefficients().get("segment"), 1e-4);
    assertEquals(Math.log(0.2), model.logistic().intercept(), 1e-4);
    assertEquals(List.of(580, 534, 502, 534), segment.bins().stream().map(Bin::points).toList());
    assertEquals(580, segment.bestPoints());
    assertTrue(model.calibration().slope() < 0);
    assertEquals(96, model.calibration().rows());
  }

  /**
   * x = 1: 10 good / 10 bad, x = 2: 30 / 5, x = 3: 40 / 0 (smoothed to 0.5 bad), null: 20 / 5.
   * G = 100, B = 20. The quantile cuts are 1, 2, 3; the empty bin below 1 joins the next one.
   */
  @Test
  void numericBinsSmoothEmptyCellsAndKeepMissingApart() {
    List<Row> rows = new ArrayList<>();
    TestData.add(rows, "2025-01-31", "A", 1.0, 10, 10);
    TestData.add(rows, "2025-01-31", "A", 2.0, 30, 5);
    TestData.add(rows, "2025-01-31", "A", 3.0, 40, 0);
    TestData.add(rows, "2025-01-31", "A", null, 20, 5);
    TestData.add(rows, "2025-02-28", "A", 1.0, 5, 5);
    TestData.add(rows, "2025-02-28", "A", 2.0, 20, 3);
    TestData.add(rows, "2025-02-28", "A", 3.0, 30, 1);
    Dataset<Row> data = spark().createDataFrame(rows, TestData.SEGMENTS).drop("segment");

    Scorecard model = ScorecardTrainer.train(data, AS_GIVEN).scorecard();

    Characteristic x = model.characteristic("x");
    assertEquals(Characteristic.Trend.DECREASING, x.trend());
    assertEquals(List.of("< 2", "[2, 3)", ">= 3", "missing"), x.bins().stream().map(Bin::label).toList());
    assertEquals(List.of(20L, 35L, 40L, 25L), x.bins().stream().map(Bin::count).toList());
    double[] woe = {Math.log(0.1 / 0.5), Math.log(0.3 / 0.25), Math.log(0.4 / 0.025), Math.log(0.2 / 0.25)};
    for (int i = 0; i < woe.length; i++) {
      assertEquals(woe[i], x.bins().get(i).woe(), EPS, x.bins().get(i).label());
    }
    double iv = 0.4 * -woe[0] + 0.05 * woe[1] + 0.375 * woe[2] + 0.05 * -woe[3];
    assertEquals(iv, x.iv(), EPS);
    // Higher x, fewer bads: the texts of a known feature would say "low x is adverse"; x is unknown, so neutral.
    assertEquals("X", x.reasonCode());
    assertEquals("X is in a higher-risk range", x.reasonText());
  }

  @Test
  void numericBinsStayMonotoneAndTrainingRanksTheHeldOutSample() {
    TrainedScorecard trained = ScorecardTrainer.train(TestData.companies(spark(), 4000, 7),
        TrainerOptions.of(Map.of(TrainerOptions.VERSION, "test-small", TrainerOptions.MIN_IV, "0.05")));
    Scorecard model = trained.scorecard();

    assertEquals(TrainingInfo.STRATIFIED_RANDOM, model.training().split());
    assertEquals(4000, model.training().trainRows() + model.training().testRows());
    for (Characteristic c : model.characteristics()) {
      List<Bin> ranges = c.bins(Bin.Kind.RANGE);
      assertTrue(ranges.size() <= trained.metrics().tuning().chosen().maxBins(), c.name());
      for (int i = 1; i < ranges.size(); i++) {
        double before = ranges.get(i - 1).badRate();
        double after = ranges.get(i).badRate();
        assertTrue(c.trend() == Characteristic.Trend.INCREASING ? after > before : after < before,
            c.name() + " " + c.trend() + " " + ranges);
      }
    }
    Characteristic daysLate = model.characteristic("days_late");
    assertEquals(Characteristic.Trend.INCREASING, daysLate.trend());
    assertTrue(model.characteristics().stream().noneMatch(c -> c.name().equals("noise")));
    assertTrue(trained.metrics().dropped().get("noise").startsWith("IV "), trained.metrics().dropped().toString());
    assertTrue(trained.metrics().dropped().get("company_id") == null, "company_id is excluded, not dropped");
    assertTrue(model.training().excluded().contains("company_id: excluded by option"));
    assertTrue(trained.metrics().test().auc() > 0.7, "test AUC " + trained.metrics().test().auc());
    assertEquals(2 * trained.metrics().test().auc() - 1, trained.metrics().test().gini(), 1e-12);
    assertTrue(trained.metrics().test().ks() > 0.3, "test KS " + trained.metrics().test().ks());
    assertTrue(model.calibration().slope() < 0);
    assertNull(trained.metrics().test().benchmarkAuc());
    assertTrue(trained.metrics().psi() < 0.1, "PSI of a random split " + trained.metrics().psi());
    // The characteristics' coefficients all push the right way.
    model.logistic().coefficients().values().forEach(b -> assertTrue(b < 0, "coefficient " + b));
  }

  @Test
  void aSplitColumnHoldsOutExactlyItsTestRowsAndIsNoCharacteristic() {
    // Every third company held out, in mixed case: what a benchmark comparing methods on the same rows writes.
    Dataset<Row> data = TestData.companies(spark(), 1500, 11).withColumn("sample",
        when(substring(col("company_id"), 2, 10).cast("int").mod(3).equalTo(0), lit("Test")).otherwise(lit("train")));
    TrainedScorecard trained = ScorecardTrainer.train(data,
        TrainerOptions.of(Map.of(TrainerOptions.SPLIT_COLUMN, "sample", TrainerOptions.CV_FOLDS, "0")));

    TrainingInfo info = trained.scorecard().training();
    assertEquals(TrainingInfo.GIVEN, info.split());
    assertEquals(500, info.testRows());
    assertEquals(1000, info.trainRows());
    assertTrue(info.excluded().contains("sample: split column"), info.excluded().toString());
    assertTrue(trained.metrics().test().auc() > 0.7, "test AUC " + trained.metrics().test().auc());
  }

  @Test
  void refusesASplitColumnWithOtherValues() {
    Dataset<Row> data = TestData.companies(spark(), 50, 1)
        .withColumn("sample", when(col("company_id").equalTo("C7"), lit("holdout")).otherwise(lit("train")));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScorecardTrainer.train(data, TrainerOptions.of(Map.of(TrainerOptions.SPLIT_COLUMN, "sample"))));
    assertEquals("Cannot split on column sample: every labelled row must say train or test; other values seen: "
        + "[holdout]", e.getMessage());
  }

  @Test
  void refusesAMissingLabelColumnNamingTheAvailableOnes() {
    Dataset<Row> data = TestData.companies(spark(), 50, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScorecardTrainer.train(data, TrainerOptions.of(Map.of(TrainerOptions.LABEL, "defaulted"))));
    assertEquals("Cannot train a scorecard: label column defaulted not found; available columns: "
        + "company_id, days_late, orders, status, noise, bad", e.getMessage());
  }

  @Test
  void refusesDataWithoutBadRows() {
    Dataset<Row> data = TestData.companies(spark(), 50, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScorecardTrainer.train(data, TrainerOptions.of(Map.of(TrainerOptions.BAD_VALUE, "7"))));
    assertTrue(e.getMessage().startsWith("Cannot train a scorecard: no bad rows: 0 of 50 labelled rows have bad = 7; "
        + "label values seen: [0, 1]"), e.getMessage());
  }

  @Test
  void refusesUnknownOptions() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainerOptions.of(Map.of("max-bin", "5")));
    assertTrue(e.getMessage().startsWith("Cannot configure scorecard training: unknown option(s) [max-bin]; known options: "),
        e.getMessage());
  }
}
