package io.tradecredit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.SparkTestBase;
import io.tradecredit.cli.Nightly;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.Rules;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny generated world through the project's own pipeline: ingest must quarantine exactly the planted bad rows,
 * conform exactly the planted unconvertible orders, and the night must publish scores.
 */
class GenerateWorldTest extends SparkTestBase {
  static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  /** One drop of 30 days of history, so that the whole night stays quick. */
  static final WorldSpec SPEC = new WorldSpec(1000, 30, 42, LocalDate.parse("2026-09-10"), 1, 0.04, 100);
  /** The same world delivered over three days: history, then daily changes and late rows. */
  static final WorldSpec DAILY = new WorldSpec(1000, 30, 42, SPEC.start(), 3, 0.04, 100);

  @TempDir static Path tmp;
  static Path world;
  static JsonNode planted;
  static RunContext ctx;

  @BeforeAll
  static void generateAndRunTheNight() throws IOException {
    world = tmp.resolve("world");
    WorldGenerator.run(spark(), SPEC, world.toString());
    planted = new ObjectMapper().readTree(world.resolve("truth/planted.json").toFile());
    ctx = RunContext.create(spark(), ConfigLoader.load(HOME.resolve("conf/local.yaml"), List.of(
        "paths.landing=" + world.resolve("landing"), "paths.lake=" + tmp.resolve("lake"),
        "paths.exports=" + tmp.resolve("exports"), "spark.master=local[2]", "spark.shuffle_partitions=2"), HOME));
    Nightly.run(ctx, SPEC.lastDay());
  }

  private static List<String> plantedQuarantine(String stage) {
    List<String> out = new ArrayList<>();
    planted.get("quarantine").forEach(q -> {
      if (q.get("stage").asText().equals(stage)) {
        out.add("[" + q.get("feed").asText() + "," + q.get("dt").asText() + "," + q.get("rule").asText() + ","
            + q.get("rows").asLong() + "]");
      }
    });
    return rows(out.toArray(new String[0]));
  }

  private static List<String> quarantined(String stage) {
    return rows(ctx.lake().read(Tables.QUARANTINE).where("stage = '" + stage + "'")
        .groupBy("feed", "dt", "rule").count());
  }

  @Test
  void ingestQuarantinesExactlyThePlantedBadRows() {
    List<String> want = plantedQuarantine("ingest");
    assertTrue(want.size() > 30, "a tiny world still plants many kinds of bad rows: " + want);
    assertEquals(want, quarantined("ingest"));
  }

  @Test
  void conformQuarantinesExactlyThePlantedUnconvertibleOrders() {
    List<String> want = plantedQuarantine("conform");
    assertTrue(!want.isEmpty(), "orders in a currency without rates are planted");
    assertEquals(want, quarantined("conform"));
  }

  @Test
  void everyOtherRowIsAcceptedOrDeduplicated() {
    List<String> want = new ArrayList<>();
    planted.get("drops").forEach(d -> want.add("[" + d.get("feed").asText() + "," + d.get("dt").asText() + ","
        + d.get("read").asLong() + "," + d.get("accepted").asLong() + "," + d.get("deduplicated").asLong() + ","
        + d.get("quarantined").asLong() + "]"));
    assertEquals(rows(want.toArray(new String[0])), rows(ctx.lake().read(Tables.INGEST_LOG)
        .where("rows_read > 0")
        .selectExpr("feed", "CAST(dt AS STRING)", "rows_read", "accepted", "deduplicated", "quarantined")));
    assertEquals(0, ctx.lake().read(Tables.INGEST_LOG).where("status <> 'OK'").count(), "no drop fails");
  }

  @Test
  void everyKindOfBadInputTheContractNamesIsPlanted() {
    Set<String> rules = new TreeSet<>();
    planted.get("quarantine").forEach(q -> rules.add(q.get("rule").asText()));
    Set<String> want = new TreeSet<>(List.of(Rules.MALFORMED_ROW, Rules.REQUIRED_MISSING, Rules.TYPE_MISMATCH,
        Rules.BAD_ENUM, Rules.BAD_COUNTRY, Rules.BAD_CURRENCY, Rules.AMOUNT_NOT_POSITIVE, Rules.TERMS_OUT_OF_RANGE,
        Rules.ORDER_AFTER_UPDATE, Rules.DELIVERED_BEFORE_SHIPPED, Rules.DATE_IN_FUTURE, Rules.CURRENCY_MISSING,
        Rules.CAPITAL_NEGATIVE, Rules.RATE_NOT_POSITIVE, Rules.DISPUTE_STATE_INCONSISTENT, Rules.FILE_UNREADABLE,
        Rules.MISSING_COLUMN, Rules.NO_FX_RATE));
    assertEquals(want, rules);
    assertTrue(ctx.lake().read(Tables.INGEST_LOG).where("size(schema_drift) > 0").count() > 0, "schema drift");
    assertTrue(ctx.lake().read(Tables.INGEST_LOG).where("deduplicated > 0").count() > 0, "exact duplicates");
  }

