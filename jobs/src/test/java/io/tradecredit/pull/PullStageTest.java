package io.tradecredit.pull;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.config.ConfigLoader;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull against a real PostgreSQL (bin/sample-db in a temporary folder): a first pull of history, incremental nights
 * with inserts, updates and late commits inside and outside the lookback, a rerun, bad values quarantined by ingest,
 * and the column checks that stop a pull before it writes anything.
 */
class PullStageTest extends PullTestBase {
  private static final LocalDate N1 = LocalDate.parse("2026-11-01");
  private static RunContext context(Path conf) {
    return RunContext.create(spark(), ConfigLoader.load(conf, List.of(), SampleDatabase.HOME));
  }

  private static List<String> drop(Path dir, LocalDate dt) {
    return rows(spark().read().parquet(dir.resolve("landing/orders/dt=" + dt).toString())
        .select("order_id", "updated_at", "amount", "currency", "status"));
  }

  private static List<String> watermark(RunContext ctx) {
    return rows(ctx.lake().read(Tables.PULL_WATERMARKS)
        .selectExpr("source", "feed", "cast(watermark AS string)", "cast(pulled_through AS string)",
            "cast(window_from AS string)", "rows"));
  }

  @Test
  void pullsHistoryThenNightsWithUpdatesAndLateCommitsAndARerunPullsTheSameRows(@TempDir Path dir) throws Exception {
    String t = "t.orders_nights";
    createOrders(db, t);
    Path conf = conf(dir, db, t, "", db.credentialsFile().toString());
    db.sql(insert(t, "A1", "100", "USD", "2026-10-01 10:00:00"), insert(t, "A2", "12.50", "EUR",
        "2026-11-01 23:40:00"), insert(t, "A3", "7", "USD", "2026-11-02 05:00:00"));

    RunContext ctx = context(conf);
    List<PullStage.FeedPull> first = new PullStage(ctx).run("shop", N1, List.of());
    assertEquals(2, first.get(0).rows());
    assertEquals(rows("[A1,2026-10-01T10:00:00.000000Z,100,USD,PLACED]",
        "[A2,2026-11-01T23:40:00.000000Z,12.5,EUR,PLACED]"), drop(dir, N1));
    assertTrue(Files.exists(dir.resolve("landing/orders/dt=2026-11-01/_SUCCESS")));
    assertEquals(List.of("[shop,orders,2026-11-02 00:00:00,2026-11-01,null,2]"), watermark(ctx));

    // Night 2: a new order, an update, and two rows committed after night 1 read: A5 (updated_at 23:30, inside the
    // 60-minute lookback) is caught; A6 (20:00, before it) is not, which is what the lookback's length decides.
    db.sql(insert(t, "A4", "40.00", "USD", "2026-11-02 12:00:00"),
        "UPDATE " + t + " SET status = 'SHIPPED', updated_at = TIMESTAMPTZ '2026-11-02 13:00:00+00' WHERE order_ref = 'A1'",
        insert(t, "A5", "5.5", "USD", "2026-11-01 23:30:00"), insert(t, "A6", "6", "USD", "2026-11-01 20:00:00"));
    LocalDate n2 = N1.plusDays(1);
    new PullStage(ctx.nextRun()).run("shop", n2, List.of());
    assertEquals(rows("[A1,2026-11-02T13:00:00.000000Z,100,USD,SHIPPED]",
        "[A2,2026-11-01T23:40:00.000000Z,12.5,EUR,PLACED]", // the lookback's repeat of night 1
        "[A3,2026-11-02T05:00:00.000000Z,7,USD,PLACED]", "[A4,2026-11-02T12:00:00.000000Z,40,USD,PLACED]",
        "[A5,2026-11-01T23:30:00.000000Z,5.5,USD,PLACED]"), drop(dir, n2));
    assertEquals(List.of("[shop,orders,2026-11-03 00:00:00,2026-11-02,2026-11-01 23:00:00,5]"), watermark(ctx));

    // Night 3: an amount changes; two bad values, which ingest quarantines as it would in a file; a commit late by
    // a fraction of a second before midnight.
    db.sql("UPDATE " + t + " SET total = 41.25, updated_at = TIMESTAMPTZ '2026-11-03 09:00:00+00' WHERE order_ref = 'A4'",
        insert(t, "B1", "-5", "USD", "2026-11-03 10:00:00"), insert(t, "B2", "9", "ABC", "2026-11-03 11:00:00"),
        insert(t, "A7", "70", "USD", "2026-11-02 23:59:59.5"));
    LocalDate n3 = n2.plusDays(1);
    new PullStage(ctx.nextRun()).run("shop", n3, List.of());
    assertEquals(rows("[A4,2026-11-03T09:00:00.000000Z,41.25,USD,PLACED]",
        "[A7,2026-11-02T23:59:59.500000Z,70,USD,PLACED]", "[B1,2026-11-03T10:00:00.000000Z,-5,USD,PLACED]",
        "[B2,2026-11-03T11:00:00.000000Z,9,ABC,PLACED]"), drop(dir, n3));

    // Night 4: the first instant of the day belongs to it, the first of the next day does not.
    db.sql(insert(t, "A8", "8", "USD", "2026-11-04 00:00:00"), insert(t, "A9", "9", "USD", "2026-11-05 00:00:00"));
    LocalDate n4 = n3.plusDays(1);
    new PullStage(ctx.nextRun()).run("shop", n4, List.of());
    List<String> night4 = drop(dir, n4);
    assertEquals(rows("[A8,2026-11-04T00:00:00.000000Z,8,USD,PLACED]"), night4);
    List<String> mark4 = watermark(ctx);

    // A rerun of night 4 pulls the same rows into a drop that replaces the first; the watermark stays.
    new PullStage(ctx.nextRun()).run("shop", n4, List.of());
    assertEquals(night4, drop(dir, n4));
    assertEquals(mark4, watermark(ctx));
    // A rerun of night 3 repeats night 3's window and never moves the watermark back.
    new PullStage(ctx.nextRun()).run("shop", n3, List.of());
    assertEquals(4, drop(dir, n3).size());
    assertEquals(mark4, watermark(ctx));
    try (Stream<Path> left = Files.list(dir.resolve("landing/orders"))) {
      assertEquals(List.of("dt=2026-11-01", "dt=2026-11-02", "dt=2026-11-03", "dt=2026-11-04"),
          left.map(p -> p.getFileName().toString()).sorted().toList(), "no work folder is left behind");
    }

    // The drops are ordinary landing drops: ingest reads them, quarantines the bad values by rule.
    new IngestStage(ctx.nextRun()).run(n4, List.of(Feed.ORDERS));
    assertEquals(rows("[B1,AMOUNT_NOT_POSITIVE]", "[B2,BAD_CURRENCY]"), rows(ctx.lake().read(Tables.QUARANTINE)
        .selectExpr("get_json_object(raw_record, '$.order_id')", "rule")));
    assertEquals(rows("[2026-11-01,2]", "[2026-11-02,5]", "[2026-11-03,2]", "[2026-11-04,1]"),
        rows(ctx.lake().read(Tables.bronze(Feed.ORDERS)).groupBy("dt").count()));
  }

