package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorecardJsonTest extends SparkTestBase {
  @TempDir Path dir;

  @Test
  void aTrainedModelAndItsMetricsRoundTrip() throws Exception {
    TrainedScorecard trained = ScorecardTrainer.train(TestData.companies(spark(), 1500, 11),
        TrainerOptions.of(Map.of(TrainerOptions.VERSION, "roundtrip-v1")));
    Path file = dir.resolve("models/roundtrip-v1.json");
    trained.scorecard().write(file);
    Scorecard read = Scorecard.read(file);
    assertEquals(trained.scorecard(), read);
    // Writing what was read gives the same bytes: key order is stable.
    assertEquals(Files.readString(file), read.toJson());

    Path metrics = dir.resolve("metrics.json");
    trained.metrics().write(metrics);
    assertEquals(trained.metrics(), Metrics.read(metrics));
    String json = Files.readString(metrics);
    assertTrue(json.startsWith("{\n  \"split\" : \"stratified_random\",\n  \"train\" : {\n    \"rows\" : "), json);
  }

  @Test
  void keysComeInDeclaredOrderInSnakeCase() {
    String json = TestData.manualModel().toJson();
    int at = -1;
    for (String key : new String[] {"\"version\"", "\"created_at\"", "\"description\"", "\"label\"",
        "\"characteristics\"", "\"logistic\"", "\"scaling\"", "\"calibration\"", "\"grade_bands\""}) {
      int next = json.indexOf(key);
      assertTrue(next > at, key + " out of order in\n" + json);
      at = next;
    }
    assertTrue(json.contains("\"reason_code\" : \"DAYS_LATE\""), json);
    assertTrue(json.contains("\"pd_upper\" : 0.001"), json);
  }

  @Test
  void refusesUnknownKeys() {
    String json = TestData.manualModel().toJson().replace("\"version\" :", "\"colour\" : \"red\",\n  \"version\" :");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Scorecard.fromJson(json));
    assertTrue(e.getMessage().startsWith("Cannot read Scorecard: Unrecognized field \"colour\""), e.getMessage());
  }

  @Test
  void refusesAModelWhoseCalibrationRunsTheWrongWay() {
    String json = TestData.manualModel().toJson().replace("\"slope\" : -0.02", "\"slope\" : 0.02");
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Scorecard.fromJson(json));
    assertTrue(e.getMessage().contains("Invalid calibration: slope 0.02 must be negative"), e.getMessage());
  }
}
