package io.tradecredit.model;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class CrossValidationTest extends SparkTestBase {
  /** A small grid: two penalties times two bin counts, three folds. */
  private static final Map<String, String> GRID = Map.of(
      TrainerOptions.CV_FOLDS, "3",
      TrainerOptions.CV_REG_PARAMS, "0,0.5",
      TrainerOptions.CV_MIN_BIN_SHARES, "0.05",
      TrainerOptions.CV_MAX_BINS, "2,6",
      TrainerOptions.BASELINE, "false");

  @Test
  void choosesTheSettingWithTheBestValidationAucAndFitsWithIt() {
    TrainedScorecard trained = ScorecardTrainer.train(TestData.companies(spark(), 1500, 11), TrainerOptions.of(GRID));
    CrossValidation.Tuning tuning = trained.metrics().tuning();

    assertEquals(3, tuning.folds());
    assertEquals(trained.scorecard().training().trainRows(), tuning.rows());
    assertEquals(List.of(new CrossValidation.Setting(0.5, 0.05, 2), new CrossValidation.Setting(0.0, 0.05, 2),
            new CrossValidation.Setting(0.5, 0.05, 6), new CrossValidation.Setting(0.0, 0.05, 6)),
        tuning.grid().stream().map(CrossValidation.Scored::setting).toList());
    CrossValidation.Scored best = tuning.grid().stream()
        .max(Comparator.comparingDouble(CrossValidation.Scored::meanAuc)).orElseThrow();
    assertEquals(best.setting(), tuning.chosen());
    assertEquals(best.meanAuc(), tuning.validationAuc());
    // The grid matters: two bins cannot rank a column whose risk rises over its whole range as six can.
    assertEquals(6, tuning.chosen().maxBins(), tuning.grid().toString());
    assertTrue(tuning.grid().get(0).meanAuc() < tuning.validationAuc() - 0.01, tuning.grid().toString());
    // The final model is binned with the chosen setting.
    Characteristic daysLate = trained.scorecard().characteristic("days_late");
    assertTrue(daysLate.bins(Bin.Kind.RANGE).size() > 2, daysLate.bins().toString());
    assertTrue(TrainingReport.settingsText(tuning).startsWith("reg-param " + tuning.chosen().regParam()
        + ", min-bin-share 0.05, max-bins 6, chosen by 3-fold cross-validation"), TrainingReport.settingsText(tuning));
  }

  /**
   * The same training rows with two different held-out samples: the choice and every validation AUC are identical,
   * while the held-out AUCs differ, so the held-out rows were used for judging and only for that.
   */
  @Test
  void heldOutRowsNeverShapeTheChoice() {
    Dataset<Row> train = TestData.companies(spark(), 1200, 21).withColumn("as_of_date", lit(java.sql.Date.valueOf(
        "2025-01-31")));
    TrainedScorecard a = ScorecardTrainer.train(train.unionByName(heldOut(22)), TrainerOptions.of(GRID));
    TrainedScorecard b = ScorecardTrainer.train(train.unionByName(heldOut(23)), TrainerOptions.of(GRID));

    assertEquals(TrainingInfo.OUT_OF_TIME, a.scorecard().training().split());
    assertEquals("2025-02-28", a.scorecard().training().testFrom());
    assertEquals(1200, a.scorecard().training().trainRows());
    assertEquals(a.metrics().tuning().chosen(), b.metrics().tuning().chosen());
    assertEquals(a.metrics().tuning().grid(), b.metrics().tuning().grid());
    assertNotEquals(a.metrics().test().auc(), b.metrics().test().auc());
  }

  @Test
  void offMeansTheGivenSettings() {
    TrainedScorecard trained = ScorecardTrainer.train(TestData.companies(spark(), 800, 5), TrainerOptions.of(Map.of(
        TrainerOptions.CV_FOLDS, "0", TrainerOptions.MAX_BINS, "3", TrainerOptions.BASELINE, "false")));

    assertNull(trained.metrics().tuning());
    assertTrue(trained.scorecard().characteristic("days_late").bins(Bin.Kind.RANGE).size() <= 3);
    assertEquals("as given (cross-validation off)", TrainingReport.settingsText(null));
  }

  @Test
  void foldsAreStratified() {
    int[] bad = new int[100];
    for (int i = 0; i < 20; i++) {
      bad[i * 5] = 1;
    }
    int[] fold = CrossValidation.folds(bad, 4, 1);
    for (int f = 0; f < 4; f++) {
      int rows = 0;
      int bads = 0;
      for (int i = 0; i < bad.length; i++) {
        if (fold[i] == f) {
          rows++;
          bads += bad[i];
        }
      }
      assertEquals(25, rows);
      assertEquals(5, bads);
    }
  }

  private Dataset<Row> heldOut(long seed) {
    return TestData.companies(spark(), 600, seed).withColumn("as_of_date", lit(java.sql.Date.valueOf("2025-02-28")));
  }
}
