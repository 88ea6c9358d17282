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

/** Each check of the gate on a constructed bad case, against the built-in thresholds. */
class QualityChecksTest extends SparkTestBase {
  static final PipelineConfig.Publish LIMITS = ConfigLoader.load(null, List.of(), Path.of(".")).publish();

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

  @Test
  void aHealthyPublicationPassesEveryCheck() {
    Map<String, String> v = verdicts(scores(200, "true"), scores(200, "true"));
    assertEquals(List.of("duplicate_company_id", "grade_migration_share", "low_confidence_share", "pd_out_of_range",
        "required_nulls", "row_ratio", "rows", "score_out_of_range", "score_psi"), v.keySet().stream().sorted()
        .toList());
    assertTrue(v.values().stream().allMatch(Check.PASS::equals), v.toString());
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
  void tooManyLowConfidenceScoresFail() {
    onlyFails("low_confidence_share", scores(200, "true").withColumn("confidence",
        org.apache.spark.sql.functions.lit("LOW")), null);
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
    PipelineConfig.Publish strict = ConfigLoader.load(null, List.of("publish.low_confidence_share.warn=0.05",
        "publish.low_confidence_share.fail=0.1"), Path.of(".")).publish();
    Check low = QualityChecks.run(scores(200, "true"), null, strict).stream()
        .filter(c -> c.name().equals("low_confidence_share")).findFirst().orElseThrow();
    assertEquals(0.2, low.value(), 1e-9);
    assertEquals(Check.FAIL, low.verdict());
    assertEquals("warn > 0.05, fail > 0.1", low.threshold());
  }
}