  @Test
  void aMissingColumnOrAWrongTypeFailsBeforeAnyRowIsWritten(@TempDir Path dir) throws Exception {
    String t = "t.orders_columns";
    createOrders(db, t);
    db.sql(insert(t, "C1", "1", "USD", "2026-10-01 00:00:00"));
    Path missing = conf(dir, db, t, ", category: product_group", db.credentialsFile().toString());
    PullFailure e = assertThrows(PullFailure.class, () -> new PullStage(context(missing)).run("shop", N1, List.of()));
    assertTrue(e.getMessage().startsWith("Cannot pull feed orders from source shop: table " + t + " has no column "
        + "product_group (contract column orders.category, rule: mapped); its columns: id, platform, order_ref"),
        e.getMessage());

    db.sql("ALTER TABLE " + t + " ALTER COLUMN total TYPE double precision");
    Path wrongType = conf(dir, db, t, "", db.credentialsFile().toString());
    e = assertThrows(PullFailure.class, () -> new PullStage(context(wrongType)).run("shop", N1, List.of()));
    assertEquals("Cannot pull feed orders from source shop: table " + t + ": column total is float8, which cannot "
        + "hold contract column orders.amount (rule: an exact decimal (not floating point))", e.getMessage());

    assertFalse(Files.exists(dir.resolve("landing/orders")), "nothing is written");
    assertFalse(context(wrongType).lake().exists(Tables.PULL_WATERMARKS), "no watermark is set");
  }
}
