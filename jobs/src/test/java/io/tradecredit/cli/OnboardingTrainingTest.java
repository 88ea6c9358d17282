package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.generate.WorldGenerator;
import io.tradecredit.generate.WorldSpec;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.Scorecard;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform onboarded with 13 months of history in one drop trains its fulfilment and payment models on its first
 * day (features of past month ends by event date, which the model says), and after promotion the rerun night
 * publishes both risks, ranking companies as the world's latent quality does. Tagged bench: two trainings of a
 * 300-company world take longer than all the long tests (39 min beside other work); bench/model/onboarding-training.sh
 * runs it.
 */
@Tag("bench")
class OnboardingTrainingTest extends SparkTestBase {
  static final Path HOME = SampleLake.HOME;
  static final WorldSpec SPEC = new WorldSpec(300, 400, 11, LocalDate.parse("2025-01-01"), 1,
      WorldSpec.BAD_SHARE_DEFAULT, WorldSpec.ORDERS_PER_COMPANY_YEAR_DEFAULT);

  @TempDir Path tmp;

  @Test
  void trainsOnTheFirstDayPromotesAndPublishesBothRisks() {
    Path world = tmp.resolve("world");
    WorldGenerator.run(spark(), SPEC, world.toString());
    LocalDate day = SPEC.lastDay();
    List<String> settings = SampleLake.settings(tmp, world.resolve("landing"));
    RunContext ctx = SampleLake.context(tmp, world.resolve("landing"));
    Nightly.run(ctx, day);

    for (String risk : List.of("fulfilment", "payment")) {
      Path out = tmp.resolve("candidates").resolve(risk);
      CliRun train = CliRun.run(settings, "train", "--date", day.toString(), "--target", risk, "--out",
          out.toString(), "--option", "version=" + risk + "-onboarding");
      assertEquals(0, train.code(), train.toString());
      Scorecard model = Scorecard.read(out.resolve("model.json"));
      assertEquals(risk, model.label().target());
      assertTrue(model.training().source().contains("taken by event date"), model.training().source());
      assertTrue(train.out().contains("champion: no " + risk + " model is promoted yet"), train.out());
      CliRun promote = CliRun.run(settings, "promote", out.resolve("model.json").toString(), "--reason",
          "onboarding candidate reviewed");
      assertEquals(0, promote.code(), promote.toString());
    }
    Nightly.run(ctx, day);

    Dataset<Row> published = ctx.lake().read(Tables.COMPANY_SCORE).join(ctx.lake().read(Tables.COMPANY_FEATURES)
        .where("as_of_date = DATE'" + day + "'").select("company_id", "seller_orders_365d", "buyer_orders_365d"),
        "company_id");
    assertEquals(0, published.where("(seller_orders_365d > 0) <> (fulfilment_score IS NOT NULL) OR "
        + "(buyer_orders_365d > 0) <> (payment_score IS NOT NULL)").count());
    assertEquals(rows("[{\"credit\":\"scorecard-v1\",\"fulfilment\":\"fulfilment-onboarding\",\"payment\":"
        + "\"payment-onboarding\"}]"), rows(published.selectExpr("to_json(model_versions)").distinct()));
    // Riskier as the world made them: pd falls as the latent quality rises.
    Dataset<Row> truth = spark().read().parquet(world.resolve("truth/companies").toString()).select("company_id",
        "quality_at_end");
    Row corr = published.join(truth, "company_id")
        .selectExpr("corr(fulfilment_pd, quality_at_end)", "corr(payment_pd, quality_at_end)").first();
    System.out.printf("onboarding: correlation of pd with latent quality: fulfilment %.3f, payment %.3f%n",
        corr.getDouble(0), corr.getDouble(1));
    assertTrue(corr.getDouble(0) < -0.1 && corr.getDouble(1) < -0.1, corr.toString());
  }
}
