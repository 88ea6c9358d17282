package io.tradecredit.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.config.PipelineConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Each check of the gate on a constructed bad case, and a young lake on constructed good ones, against the
 * built-in thresholds. */
class QualityChecksTest extends SparkTestBase {
  static final PipelineConfig.Publish LIMITS = ConfigLoader.load(null, List.of(), Path.of(".")).publish();

  /** The number in a company id of {@link #scores}. */
  static final String ID = "int(substring(company_id, 2))";

  /** n scores of a healthy publication: scores spread over 450..849, grades by score band, 20% LOW. */
  static Dataset<Row> scores(int n, String extraWhere) {
    return spark().range(n).selectExpr("concat('C', id) AS company_id", "DATE'2026-11-03' AS as_of_date",
        "CAST(450 + id * 7 % 400 AS INT) AS score", "0.02 AS pd_12m",
        "CASE WHEN 450 + id * 7 % 400 >= 700 THEN 'A' ELSE 'BB' END AS grade",
        "CASE WHEN id % 5 = 0 THEN 'LOW' ELSE 'HIGH' END AS confidence",
        "array(named_struct('code', 'X', 'text', 'x', 'points', -3)) AS reasons", "'m1' AS model_version")
        .where(extraWhere);
  }

  static Map<String, String> verdicts(Dataset<Row> staged, Dataset<Row> previous) {
    return QualityChecks.run(staged, previous, LIMITS).stream()
        .collect(Collectors.toMap(Check::name, Check::verdict));
  }

  static void onlyFails(String check, Dataset<Row> staged, Dataset<Row> previous) {
    Map<String, String> v = verdicts(staged, previous);
    assertEquals(Check.FAIL, v.get(check), v.toString());
    v.forEach((name, verdict) -> {
      if (!name.equals(check)) {
        assertTrue(!verdict.equals(Check.FAIL), name + " fails too: " + v);
      }
    });
  }

  /** Per company: whether it traded in the last 30 days, and its orders in 365 days (its evidence). */
  static Dataset<Row> evidence(int n, String activeWhen, String evidence) {
    return spark().range(n).selectExpr("concat('C', id) AS company_id", "(" + activeWhen + ") AS active",
        "CAST(" + evidence + " AS STRING) AS evidence");
  }

  static Night night(Dataset<Row> staged, Dataset<Row> previous, List<String> missingFeeds, long tradeDays) {
    return new Night(staged, previous, evidence(200, "true", "id"), previous == null ? null
        : evidence(200, "true", "id"), missingFeeds, tradeDays);
  }

