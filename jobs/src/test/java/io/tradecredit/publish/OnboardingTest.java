package io.tradecredit.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.cli.Nightly;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.generate.WorldGenerator;
import io.tradecredit.generate.WorldSpec;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new platform's lake: a generated world delivered day by day from its first day, backfilled night by night with
 * the default configuration (conf/local.yaml, no threshold changed), publishes every night although its first
 * nights are almost all LOW confidence; and the gate still refuses a broken night: a daily feed missing, a collapse
 * of activity, a jump of LOW confidence, each leaving the published tables as they were.
 */
@Tag("long")
@Tag("many-nights")
class OnboardingTest extends SparkTestBase {
  static final Path HOME = SampleLake.HOME;
  /** 31 days, each a delivery date: the first drop holds one day of trade. Few companies: a night's cost is fixed. */
  static final WorldSpec SPEC = new WorldSpec(40, 31, 5, LocalDate.parse("2026-08-01"), 31,
      WorldSpec.BAD_SHARE_DEFAULT, WorldSpec.ORDERS_PER_COMPANY_YEAR_DEFAULT);
  static final LocalDate LAST = SPEC.lastDay();

  @TempDir static Path tmp;
  static RunContext ctx;
  static Map<String, Long> beforeMissingFeed;
  static Map<String, Long> afterMissingFeed;
  static PublishFailure missingFeed;

  @BeforeAll
  static void backfillFromTheFirstDelivery() throws IOException {
    Path world = tmp.resolve("world");
    WorldGenerator.run(spark(), SPEC, world.toString());
    ctx = context(tmp, world.resolve("landing"));
    long start = System.nanoTime();
    List<LocalDate> nights = SPEC.dropDates();
    // As `nightly --from --to`: one session, the nights in order, each its five stages.
    for (LocalDate night : nights.subList(0, nights.size() - 1)) {
      Nightly.run(ctx, night);
    }
    System.out.printf("onboarding: %d nights backfilled in %.0f s%n", nights.size() - 1,
        (System.nanoTime() - start) / 1e9);

    // The last night's payments arrive unsealed (no _SUCCESS): ingest waits for them, publish must refuse.
    Path seal = world.resolve("landing/payments/dt=" + LAST + "/_SUCCESS");
    Path aside = tmp.resolve("payments-success");
    Files.move(seal, aside);
    beforeMissingFeed = PublishKillTest.versions(ctx.lake());
    missingFeed = assertThrows(PublishFailure.class, () -> Nightly.run(ctx, LAST));
    afterMissingFeed = PublishKillTest.versions(ctx.lake());
    // Once sealed, the same night publishes.
    Files.move(aside, seal);
    Nightly.run(ctx, LAST);
    System.out.printf("onboarding: %d nights and one refused night in %.0f s%n", nights.size(),
        (System.nanoTime() - start) / 1e9);
  }

  static RunContext context(Path root, Path landing) {
    return RunContext.create(spark(), ConfigLoader.load(HOME.resolve("conf/local.yaml"),
        SampleLake.settings(root, landing), HOME));
  }

  /** A copy of the lake and exports after the backfill, under {@code root}. */
  static RunContext copy(Path root) {
    SampleLake.copyTree(Path.of(ctx.config().paths().lake()), root.resolve("lake"));
    SampleLake.copyTree(Path.of(ctx.config().paths().exports()), root.resolve("exports"));
    return context(root, Path.of(ctx.config().paths().landing()));
  }

  /** The verdict of one check of the publication of {@code date}. */
  static String verdict(Lake lake, LocalDate date, String name) {
    return lake.read(Tables.PUBLISH_LOG).where("published AND as_of_date = DATE'" + date + "'")
        .selectExpr("filter(checks, c -> c.name = '" + name + "')[0].verdict").first().getString(0);
  }

