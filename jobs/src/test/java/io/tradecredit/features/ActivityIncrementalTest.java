package io.tradecredit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.conform.ConformStage;
import io.tradecredit.generate.WorldGenerator;
import io.tradecredit.generate.WorldSpec;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated world delivered over several nights (history, then daily drops with late and updated records and
 * accounts that appear after their orders): night by night the daily partials are updated from what each delivery
 * changed, and the result must be exactly what one computation from silver gives.
 */
class ActivityIncrementalTest extends SparkTestBase {
  static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  static final WorldSpec SPEC = new WorldSpec(150, 40, 11, LocalDate.parse("2026-08-01"), 3, 0.01, 150);

  @TempDir static Path tmp;
  static Lake lake;
  static List<LocalDate> nights = new ArrayList<>();
  static final Map<LocalDate, ActivityDaily.Mode> modes = new LinkedHashMap<>();
  static final Map<LocalDate, Long> changed = new LinkedHashMap<>();
  static final Map<LocalDate, Boolean> bandsMoved = new LinkedHashMap<>();
  static final Map<LocalDate, List<String>> published = new LinkedHashMap<>();
  static String suitePartitions;
  static final java.util.concurrent.atomic.AtomicInteger sieved = new java.util.concurrent.atomic.AtomicInteger();

  @BeforeAll
  static void nightByNight() throws IOException {
    // Incremental equals rebuild whatever the partitioning: the suite's session plans with one shuffle partition
    // (conf/local.yaml), these nights with two, so rows that meet in one partition there are split here.
    suitePartitions = spark().conf().get("spark.sql.shuffle.partitions");
    spark().conf().set("spark.sql.shuffle.partitions", "2");
    Path world = tmp.resolve("world");
    WorldGenerator.run(spark(), SPEC, world.toString());
    RunContext ctx = RunContext.create(spark(), ConfigLoader.load(HOME.resolve("conf/local.yaml"), List.of(
        "paths.landing=" + world.resolve("landing"), "paths.lake=" + tmp.resolve("lake"),
        "paths.exports=" + tmp.resolve("exports"), "spark.master=local[2]"), HOME));
    lake = ctx.lake();
    try (Stream<Path> dts = Files.list(world.resolve("landing/orders"))) {
      dts.map(p -> LocalDate.parse(p.getFileName().toString().substring(3))).sorted().forEach(nights::add);
    }
    for (LocalDate night : nights) {
      new IngestStage(ctx).run(night, Arrays.asList(Feed.values()));
      new ConformStage(ctx).run(night);
      // As the stage runs a night: silver held in memory once the partials exist. Every other night takes a large
      // night's path, its key sets kept and sieved by Bloom filters rather than collected as literal rows.
      KeySet.literal = nights.indexOf(night) % 2 == 0;
      try (SilverInMemory held = FeaturesStage.holdSilver(ctx)) {
        FeaturesStage.Built built = sieving(() -> FeaturesStage.build(lake, night));
        modes.put(night, built.activity());
        changed.put(night, built.changed());
        bandsMoved.put(night, built.bandsMoved());
        assertEquals(built.activity() != ActivityDaily.Mode.REBUILT, held.tables() > 0,
            night + ": " + built.activity());
        // The partials are brought to the night by build itself; only the last night's features are compared.
        if (night.equals(nights.get(nights.size() - 1))) {
          published.put(night, rows(built.features()));
        }
      } finally {
        KeySet.literal = true;
      }
    }
  }

  /** Runs {@code build}, counting the queries that sieved a scan by a Bloom filter of keys. */
  private static FeaturesStage.Built sieving(java.util.function.Supplier<FeaturesStage.Built> build) {
    FeaturesStage.Built[] built = {null};
    sieved.addAndGet(plansMentioning("key_bloom", () -> built[0] = build.get()));
    return built[0];
  }

  @AfterAll
  static void restorePartitions() {
    spark().conf().set("spark.sql.shuffle.partitions", suitePartitions);
  }

  /** The partials with their counterparty maps as sorted entry lists, so that rows compare as text. */
  static Dataset<Row> partialsOf(Dataset<Row> activity) {
    List<String> cols = new ArrayList<>(List.of("company_id", "day"));
    cols.addAll(ActivitySql.SUMS.keySet());
    cols.add("array_sort(map_entries(buyers))");
    cols.add("array_sort(map_entries(countries))");
    return activity.selectExpr(cols.toArray(String[]::new));
  }

  static List<String> partials(Dataset<Row> activity) {
    return rows(partialsOf(activity));
  }

  @Test
  void theFirstNightComputesEveryDayAndEachLaterNightOnlyWhatItsDeliveriesChanged() {
    LocalDate first = nights.get(0);
    assertTrue(nights.size() >= 3, "history and daily drops: " + nights);
    assertEquals(ActivityDaily.Mode.REBUILT, modes.get(first));
    long all = lake.read(Tables.COMPANY_ACTIVITY_DAILY).count();
    for (LocalDate night : nights.subList(1, nights.size())) {
      assertEquals(ActivityDaily.Mode.UPDATED, modes.get(night), night.toString());
      assertTrue(changed.get(night) > 0 && changed.get(night) < all / 2,
          night + ": " + changed.get(night) + " of " + all + " company-days changed");
      assertTrue(bandsMoved.get(night), night + ": the bands moved from the night before");
    }
  }

  @Test
  void incrementalNightsEqualOneComputationFromSilverRowForRow() {
    LocalDate last = nights.get(nights.size() - 1);
    List<String> incremental = partials(lake.read(Tables.COMPANY_ACTIVITY_DAILY));
    Dataset<Row> accounts = Snapshot.accounts(lake, last);
    Dataset<Row> rebuilt = ActivityDaily.compute(lake, last, accounts);
    assertEquals(partials(rebuilt), incremental);
    assertTrue(sieved.get() > 0, "a night's scans of silver sieved by Bloom filters of its keys");
    assertTrue(incremental.size() > 1000, "a world with trade: " + incremental.size() + " company-days");
    assertEquals(rows(ActivityBandsTest.bandsOf(ActivityBands.computed(rebuilt, last))),
        rows(ActivityBandsTest.bandsOf(lake.read(Tables.COMPANY_ACTIVITY_BANDS))),
        "the bands moved night by night are the bands of the rebuilt partials");
    assertEquals(rows(FeaturesStage.fromPartials(lake, last, accounts, rebuilt)),
        published.get(last), "the features from the rebuilt partials are the night's");
  }
}
