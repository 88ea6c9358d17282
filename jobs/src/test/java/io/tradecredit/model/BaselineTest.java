package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.SparkSessions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest extends SparkTestBase {
  @TempDir Path dir;

  /**
   * Risk that is linear in days late and orders: a plain logistic regression on the raw values ranks well, on the
   * very held-out rows the scorecard is measured on, and comes close to the scorecard.
   */
  @Test
  void fitsOnTheSameSplitAndRanksALinearSignal() throws Exception {
    TrainerOptions options = TrainFile.options("bad", "1", 0.3, 5, Map.of(TrainerOptions.EXCLUDE, "company_id"));
    TrainResult result = TrainFile.run(TestData.companies(spark(), 4000, 21), "generated", options,
        dir.resolve("m.json"), dir.resolve("report"));

    Metrics metrics = Metrics.read(dir.resolve("report").resolve(TrainFile.METRICS_FILE));
    Baseline baseline = metrics.baseline();
    assertNotNull(baseline, "metrics.json has the baseline");
    assertEquals(List.of("days_late", "orders", "noise"), baseline.numeric());
    assertEquals(List.of("status"), baseline.categorical());
    assertEquals(metrics.test().rows(), baseline.test().rows(), "the same held-out rows");
    assertEquals(metrics.test().bads(), baseline.test().bads());
    assertTrue(baseline.test().auc() > 0.7, "baseline AUC " + baseline.test().auc());
    assertTrue(baseline.test().ks() > 0.3 && baseline.test().ks() < 1, "baseline KS " + baseline.test().ks());
    assertEquals(2 * baseline.test().auc() - 1, baseline.test().gini(), 1e-12);
    assertTrue(Math.abs(baseline.test().auc() - metrics.test().auc()) < 0.05,
        "on a linear signal the two rank alike: " + baseline.test().auc() + " vs " + metrics.test().auc());
    assertEquals(baseline.test(), result.baseline());

    String html = Files.readString(result.report(), StandardCharsets.UTF_8);
    assertTrue(html.contains("<tr data-model=\"baseline\">"), "report.html shows the baseline");
    assertTrue(html.contains(TrainingReport.fixed(baseline.test().auc())));
    assertTrue(html.contains(TrainingReport.fixed(baseline.test().ks())));
  }

  /** Missing values are imputed, not dropped: a column half null still gives every held-out row a pd. */
  @Test
  void imputesMissingValuesWithTheTrainingMedianAndKeepsEveryRow() {
    TrainedScorecard trained = ScorecardTrainer.train(TestData.companies(spark(), 1500, 4)
        .selectExpr("company_id", "if(bad = 1 or rand(3) < 0.5, days_late, null) as days_late", "status", "bad"),
        TrainFile.options("bad", "1", 0.3, 5, Map.of(TrainerOptions.EXCLUDE, "company_id")));
    Baseline baseline = trained.metrics().baseline();
    assertEquals(trained.metrics().test().rows(), baseline.test().rows());
    // Missing days late mean good here; the median stands in for them, so the signal survives, weakened.
    assertTrue(baseline.test().auc() > 0.6, "AUC " + baseline.test().auc());
    // The scorecard's MISSING bin carries that evidence; the baseline's median cannot.
    assertTrue(trained.metrics().test().auc() > baseline.test().auc(),
        trained.metrics().test().auc() + " vs baseline " + baseline.test().auc());
  }

  /** MLlib's fits run on netlib's Java BLAS: no probe for a native library, whose failure prints to stderr. */
  @Test
  void fitsUseJavaBlasWithoutProbingForANativeOne() {
    spark();
    assertEquals("false", System.getProperty(SparkSessions.NATIVE_BLAS));
    assertFalse(dev.ludovic.netlib.blas.BLAS.getInstance() instanceof dev.ludovic.netlib.blas.NativeBLAS,
        dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getName());
  }
}
