package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

class ScorecardScorerTest extends SparkTestBase {

  private static Dataset<Row> features(Object[]... rows) {
    return spark().createDataFrame(
        java.util.Arrays.stream(rows).map(RowFactory::create).toList(), TestData.FEATURES);
  }

  private static Map<String, Row> byCompany(Dataset<Row> scored) {
    return scored.collectAsList().stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
  }

  @Test
  void addsTheContractColumnsWithTheirTypes() {
    Dataset<Row> scored = ScorecardScorer.score(features(new Object[] {"c1", 1.0, "ACTIVE", 500.0}), TestData.manualModel());
    assertEquals("struct<company_id:string,days_late:double,status:string,capital:double,score:int,pd_12m:double,"
        + "grade:string,reasons:array<struct<code:string,text:string,points:int>>>",
        scored.schema().simpleString());
  }

  @Test
  void scoresAreSumsOfPointsClippedAndPdFallsAsTheScoreRises() {
    Dataset<Row> scored = ScorecardScorer.score(features(
        new Object[] {"best", 1.0, "ACTIVE", 5000.0},        // 300 + 300 + 400 = 1000, clipped to 850
        new Object[] {"good", 1.0, "ACTIVE", 10.0},          // 300 + 300 + 0 = 600
        new Object[] {"mid", 10.0, "ACTIVE", -1.0},          // 250 + 300 + 10 (special) = 560
        new Object[] {"worse", 40.0, "SUSPENDED", null},     // 150 + 100 + 0 = 250, clipped to 300
        new Object[] {"unseen", 10.0, "STRUCK_OFF", 10.0},   // 250 + 150 (unseen = missing) + 0 = 400
        new Object[] {"nan", Double.NaN, null, 10.0}),       // 200 + 150 + 0 = 350
        TestData.manualModel());
    Map<String, Row> rows = byCompany(scored);
    Map<String, Integer> scores = rows.values().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r.getInt(r.fieldIndex("score"))));
    assertEquals(Map.of("best", 850, "good", 600, "mid", 560, "worse", 300, "unseen", 400, "nan", 350), scores);

    List<Row> ordered = scored.orderBy("score").collectAsList();
    for (int i = 1; i < ordered.size(); i++) {
      double before = ordered.get(i - 1).getDouble(ordered.get(i - 1).fieldIndex("pd_12m"));
      double after = ordered.get(i).getDouble(ordered.get(i).fieldIndex("pd_12m"));
      assertTrue(after < before, "pd must fall as the score rises: " + ordered);
    }
    // pd = 1 / (1 + exp(-(8 - 0.02 * 600))) = 1 / (1 + e^4)
    Row good = rows.get("good");
    assertEquals(1 / (1 + Math.exp(4)), good.getDouble(good.fieldIndex("pd_12m")), 1e-12);
    assertEquals("BB", good.getString(good.fieldIndex("grade"))); // 0.018 is in (0.01, 0.025]
    Row best = rows.get("best");
    assertEquals("AAA", best.getString(best.fieldIndex("grade")));
    Row worse = rows.get("worse");
    assertEquals("C", worse.getString(worse.fieldIndex("grade")));
  }

  @Test
  void reasonsNameTheCharacteristicsFurthestBelowTheirBestBin() {
    Dataset<Row> scored = ScorecardScorer.score(features(
        new Object[] {"best", 1.0, "ACTIVE", 5000.0},
        new Object[] {"late", 40.0, "ACTIVE", 5000.0},
        new Object[] {"three", 10.0, "INACTIVE", 10.0},
        new Object[] {"missing", null, null, 5000.0},
        new Object[] {"thin", null, null, null}),
        TestData.manualModel())
        .select(col("company_id"), expr("array_join(transform(reasons, r -> concat(r.code, ':', r.points)), ' ')"));
    assertEquals(rows(
        "[best,]",
        "[late,DAYS_LATE:-150]",
        // capital -400, status -200, days late -50: most adverse first
        "[three,CAPITAL:-400 STATUS:-200 DAYS_LATE:-50]",
        // missing values report the missing-value reason of their characteristic
        "[missing,NO_REGISTRY:-150 DAYS_LATE_MISSING:-100]",
        // status and capital both missing for want of a registry record: one reason, points added up
        "[thin,NO_REGISTRY:-550 DAYS_LATE_MISSING:-100]"),
        rows(scored));
  }

  @Test
  void refusesAFeaturesTableWithoutACharacteristic() {
    Dataset<Row> features = features(new Object[] {"c1", 1.0, "ACTIVE", 500.0}).drop("status");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScorecardScorer.score(features, TestData.manualModel()));
    assertEquals("Cannot score with model test-v1: characteristic status must be a string column, found no such column",
        e.getMessage());
  }

  @Test
  void refusesACharacteristicOfTheWrongType() {
    Dataset<Row> features = features(new Object[] {"c1", 1.0, "ACTIVE", 500.0})
        .withColumn("days_late", org.apache.spark.sql.functions.col("days_late").cast(DataTypes.StringType));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ScorecardScorer.score(features, TestData.manualModel()));
    assertEquals("Cannot score with model test-v1: characteristic days_late must be a double column, found string",
        e.getMessage());
  }

  @Test
  void readsOtherNumericTypesAsDouble() {
    Dataset<Row> features = features(new Object[] {"c1", 40.0, "ACTIVE", 5000.0})
        .withColumn("days_late", org.apache.spark.sql.functions.col("days_late").cast(DataTypes.IntegerType));
    Row r = ScorecardScorer.score(features, TestData.manualModel()).first();
    assertEquals(850, r.getInt(r.fieldIndex("score")));
  }
}