  @Test
  void everyNightPublishesFromTheFirstWithTheDefaultConfiguration() {
    Lake lake = ctx.lake();
    assertEquals(SPEC.dropDates().size(), lake.read(Tables.COMPANY_SCORE_HISTORY).select("as_of_date").distinct()
        .count());
    List<String> published = rows(lake.read(Tables.PUBLISH_LOG).where("published")
        .selectExpr("CAST(as_of_date AS STRING)", "forced_reason"));
    assertEquals(SPEC.dropDates().stream().map(d -> "[" + d + ",null]").sorted().toList(), published,
        "one publication a night, none forced");
    // The first night is almost all thin files: recorded, not judged.
    Row first = lake.read(Tables.PUBLISH_LOG).where("as_of_date = DATE'" + SPEC.start() + "'")
        .selectExpr("filter(checks, c -> c.name = 'low_confidence_share')[0]").first().getStruct(0);
    assertTrue(first.getDouble(1) > 0.9, "a young lake is LOW: " + first);
    assertEquals(Check.INFO, first.getString(3));
    // A later night compared with its predecessor: judged, and passing.
    for (String check : List.of("daily_feeds_missing", "low_confidence_rise", "active_companies_drop",
        "grade_migration_share")) {
      assertEquals(Check.PASS, verdict(lake, LAST, check), check);
    }
  }

  @Test
  void aNightWithADailyFeedMissingIsRefusedAndNamesIt() {
    assertTrue(missingFeed.getMessage().startsWith("Cannot publish scores as of " + LAST + ": failing checks "
        + "daily_feeds_missing=1 FAIL (= 0; no drop of the date ingested for payments)"), missingFeed.getMessage());
    assertEquals(beforeMissingFeed, afterMissingFeed, "published tables unchanged");
    assertEquals(List.of("[false]", "[true]"), rows(ctx.lake().read(Tables.PUBLISH_LOG)
        .where("as_of_date = DATE'" + LAST + "'").selectExpr("published")));
  }

  @Test
  void aCollapseOfActivityIsRefused(@TempDir Path root) {
    RunContext copy = copy(root);
    Lake lake = copy.lake();
    // Three companies in four lose their trade of the last 30 days, as if a night's conform had lost it.
    Dataset<Row> features = lake.read(Tables.COMPANY_FEATURES_GOLD).where("as_of_date = DATE'" + LAST + "'");
    Dataset<Row> lost = features
        .withColumn("seller_orders_30d", org.apache.spark.sql.functions.expr(
            "IF(abs(hash(company_id)) % 4 = 0, seller_orders_30d, 0)"))
        .withColumn("buyer_orders_30d", org.apache.spark.sql.functions.expr(
            "IF(abs(hash(company_id)) % 4 = 0, buyer_orders_30d, 0)"));
    lake.replacePartition(Tables.COMPANY_FEATURES_GOLD, lost.localCheckpoint(), "as_of_date", LAST);
    refused(copy, "active_companies_drop");
  }

  @Test
  void aJumpOfLowConfidenceIsRefused(@TempDir Path root) {
    RunContext copy = copy(root);
    Lake lake = copy.lake();
    Dataset<Row> staged = lake.read(Tables.SCORE_STAGING).where("as_of_date = DATE'" + LAST + "'");
    lake.replacePartition(Tables.SCORE_STAGING, staged.withColumn("confidence",
        org.apache.spark.sql.functions.lit("LOW")).localCheckpoint(), "as_of_date", LAST);
    refused(copy, "low_confidence_rise");
  }

  /** Publishing the last night again on {@code copy} fails on {@code check} alone and changes no published table. */
  static void refused(RunContext copy, String check) {
    Map<String, Long> before = PublishKillTest.versions(copy.lake());
    List<String> history = PublishKillTest.history(copy.lake(), LAST);
    PublishFailure failure = assertThrows(PublishFailure.class, () -> new PublishStage(copy.nextRun())
        .run(LAST, null));
    assertTrue(failure.getMessage().matches("Cannot publish scores as of " + LAST + ": failing checks " + check
        + "=0\\.\\d{4} FAIL \\(warn > [0-9.]+, fail > [0-9.]+\\) \\(published tables left unchanged.*"),
        failure.getMessage());
    assertEquals(before, PublishKillTest.versions(copy.lake()));
    assertEquals(history, PublishKillTest.history(copy.lake(), LAST));
  }
}