  static Check check(String name, Night night) {
    return QualityChecks.run(night, LIMITS).stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aHealthyPublicationPassesEveryCheck() {
    List<Check> checks = QualityChecks.run(night(scores(200, "true"), scores(200, "true"), List.of(), 400), LIMITS);
    Map<String, String> v = checks.stream().collect(Collectors.toMap(Check::name, Check::verdict));
    assertEquals(List.of("active_companies_drop", "daily_feeds_missing", "duplicate_company_id",
        "grade_migration_all", "grade_migration_share", "low_confidence_rise", "low_confidence_share", "pd_out_of_range", "required_nulls",
        "row_ratio", "rows", "score_out_of_range", "score_psi"), v.keySet().stream().sorted().toList());
    assertEquals(Check.INFO, v.remove("low_confidence_share"), "a level of LOW is recorded, not judged");
    assertEquals(Check.INFO, v.remove("grade_migration_all"), "migration with new evidence is recorded");
    assertTrue(v.values().stream().allMatch(Check.PASS::equals), v.toString());
  }

  @Test
  void aFirstPublicationAllLowPublishesWithTheShareRecorded() {
    Dataset<Row> allLow = scores(200, "true").withColumn("confidence", org.apache.spark.sql.functions.lit("LOW"));
    List<Check> checks = QualityChecks.run(night(allLow, null, List.of(), 1), LIMITS);
    assertTrue(checks.stream().noneMatch(c -> c.verdict().equals(Check.FAIL)), checks.toString());
    assertEquals("low_confidence_share=1 INFO (reported, not judged: a young lake is LOW by nature; its rise is "
        + "low_confidence_rise)", checks.stream().filter(c -> c.name().equals("low_confidence_share")).findFirst()
        .orElseThrow().toString());
  }

  @Test
  void aDailyFeedMissingFailsAndIsNamed() {
    Check feeds = check("daily_feeds_missing", night(scores(200, "true"), scores(200, "true"),
        List.of("payments"), 400));
    assertEquals("daily_feeds_missing=1 FAIL (= 0; no drop of the date ingested for payments)", feeds.toString());
    Check first = check("daily_feeds_missing", night(scores(200, "true"), null, List.of("orders", "fx_rates"), 1));
    assertEquals(Check.FAIL, first.verdict(), "a first publication too: " + first);
  }

  @Test
  void aCollapseOfActiveCompaniesFails() {
    Night collapsed = new Night(scores(200, "true"), scores(200, "true"), evidence(200, "id < 60", "id"),
        evidence(200, "id < 150", "id"), List.of(), 400);
    Check drop = check("active_companies_drop", collapsed);
    assertEquals(0.6, drop.value(), 1e-9);
    assertEquals(Check.FAIL, drop.verdict());
    Night grown = new Night(scores(200, "true"), scores(200, "true"), evidence(200, "true", "id"),
        evidence(200, "id < 10", "id"), List.of(), 400);
    assertEquals(0.0, check("active_companies_drop", grown).value(), 1e-9, "growth is no drop");
  }

  @Test
  void gradesMovingWithNewEvidenceAreTheScoreAtWorkAndWithoutItFail() {
    Dataset<Row> previous = scores(200, "true").withColumn("grade",
        org.apache.spark.sql.functions.expr("CASE WHEN grade = 'A' THEN 'BB' ELSE 'A' END"));
    // Every grade moved; the companies that moved all have new evidence but ten.
    Night withEvidence = new Night(scores(200, "true"), previous, evidence(200, "true", "IF(id < 10, id, id + 1)"),
        evidence(200, "true", "id"), List.of(), 400);
    Check migration = check("grade_migration_share", withEvidence);
    assertEquals(1.0, migration.value(), 1e-9, "the ten without new evidence all moved");
    assertEquals("warn > 0.3, fail > 0.6; among the 10 companies whose evidence did not change",
        migration.threshold());
    Dataset<Row> tenMoved = scores(200, "true").withColumn("grade",
        org.apache.spark.sql.functions.expr("CASE WHEN " + ID + " >= 10 THEN (CASE WHEN grade = 'A' THEN 'BB' ELSE 'A' END)"
            + " ELSE grade END"));
    Night onlyNewEvidenceMoved = new Night(scores(200, "true"), tenMoved, evidence(200, "true",
        "IF(id < 10, id, id + 1)"), evidence(200, "true", "id"), List.of(), 400);
    assertEquals(Check.PASS, check("grade_migration_share", onlyNewEvidenceMoved).verdict());
    assertEquals(Check.FAIL, migration.verdict());
    // Every company scored on both dates, whatever its evidence: all 200 moved, then 190.
    assertEquals(1.0, check("grade_migration_all", withEvidence).value(), 1e-9);
    assertEquals(0.95, check("grade_migration_all", onlyNewEvidenceMoved).value(), 1e-9);
    // A company without evidence on a date counts among all, not among those whose evidence did not change.
    Night someWithout = new Night(scores(200, "true"), tenMoved, evidence(200, "true", "IF(id < 10, id, id + 1)")
        .where("company_id NOT IN ('C0', 'C1')"), evidence(200, "true", "id"), List.of(), 400);
    assertEquals("warn > 0.3, fail > 0.6; among the 8 companies whose evidence did not change",
        check("grade_migration_share", someWithout).threshold());
    assertEquals(0.95, check("grade_migration_all", someWithout).value(), 1e-9);
  }

  @Test
  void theScorePsiOfAYoungLakeIsRecordedNotJudged() {
    Dataset<Row> shifted = scores(200, "true").withColumn("score",
        org.apache.spark.sql.functions.expr("CAST(300 + score % 100 AS INT)"));
    Check young = check("score_psi", night(shifted, scores(200, "true"), List.of(), 20));
    assertEquals(Check.INFO, young.verdict(), young.toString());
    assertTrue(young.threshold().contains("20 days of trade history, below young_lake_days 90"), young.toString());
    assertEquals(Check.FAIL, check("score_psi", night(shifted, scores(200, "true"), List.of(), 90)).verdict());
  }

  @Test
  void noRowsFails() {
    onlyFails("rows", scores(200, "false"), null);
  }

  @Test
  void aDuplicateCompanyFails() {
    onlyFails("duplicate_company_id", scores(200, "true").union(scores(200, "id = 7")), scores(200, "true"));
  }

  @Test
  void aScoreOutsideTheScaleFails() {
    onlyFails("score_out_of_range", scores(200, "true").withColumn("score",
        org.apache.spark.sql.functions.expr("CASE WHEN company_id = 'C3' THEN 851 ELSE score END")), null);
  }

  @Test
  void aProbabilityOutsideZeroToOneFails() {
    onlyFails("pd_out_of_range", scores(200, "true").withColumn("pd_12m",
        org.apache.spark.sql.functions.expr("CASE WHEN company_id = 'C3' THEN double('NaN') ELSE pd_12m END")), null);
  }

  @Test
  void aMissingRequiredValueFails() {
    onlyFails("required_nulls", scores(200, "true").withColumn("grade",
        org.apache.spark.sql.functions.expr("CASE WHEN company_id = 'C3' THEN NULL ELSE grade END")), null);
  }

  @Test
  void aJumpOfLowConfidenceFails() {
    // 20% LOW before, 60% now.
    Dataset<Row> jumped = scores(200, "true").withColumn("confidence",
        org.apache.spark.sql.functions.expr("CASE WHEN " + ID + " % 5 IN (0, 1, 2) THEN 'LOW' ELSE 'HIGH' END"));
    Check rise = check("low_confidence_rise", night(jumped, scores(200, "true"), List.of(), 400));
    assertEquals(0.4, rise.value(), 1e-9);
    onlyFails("low_confidence_rise", jumped, scores(200, "true"));
  }

  @Test
  void fewerRowsThanThePreviousPublicationAllowsFail() {
    Check ratio = QualityChecks.run(scores(200, "id < 150"), scores(200, "true"), LIMITS).stream()
        .filter(c -> c.name().equals("row_ratio")).findFirst().orElseThrow();
    assertEquals(0.75, ratio.value(), 1e-9);
    assertEquals(Check.FAIL, ratio.verdict());
  }

  @Test
  void mostGradesChangingFails() {
    Dataset<Row> previous = scores(200, "true").withColumn("grade",
        org.apache.spark.sql.functions.expr("CASE WHEN grade = 'A' THEN 'BB' ELSE 'A' END"));
    assertEquals(1.0, QualityChecks.gradeMigration(scores(200, "true"), previous), 1e-9);
    onlyFails("grade_migration_share", scores(200, "true"), previous);
  }

  @Test
  void aShiftedScoreDistributionFails() {
    Dataset<Row> shifted = scores(200, "true").withColumn("score",
        org.apache.spark.sql.functions.expr("CAST(300 + score % 100 AS INT)"));
    Map<String, String> v = verdicts(shifted, scores(200, "true"));
    assertEquals(Check.FAIL, v.get("score_psi"), v.toString());
  }

  @Test
  void thresholdsComeFromTheEnvironmentsConfiguration() {
    PipelineConfig.Publish strict = ConfigLoader.load(null, List.of("publish.low_confidence_rise.warn=0.01",
        "publish.low_confidence_rise.fail=0.02"), Path.of(".")).publish();
    Dataset<Row> more = scores(200, "true").withColumn("confidence",
        org.apache.spark.sql.functions.expr("CASE WHEN " + ID + " % 5 = 0 OR " + ID + " < 11 THEN 'LOW' ELSE 'HIGH' END"));
    Check low = QualityChecks.run(more, scores(200, "true"), strict).stream()
        .filter(c -> c.name().equals("low_confidence_rise")).findFirst().orElseThrow();
    assertEquals(0.04, low.value(), 1e-9);
    assertEquals(Check.FAIL, low.verdict());
    assertEquals("warn > 0.01, fail > 0.02", low.threshold());
  }

  /**
   * {@link #scores} with the two sub-risks: fulfilment scored for every company (its score the credit score's, or
   * {@code fulfilmentScore}), payment null with NO_BUYER_ACTIVITY for every third company.
   */
  static Dataset<Row> withRisks(Dataset<Row> scores, String fulfilmentScore) {
    return scores.selectExpr("*", "CAST(" + fulfilmentScore + " AS INT) AS fulfilment_score", "0.03 AS fulfilment_pd",
            "grade AS fulfilment_grade", "confidence AS fulfilment_confidence", "reasons AS fulfilment_reasons",
            "IF(" + ID + " % 3 = 0, NULL, score) AS payment_score", "IF(" + ID + " % 3 = 0, NULL, 0.04) AS payment_pd",
            "IF(" + ID + " % 3 = 0, NULL, grade) AS payment_grade",
            "IF(" + ID + " % 3 = 0, NULL, confidence) AS payment_confidence",
            "IF(" + ID + " % 3 = 0, NULL, reasons) AS payment_reasons",
            "IF(" + ID + " % 3 = 0, map('payment', 'NO_BUYER_ACTIVITY: no orders as buyer'), map()) AS unscored_reasons");
  }

  @Test
  void theFulfilmentAndPaymentRisksAreCheckedAndAHealthyPairPasses() {
    Night healthy = night(withRisks(scores(200, "true"), "score"), withRisks(scores(200, "true"), "score"), List.of(),
        400);
    Map<String, Check> c = QualityChecks.run(healthy, LIMITS).stream()
        .collect(Collectors.toMap(Check::name, x -> x));
    for (String risk : List.of("fulfilment", "payment")) {
      assertEquals(Check.PASS, c.get(risk + "_out_of_range").verdict(), c.toString());
      assertEquals(Check.PASS, c.get(risk + "_unexplained_nulls").verdict(), c.toString());
      assertEquals(Check.PASS, c.get(risk + "_score_psi").verdict(), c.toString());
    }
    assertEquals(1.0, c.get("fulfilment_scored_share").value(), 1e-9);
    assertEquals(133 / 200.0, c.get("payment_scored_share").value(), 1e-9, "every third company has no buyer activity");
    assertTrue(c.values().stream().noneMatch(x -> x.verdict().equals(Check.FAIL)), c.toString());
  }

  @Test
  void aSubRiskOffItsScaleOrNullWithoutAReasonFails() {
    onlyFails("fulfilment_out_of_range", withRisks(scores(200, "true"), "IF(" + ID + " = 5, 860, score)"), null);
    onlyFails("payment_unexplained_nulls", withRisks(scores(200, "true"), "score")
        .withColumn("unscored_reasons", org.apache.spark.sql.functions.expr("CAST(map() AS MAP<STRING, STRING>)")), null);
    onlyFails("payment_unexplained_nulls", withRisks(scores(200, "true"), "score")
        .withColumn("payment_grade", org.apache.spark.sql.functions.expr("IF(" + ID + " = 4, NULL, payment_grade)")),
        null);
  }

  @Test
  void aShiftedSubRiskDistributionFailsOnceTheLakeIsNotYoung() {
    Dataset<Row> shifted = withRisks(scores(200, "true"), "300 + score % 100");
    Dataset<Row> before = withRisks(scores(200, "true"), "score");
    assertEquals(Check.FAIL, check("fulfilment_score_psi", night(shifted, before, List.of(), 400)).verdict());
    assertEquals(Check.INFO, check("fulfilment_score_psi", night(shifted, before, List.of(), 30)).verdict(),
        "a young lake records it, as score_psi");
    // Without a model of the risk nothing is scored: no distribution to compare, and nothing fails.
    Dataset<Row> noModel = withRisks(scores(200, "true"), "score").selectExpr("*",
            "map('fulfilment', 'NO_MODEL', 'payment', 'NO_MODEL') AS no_model")
        .drop("unscored_reasons").withColumnRenamed("no_model", "unscored_reasons")
        .withColumn("fulfilment_pd", org.apache.spark.sql.functions.lit(null).cast("double"))
        .withColumn("fulfilment_score", org.apache.spark.sql.functions.lit(null).cast("int"))
        .withColumn("payment_pd", org.apache.spark.sql.functions.lit(null).cast("double"))
        .withColumn("payment_score", org.apache.spark.sql.functions.lit(null).cast("int"));
    Map<String, Check> c = QualityChecks.run(night(noModel, noModel, List.of(), 400), LIMITS).stream()
        .collect(Collectors.toMap(Check::name, x -> x));
    assertEquals(Check.PASS, c.get("fulfilment_unexplained_nulls").verdict(), "each null has its reason");
    assertEquals(Check.PASS, c.get("payment_unexplained_nulls").verdict());
    assertTrue(c.keySet().stream().noneMatch(n -> n.startsWith("fulfilment_") && !n.endsWith("_unexplained_nulls")
        || n.startsWith("payment_") && !n.endsWith("_unexplained_nulls")), c.keySet().toString());
    assertTrue(c.values().stream().noneMatch(x -> x.verdict().equals(Check.FAIL)), c.toString());
  }
}
