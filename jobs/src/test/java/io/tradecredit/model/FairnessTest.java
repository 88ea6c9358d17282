package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FairnessTest extends SparkTestBase {
  private static final List<String> COUNTRIES = List.of("DE", "US", "FR", "NG");
  private static final double[] SHARES = {0.4, 0.3, 0.2, 0.1};

  @TempDir Path dir;

  /**
   * Nigerian companies default with 1.5 more log-odds than their features say; everywhere else the features tell
   * the whole story. Country is the strongest single predictor of the residual, yet it must not enter the model,
   * and only Nigeria (and its region) may be flagged. Luxembourg has a handful of companies, all good: its AUC
   * cannot be computed, and zero bads where a fraction of one was expected is noise, not a flag.
   */
  @Test
  void flagsTheOneMisCalibratedCountryAndItsRegionOnly() throws Exception {
    Dataset<Row> data = TestData.companiesByCountry(spark(), 8000, 17, COUNTRIES, SHARES, "NG", 1.5, "LU", 30);
    TrainerOptions options = TrainFile.options("bad", "1", 0.3, 3, Map.of(
        TrainerOptions.EXCLUDE, "company_id", TrainerOptions.COUNTRY_COLUMN, "country"));

    TrainResult result = TrainFile.run(data, "generated", options, dir.resolve("m.json"), dir.resolve("report"));

    Scorecard model = Scorecard.read(dir.resolve("m.json"));
    assertFalse(model.characteristics().stream().anyMatch(c -> c.name().equals("country")),
        "country is never a characteristic: " + result.characteristics());
    assertFalse(model.metrics().iv().containsKey("country"));
    assertTrue(model.training().excluded().stream().anyMatch(e -> e.startsWith("country: country column")),
        model.training().excluded().toString());

    Fairness f = Metrics.read(dir.resolve("report").resolve(TrainFile.METRICS_FILE)).fairness();
    assertNotNull(f, "metrics.json has the per-country report");
    assertEquals("country", f.countryColumn());
    assertEquals(TrainerOptions.FAIRNESS_TOLERANCE_DEFAULT, f.tolerance());
    assertEquals(List.of("NG"), f.flaggedCountries());
    assertEquals(List.of(CountryRegions.region("NG")), f.flaggedRegions());

    Fairness.Group ng = group(f.countries(), "NG");
    assertTrue(ng.observedBadRate() > (1 + f.tolerance()) * ng.predictedBadRate(), ng.toString());
    assertTrue(ng.zScore() > f.z(), ng.toString());
    assertEquals(CountryRegions.region("NG"), ng.region());
    for (String c : List.of("DE", "US", "FR")) {
      Fairness.Group g = group(f.countries(), c);
      assertFalse(g.flagged(), g.toString());
      assertTrue(g.auc() > 0.7, "the score ranks within " + g);
    }
    Fairness.Group lu = group(f.countries(), "LU");
    assertEquals(0, lu.bads());
    assertNull(lu.auc(), "no bads, no AUC");
    assertFalse(lu.flagged(), "too few companies to tell: " + lu);

    // Counts add up to the held-out sample, by country and by region; the largest country comes first.
    long testRows = model.training().testRows();
    assertEquals(testRows, f.countries().stream().mapToLong(Fairness.Group::rows).sum());
    assertEquals(testRows, f.regions().stream().mapToLong(Fairness.Group::rows).sum());
    assertEquals("DE", f.countries().get(0).name());
    Fairness.Group westernEurope = group(f.regions(), CountryRegions.region("DE"));
    assertEquals(group(f.countries(), "DE").rows() + group(f.countries(), "FR").rows() + lu.rows(),
        westernEurope.rows());
    // Calibrated on the held-out sample, predicted and observed bads agree over all countries.
    double predicted = f.countries().stream().mapToDouble(g -> g.predictedBadRate() * g.rows()).sum();
    long observed = f.countries().stream().mapToLong(Fairness.Group::bads).sum();
    assertEquals(observed, predicted, 0.01 * testRows);

    String html = Files.readString(dir.resolve("report").resolve(TrainingReport.FILE), StandardCharsets.UTF_8);
    assertTrue(html.contains("<tr data-country=\"NG\" data-flagged=\"true\">"), "NG flagged in report.html");
    assertTrue(html.contains("<tr data-country=\"DE\" data-flagged=\"false\">"));
    assertTrue(html.contains("<tr data-region=\"" + CountryRegions.region("NG") + "\" data-flagged=\"true\">"));
    assertTrue(result.summary().contains("calibration off by more than 25%: NG"), result.summary());
  }

  @Test
  void aTighterToleranceFlagsMoreAndZeroZFlagsOnTheToleranceAlone() {
    Dataset<Row> data = TestData.companiesByCountry(spark(), 3000, 5, COUNTRIES, SHARES, "NG", 0.0, "LU", 30);
    TrainedScorecard loose = ScorecardTrainer.train(data, TrainFile.options("bad", "1", 0.3, 3, Map.of(
        TrainerOptions.COUNTRY_COLUMN, "country", TrainerOptions.FAIRNESS_TOLERANCE, "10",
        TrainerOptions.BASELINE, "false")));
    TrainedScorecard strict = ScorecardTrainer.train(data, TrainFile.options("bad", "1", 0.3, 3, Map.of(
        TrainerOptions.COUNTRY_COLUMN, "country", TrainerOptions.FAIRNESS_TOLERANCE, "0",
        TrainerOptions.FAIRNESS_Z, "0", TrainerOptions.BASELINE, "false")));

    assertEquals(List.of(), loose.metrics().fairness().flaggedCountries());
    assertNull(loose.metrics().baseline(), "baseline=false fits no baseline");
    // With neither guard, every country whose observed rate is not exactly the predicted one is flagged: LU among
    // them, whose zero bads are below any positive prediction.
    List<String> flagged = strict.metrics().fairness().flaggedCountries();
    assertTrue(flagged.contains("LU"), flagged.toString());
    for (Fairness.Group g : strict.metrics().fairness().countries()) {
      assertEquals(g.observedBadRate() != g.predictedBadRate(), g.flagged(), g.toString());
    }
  }

  @Test
  void theDefaultCountryColumnIsUsedWhenPresentAndANamedOneMustExist() {
    Dataset<Row> data = TestData.companiesByCountry(spark(), 1500, 9, COUNTRIES, SHARES, "NG", 0.0, "LU", 0)
        .withColumnRenamed("country", TrainerOptions.COUNTRY_COLUMN_DEFAULT);
    TrainedScorecard trained = ScorecardTrainer.train(data, TrainerOptions.defaults());
    assertEquals(TrainerOptions.COUNTRY_COLUMN_DEFAULT, trained.metrics().fairness().countryColumn());
    assertFalse(trained.metrics().selected().contains(TrainerOptions.COUNTRY_COLUMN_DEFAULT));

    TrainedScorecard off = ScorecardTrainer.train(data, TrainFile.options("bad", "1", 0.3, 3, Map.of(
        TrainerOptions.COUNTRY_COLUMN, "", TrainerOptions.BASELINE, "false")));
    assertNull(off.metrics().fairness(), "an empty country-column turns the report off");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScorecardTrainer.train(data,
        TrainFile.options("bad", "1", 0.3, 3, Map.of(TrainerOptions.COUNTRY_COLUMN, "country"))));
    assertEquals("Cannot train a scorecard: country column country not found; available columns: company_id, "
        + "registry_country, days_late, status, bad (an empty country-column turns the country report off)",
        e.getMessage());
  }

  private static Fairness.Group group(List<Fairness.Group> groups, String name) {
    return groups.stream().filter(g -> g.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no group " + name + " in " + groups));
  }
}
