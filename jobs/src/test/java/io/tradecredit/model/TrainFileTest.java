package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainFileTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void trainsFromCsvAndWritesModelAndMetrics() {
    Path csv = dir.resolve("labelled.csv");
    TestData.companies(spark(), 3000, 3).coalesce(1).write().option("header", "true").csv(dir.resolve("csv").toString());
    try (var files = Files.list(dir.resolve("csv"))) {
      Files.move(files.filter(f -> f.toString().endsWith(".csv")).findFirst().orElseThrow(), csv);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Path out = dir.resolve("models/m.json");
    TrainResult result = TrainFile.run(spark(), csv, "bad", "1", 0.3, 5, out, dir.resolve("report"));

    assertEquals(3000, result.rows());
    assertEquals(TrainingInfo.STRATIFIED_RANDOM, result.split());
    assertTrue(result.testAuc() > 0.65, result.summary());
    Scorecard model = Scorecard.read(out);
    assertEquals(result.characteristics(), model.characteristics().stream().map(Characteristic::name).toList());
    Metrics metrics = Metrics.read(dir.resolve("report/metrics.json"));
    assertEquals(result.testAuc(), metrics.test().auc(), 0.0);
    assertTrue(Files.exists(dir.resolve("report").resolve(TrainingReport.FILE)));
    // The model scores the very table it came from.
    Dataset<Row> scored = ScorecardScorer.score(TrainFile.read(spark(), csv), model);
    assertEquals(0, scored.where("score < 300 or score > 850 or pd_12m is null or grade is null").count());
  }

  @Test
  void readsParquetAndNamesAMissingLabel() {
    Path parquet = dir.resolve("labelled.parquet");
    TestData.companies(spark(), 100, 3).write().parquet(parquet.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainFile.run(spark(), parquet, "default_flag", "1", 0.25, 1, dir.resolve("m.json"), dir));
    assertEquals("Cannot train a scorecard: label column default_flag not found; available columns: "
        + "company_id, days_late, orders, status, noise, bad", e.getMessage());
  }

  @Test
  void refusesAMissingInput() {
    Path nowhere = dir.resolve("nowhere.csv");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainFile.run(spark(), nowhere, "bad", "1", 0.25, 1, dir.resolve("m.json"), dir));
    assertEquals("Cannot read training data from " + nowhere + ": no such file or folder", e.getMessage());
  }
}
