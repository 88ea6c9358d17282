package io.tradecredit.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The canonical text and digest of a published row: exact, and stable as the contract grows. */
class ProfilePublishedRowTest {
  static final StructType REASON = new StructType().add("code", DataTypes.StringType)
      .add("text", DataTypes.StringType).add("points", DataTypes.IntegerType);
  static final StructType FIRST_WAVE = new StructType()
      .add("company_id", DataTypes.StringType).add("registry_country", DataTypes.StringType)
      .add("registration_number", DataTypes.StringType).add("legal_name", DataTypes.StringType)
      .add("as_of_date", DataTypes.DateType).add("score", DataTypes.IntegerType).add("pd_12m", DataTypes.DoubleType)
      .add("grade", DataTypes.StringType).add("confidence", DataTypes.StringType)
      .add("reasons", DataTypes.createArrayType(REASON)).add("prev_score", DataTypes.IntegerType)
      .add("model_version", DataTypes.StringType).add("run_id", DataTypes.StringType);
  static final StructType SECOND_WAVE = FIRST_WAVE.add("match_method", DataTypes.StringType)
      .add("match_confidence", DataTypes.DoubleType).add("credit_limit_usd", DataTypes.createDecimalType(18, 2))
      .add("model_versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));

  static Row row(StructType schema, int score, Object... secondWave) {
    List<Object> v = new ArrayList<>(List.of("DE:HRB1", "DE", "HRB1", "Müller \"Tools\" GmbH",
        java.sql.Date.valueOf("2026-11-03"), score, 0.1, "BBB", "HIGH",
        scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of(new GenericRowWithSchema(
            new Object[] {"R1", "few orders", -12}, REASON))).toSeq()));
    v.add(null);
    v.add("scorecard-v1");
    v.add("run-1");
    v.addAll(java.util.Arrays.asList(secondWave));
    return new GenericRowWithSchema(v.toArray(), schema);
  }

  @Test
  void theCanonicalTextIsExact() {
    assertEquals("{\"company_id\":\"DE:HRB1\",\"registry_country\":\"DE\",\"registration_number\":\"HRB1\","
        + "\"legal_name\":\"Müller \\\"Tools\\\" GmbH\",\"as_of_date\":\"2026-11-03\",\"score\":700,"
        + "\"pd_12m\":0.1000000000000000055511151231257827021181583404541015625,\"grade\":\"BBB\","
        + "\"confidence\":\"HIGH\",\"reasons\":[{\"code\":\"R1\",\"text\":\"few orders\",\"points\":-12}],"
        + "\"prev_score\":null,\"model_version\":\"scorecard-v1\",\"run_id\":\"run-1\"}",
        PublishedRow.canonical(row(FIRST_WAVE, 700)));
  }

  @Test
  void aRowPublishedBeforeTheSecondWaveKeepsItsDigest() {
    String before = PublishedRow.digest(row(FIRST_WAVE, 700));
    assertEquals(before, PublishedRow.digest(row(SECOND_WAVE, 700, null, null, null, null)));
    String limited = PublishedRow.digest(row(SECOND_WAVE, 700, "REGISTRATION_NUMBER", 1.0,
        new BigDecimal("1200.00"), scala.collection.immutable.Map$.MODULE$.empty()));
    assertNotEquals(before, limited);
    assertEquals(true, PublishedRow.canonical(row(SECOND_WAVE, 700, "REGISTRATION_NUMBER", 1.0,
        new BigDecimal("1200.00"), null)).endsWith("\"run_id\":\"run-1\",\"match_method\":\"REGISTRATION_NUMBER\","
        + "\"match_confidence\":1,\"credit_limit_usd\":1200.00}"));
    assertNotEquals(before, PublishedRow.digest(row(FIRST_WAVE, 701)));
    assertEquals(71, before.length(), before);
  }
}
