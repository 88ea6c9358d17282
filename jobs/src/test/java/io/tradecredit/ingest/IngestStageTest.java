package io.tradecredit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestStageTest extends SparkTestBase {
  static final String HEADER = "platform,order_id,seller_account,buyer_account,order_ts,amount,currency,"
      + "payment_terms_days,category,status,updated_at\n";
  static final LocalDate DAY = LocalDate.parse("2026-11-02");

  static String order(String id, String amount, String updatedAt) {
    return "th," + id + ",S1,B1,2026-11-01T10:00:00Z," + amount + ",EUR,30,\"toys, plush\",PLACED," + updatedAt + "\n";
  }

  @Test
  void acceptsQuarantinesAndDeduplicatesEveryRow(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", "2026-11-02", "a.csv", HEADER + order("o1", "10.50", "2026-11-02T08:00:00Z")
        + order("o2", "-3.00", "2026-11-02T08:00:00Z") + order("o1", "10.50", "2026-11-02T08:00:00Z"));
    f.file("orders", "2026-11-02", "b.jsonl", "{\"platform\":\"th\",\"order_id\":\"o3\",\"seller_account\":\"S1\","
        + "\"buyer_account\":\"B2\",\"order_ts\":\"2026-11-02T09:00:00+08:00\",\"amount\":99.9,\"currency\":\"USD\","
        + "\"payment_terms_days\":0,\"status\":\"CONFIRMED\",\"updated_at\":\"2026-11-02T09:00:00+08:00\","
        + "\"channel\":\"app\"}\n{not json\n");
    f.success("orders", "2026-11-02");
    RunContext ctx = f.context("ingest.max_bad_ratio=0.5");

    List<DropResult> results = new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS));

    DropResult r = results.get(0);
    assertEquals(5, r.rowsRead());
    assertEquals(r.rowsRead(), r.accepted() + r.deduplicated() + r.quarantined(), "every row accounted for");
    assertEquals(2, r.accepted());
    assertEquals(1, r.deduplicated());
    assertEquals(Map.of("AMOUNT_NOT_POSITIVE", 1L, "MALFORMED_ROW", 1L), r.quarantinedByRule());
    assertEquals(List.of("channel"), r.schemaDrift());
    assertEquals(
        rows("[th,o1,a.csv,2,2026-11-02,toys, plush,EUR,10.50]", "[th,o3,b.jsonl,1,2026-11-02,null,USD,99.90]"),
        rows(ctx.lake().read(Tables.bronze(Feed.ORDERS)).selectExpr("platform", "order_id",
            "regexp_extract(source_file, '[^/]+$', 0)", "source_line", "dt", "category", "currency", "amount")));
    assertEquals(rows(
            "[orders,a.csv,3,AMOUNT_NOT_POSITIVE,column 'amount': -3.00 must be > 0]",
            "[orders,b.jsonl,2,MALFORMED_ROW,malformed JSON: Unexpected character ('n' (code 110)): was expecting "
                + "double-quote to start field name]"),
        rows(ctx.lake().read(Tables.QUARANTINE).selectExpr("feed", "regexp_extract(source_file, '[^/]+$', 0)",
            "source_line", "rule", "message")));
    Row raw = ctx.lake().read(Tables.QUARANTINE).where("rule = 'AMOUNT_NOT_POSITIVE'").select("raw_record").first();
    assertEquals("th,o2,S1,B1,2026-11-01T10:00:00Z,-3.00,EUR,30,\"toys, plush\",PLACED,2026-11-02T08:00:00Z",
        raw.getString(0));
    assertEquals("2026-11-02 01:00:00", ctx.lake().read(Tables.bronze(Feed.ORDERS)).where("order_id = 'o3'")
        .selectExpr("date_format(order_ts, 'yyyy-MM-dd HH:mm:ss')").first().getString(0), "offsets are stored in UTC");
  }

  @Test
  void rerunChangesNothingAndRedeliveryReplaces(@TempDir Path tmp) throws Exception {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", "2026-11-02", "a.csv", HEADER + order("o1", "10.00", "2026-11-02T08:00:00Z")
        + order("o2", "20.00", "2026-11-02T08:00:00Z"));
    f.success("orders", "2026-11-02");
    f.file("orders", "2026-11-03", "a.csv", HEADER + order("o9", "1.00", "2026-11-03T08:00:00Z"));
    RunContext ctx = f.context();
    IngestStage ingest = new IngestStage(ctx);

    assertEquals(1, ingest.run(DAY.plusDays(1), List.of(Feed.ORDERS)).size(), "the drop without _SUCCESS waits");
    long version = ctx.lake().version(Tables.bronze(Feed.ORDERS));
    assertTrue(ingest.run(DAY.plusDays(1), List.of(Feed.ORDERS)).isEmpty(), "nothing is ingested twice");
    assertEquals(version, ctx.lake().version(Tables.bronze(Feed.ORDERS)));

    Thread.sleep(1100); // a new delivery has a newer _SUCCESS
    f.file("orders", "2026-11-02", "a.csv", HEADER + order("o1", "11.00", "2026-11-02T09:00:00Z"));
    f.success("orders", "2026-11-02");
    assertEquals(1, ingest.run(DAY, List.of(Feed.ORDERS)).size());
    assertEquals(rows("[o1,11.00]"),
        rows(ctx.lake().read(Tables.bronze(Feed.ORDERS)).selectExpr("order_id", "amount")),
        "the re-delivery replaces the earlier one as a whole");
  }

  @Test
  void dropOverMaxBadRatioFailsAndWritesNoBronze(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", "2026-11-02", "a.csv", HEADER + order("o1", "10.00", "2026-11-02T08:00:00Z")
        + order("o2", "0", "2026-11-02T08:00:00Z")
        + "th,o3,S1,B1,2026-11-01T10:00:00Z,5.00,EURO,30,,PLACED,2026-11-02T08:00:00Z\n");
    f.success("orders", "2026-11-02");
    RunContext ctx = f.context();

    IngestFailure e = assertThrows(IngestFailure.class, () -> new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS)));

    assertEquals("Cannot ingest orders drop dt=2026-11-02: 66.7% of 3 rows quarantined, above max_bad_ratio 5.0%; "
        + "top rules: AMOUNT_NOT_POSITIVE 1, BAD_CURRENCY 1 (see ops.quarantine; fix and re-deliver the drop, or "
        + "raise ingest.max_bad_ratio_per_feed.orders)", e.getMessage());
    assertFalse(ctx.lake().exists(Tables.bronze(Feed.ORDERS)));
    assertEquals(rows("[FAILED,3,2]"), rows(ctx.lake().read(Tables.INGEST_LOG)
        .selectExpr("status", "rows_read", "quarantined")));
  }
}
