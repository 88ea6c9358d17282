package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.Scorecard;
import io.tradecredit.model.Target;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code promote} records who promoted which model and why; the next night scores that risk with it. */
class PromotionTest extends SparkTestBase {
  static final Path HOME = SampleLake.HOME;

  @TempDir Path tmp;

  /** The shipped scorecard, stated to be a model of {@code target}: it reads the features every night computes. */
  static Path model(Path dir, Target target, String version) {
    Scorecard shipped = Scorecard.read(HOME.resolve("conf/models/scorecard-v1.json"));
    Scorecard m = shipped.forTarget(target);
    Path path = dir.resolve(version).resolve("model.json");
    new Scorecard(version, m.createdAt(), m.description(), m.training(), m.label(), m.characteristics(),
        m.logistic(), m.scaling(), m.calibration(), m.gradeBands(), m.metrics()).write(path);
    return path;
  }

  @Test
  void aPromotedPaymentModelIsRecordedAndScoresBuyersTheNextNightAndNotTheOthers() {
    RunContext lake = SampleLake.copy(tmp.resolve("night"));
    List<String> settings = SampleLake.settings(tmp.resolve("night"), HOME.resolve("data-samples/landing"));
    Path candidate = model(tmp.resolve("candidates"), Target.PAYMENT, "payment-sample");

    CliRun promote = CliRun.run(settings, "promote", candidate.toString(), "--reason", "report reviewed, ticket 42",
        "--operator", "risk-desk");

    assertEquals(0, promote.code(), promote.toString());
    assertTrue(promote.out().contains("promoted payment-sample as the payment model"), promote.out());
    assertEquals(rows("[payment,payment-sample,risk-desk," + System.getProperty("user.name")
            + ",report reviewed, ticket 42," + candidate.toAbsolutePath().normalize() + "]"),
        rows(lake.lake().read(Tables.MODEL_PROMOTIONS).select("target", "model_version", "operator", "os_user",
            "reason", "model_path")));
    assertTrue(NightInputs.of(lake, SampleLake.SECOND).decide(lake.lake(), SampleLake.SECOND).why()
        .contains("another model artifact"), "a promotion makes the published night run again");

    Nightly.run(lake, SampleLake.SECOND);

    Dataset<Row> score = lake.lake().read(Tables.COMPANY_SCORE).join(lake.lake().read(Tables.COMPANY_FEATURES)
        .where("as_of_date = DATE'" + SampleLake.SECOND + "'").select("company_id", "buyer_orders_365d"),
        "company_id");
    long buyers = score.where("buyer_orders_365d > 0").count();
    assertTrue(buyers > 0 && buyers < score.count(), buyers + " buyers of " + score.count());
    // The same scorecard as the credit score, so the same points, pd, grade and reasons wherever it scores.
    assertEquals(buyers, score.where("buyer_orders_365d > 0 AND payment_score = score AND payment_pd = pd_12m "
        + "AND payment_grade = grade AND payment_reasons = reasons AND payment_confidence IS NOT NULL").count());
    assertEquals(rows("[{\"credit\":\"scorecard-v1\",\"payment\":\"payment-sample\"},{\"fulfilment\":\"NO_MODEL: "
        + "no model of this risk is configured\"}]"), rows(score.where("buyer_orders_365d > 0")
        .selectExpr("to_json(model_versions)", "to_json(unscored_reasons)").distinct()));
    // A company that bought nothing: null payment risk, with its reason.
    assertEquals(rows("[true,{\"fulfilment\":\"NO_MODEL: no model of this risk is configured\",\"payment\":"
        + "\"NO_BUYER_ACTIVITY: no orders as buyer in the 365 days to as_of_date\"}]"), rows(score
        .where("coalesce(buyer_orders_365d, 0) = 0").selectExpr("payment_pd IS NULL AND payment_score IS NULL AND "
            + "payment_grade IS NULL AND payment_confidence IS NULL AND payment_reasons IS NULL",
            "to_json(unscored_reasons)").distinct()));
    assertEquals(0, score.where("fulfilment_score IS NOT NULL").count(), "no fulfilment model is promoted");
    assertEquals(rows("[" + buyers + "]"), rows(lake.lake().read(Tables.COMPANY_SCORE_HISTORY)
        .where("as_of_date = DATE'" + SampleLake.SECOND + "'").selectExpr("count(payment_score)")));
    // The gate checked the new risk: on its scale, every null explained, its share recorded; the unscored
    // fulfilment risk only for its reasons. The previous publication had no payment scores: nothing to compare.
    assertEquals(rows("[fulfilment_unexplained_nulls,0.0,PASS]", "[payment_out_of_range,0.0,PASS]",
            "[payment_scored_share," + (double) buyers / score.count() + ",INFO]", "[payment_score_psi,0.0,INFO]",
            "[payment_unexplained_nulls,0.0,PASS]"),
        rows(lake.lake().read(Tables.PUBLISH_LOG).where("published AND as_of_date = DATE'" + SampleLake.SECOND + "'")
            .orderBy(org.apache.spark.sql.functions.col("started_at").desc()).limit(1)
            .selectExpr("explode(checks) AS c").where("c.name LIKE 'fulfilment%' OR c.name LIKE 'payment%'")
            .selectExpr("c.name", "c.value", "c.verdict")));
  }

  @Test
  void aModelIsPromotedOnlyForTheRiskItWasTrainedFor() {
    List<String> settings = SampleLake.settings(tmp.resolve("refused"), HOME.resolve("data-samples/landing"));
    Path payment = model(tmp, Target.PAYMENT, "payment-x");

    CliRun wrong = CliRun.run(settings, "promote", payment.toString(), "--target", "fulfilment", "--reason", "r");
    CliRun none = CliRun.run(settings, "promote", HOME.resolve("conf/models/scorecard-v1.json").toString(),
        "--reason", "r");

    assertEquals(2, wrong.code(), wrong.toString());
    assertEquals("error: Cannot promote " + payment + " as the fulfilment model: model payment-x was trained for "
        + "payment\n", wrong.err());
    assertEquals(2, none.code(), none.toString());
    assertTrue(none.err().contains("model scorecard-v1 states no target (trained from a file); name it with --target "
        + "credit|fulfilment|payment"), none.err());
  }
}