  @Test
  void everyDailyFeedDeliversEveryDayWithinMaxBadRatioAndNothingElseLands() throws IOException {
    Path daily = tmp.resolve("daily");
    WorldGenerator.run(spark(), DAILY, daily.toString());
    for (Feed feed : Feed.values()) {
      for (LocalDate dt : DAILY.dropDates()) {
        Path drop = daily.resolve("landing").resolve(feed.id()).resolve("dt=" + dt);
        assertEquals(feed.daily() || Files.exists(drop), Files.exists(drop.resolve("_SUCCESS")), drop.toString());
      }
    }
    try (Stream<Path> files = Files.walk(daily.resolve("landing"))) {
      files.filter(Files::isRegularFile).forEach(f -> assertTrue(daily.resolve("landing").relativize(f).toString()
          .matches("[a-z_]+/dt=\\d{4}-\\d{2}-\\d{2}/([a-z_]+-[0-9a-z-]+\\.(csv|jsonl)(\\.gz)?|_SUCCESS)"), f.toString()));
    }
    JsonNode drops = new ObjectMapper().readTree(daily.resolve("truth/planted.json").toFile()).get("drops");
    Set<String> dates = new TreeSet<>();
    drops.forEach(d -> {
      dates.add(d.get("dt").asText());
      assertTrue(d.get("quarantined").asLong() <= 0.05 * d.get("read").asLong(), d.toString());
    });
    assertEquals(3, dates.size(), "history and two daily drops");
    assertEquals(digests(daily.resolve("landing")), digests(generate(DAILY, "daily-again").resolve("landing")),
        "the same seed gives the same files");
  }

  @Test
  void theNightPublishesAScoreForTheTradingCompanies() {
    long scored = ctx.lake().read(Tables.COMPANY_SCORE).count();
    long withAccounts = spark().read().parquet(world.resolve("truth/companies").toString())
        .where("size(accounts) > 0 AND registration_number IS NOT NULL").count();
    assertTrue(scored >= withAccounts, scored + " scored, " + withAccounts + " registered companies with accounts");
    assertEquals(1, ctx.lake().read(Tables.PUBLISH_LOG).count());
  }

  @Test
  void theSameSeedGivesTheSameWorldAndAnotherSeedAnotherWorld() {
    Path again = generate(SPEC, "again");
    Path other = generate(new WorldSpec(1000, 30, 43, SPEC.start(), 1, 0.04, 100), "other");
    assertEquals(digests(world.resolve("landing")), digests(again.resolve("landing")));
    assertEquals(rows(spark().read().parquet(world.resolve("truth/companies").toString())),
        rows(spark().read().parquet(again.resolve("truth/companies").toString())));
    assertNotEquals(digests(world.resolve("landing")), digests(other.resolve("landing")));
  }

  @Test
  void aSpecOutsideWhatGenerateCanHonourFailsWithAMessage() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new WorldSpec(1000, 30, 1, SPEC.start(), 1, 0.2, 100));
    assertEquals("Cannot plant a bad-row share of 0.2: expected 0 .. 0.04 (more would fail small drops at ingest)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new WorldSpec(1000, 5, 1, SPEC.start(), 6, 0, 100));
    assertEquals("Cannot deliver 6 drops over 5 days: expected 1 .. 5", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WorldGenerator.run(spark(), SPEC, world.toString()));
    assertEquals("Cannot generate into " + world.resolve("landing") + ": it exists; remove it or choose another --out",
        e.getMessage());
  }

  private static Path generate(WorldSpec spec, String name) {
    Path out = tmp.resolve(name);
    WorldGenerator.run(spark(), spec, out.toString());
    return out;
  }

  private static Map<String, String> digests(Path root) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(f).toString(),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
