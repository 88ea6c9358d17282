package io.tradecredit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
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

  @Test
  void bronzeParquetFilesKeepDictionariesForCodesOnlyAndNoMinimaOrMaxima(@TempDir Path tmp) throws Exception {
    LandingFixture f = new LandingFixture(tmp);
    StringBuilder drop = new StringBuilder(HEADER);
    for (int i = 0; i < 200; i++) {
      drop.append(order("o" + i, "10.00", "2026-11-02T08:00:00Z"));
    }
    f.file("orders", "2026-11-02", "a.csv", drop.toString());
    f.success("orders", "2026-11-02");
    RunContext ctx = f.context();
    // A first write killed before its commit leaves a file in a folder that is no table yet.
    Path left = Path.of(ctx.lake().path(Tables.bronze(Feed.ORDERS)), "dt=2026-11-02", "part-00000-left.parquet");
    java.nio.file.Files.createDirectories(left.getParent());
    java.nio.file.Files.writeString(left, "half a file");

    new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS));
    // Every row has the same currency, seller and updated_at: the code gets a dictionary, the others are written
    // plain (Parquet's own default would give all three one); no column has a minimum or maximum.
    Map<String, String> footer = footer(ctx, Tables.bronze(Feed.ORDERS));
    assertEquals("dictionary", footer.get("currency"));
    assertEquals("plain", footer.get("seller_account"));
    assertEquals("plain", footer.get("updated_at"));
    assertEquals("plain", footer.get("order_id"));
    assertEquals(rows("[200]"), rows(ctx.lake().read(Tables.bronze(Feed.ORDERS)).where("currency = 'EUR'"
        + " AND seller_account = 'S1'").groupBy().count()));
  }

  @Test
  void bronzeFilesKeepOnlyTheirRowCountAsStatistics(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", "2026-11-02", "a.csv", HEADER + order("o1", "10.00", "2026-11-02T08:00:00Z"));
    f.success("orders", "2026-11-02");
    f.file("orders", "2026-11-03", "a.csv", HEADER + order("o2", "20.00", "2026-11-03T08:00:00Z"));
    f.success("orders", "2026-11-03");
    RunContext ctx = f.context();
    Table bronze = Tables.bronze(Feed.ORDERS);

    new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS));
    assertEquals("0", ctx.lake().properties(bronze).get("delta.dataSkippingNumIndexedCols"), "set at creation");
    assertEquals(List.of("{\"numRecords\":1}"), fileStats(ctx, bronze));

    // A bronze table made before the property gets it with its next drop.
    ctx.spark().sql("ALTER TABLE delta.`" + ctx.lake().path(bronze) + "` UNSET TBLPROPERTIES "
        + "('delta.dataSkippingNumIndexedCols')");
    assertFalse(ctx.lake().properties(bronze).containsKey("delta.dataSkippingNumIndexedCols"));
    new IngestStage(ctx).run(DAY.plusDays(1), List.of(Feed.ORDERS));
    assertEquals("0", ctx.lake().properties(bronze).get("delta.dataSkippingNumIndexedCols"));
    assertEquals(rows("[o1,10.00]", "[o2,20.00]"),
        rows(ctx.lake().read(bronze).selectExpr("order_id", "amount")));
  }

  @Test
  void deduplicationKeepsTheFirstGoodRowOfEachKeyByFileAndLine() {
    List<Row> validated = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      // Orders o0..o49: three times at one updated_at (the later two in file order are duplicates), then once at
      // another, which breaks a rule for half of them; those come again, corrected, later in the file.
      String id = "o" + (i % 50);
      String updated = i % 200 < 150 ? "2026-11-02 08:00:00" : "2026-11-02 09:00:00";
      String rule = i >= 150 && i % 2 == 0 ? "BAD_ENUM" : null;
      validated.add(org.apache.spark.sql.RowFactory.create("th", id, java.sql.Timestamp.valueOf(updated),
          "f" + (i % 3) + ".csv", (long) i, i == 5 ? List.of("note") : i == 160 ? List.of("memo") : null, rule,
          rule == null ? FirstOfKey.ACCEPTED : FirstOfKey.QUARANTINED));
      if (rule != null) {
        validated.add(org.apache.spark.sql.RowFactory.create("th", id, java.sql.Timestamp.valueOf(updated),
            "f" + (i % 3) + ".csv", (long) i + 1000, null, null, FirstOfKey.ACCEPTED));
      }
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("platform", "string").add("order_id", "string").add("updated_at", "timestamp")
        .add("source_file", "string").add("source_line", "long").add("extra_columns", "array<string>")
        .add("rule", "string").add("outcome", "int");
    org.apache.spark.sql.Dataset<Row> df = spark().createDataFrame(validated, schema).repartition(3);

    org.apache.spark.sql.Dataset<Row> spread = outcomes(df, 4);
    assertEquals(4, DropRows.keep(spark(), df, Feed.ORDERS, 4).partitions());
    assertEquals(rows(outcomes(df, 0)), rows(spread));
    assertEquals(rows("[" + FirstOfKey.ACCEPTED + ",100]", "[" + FirstOfKey.DUPLICATE + ",100]",
        "[" + FirstOfKey.QUARANTINED + ",25]"), rows(spread.groupBy("outcome").count()));
    // The tally counted where the outcomes are set, and the rows of one outcome, agree with the rows.
    DropRows kept = DropRows.keep(spark(), df, Feed.ORDERS, 4);
    Tally tally = kept.tally();
    assertEquals(List.of(100L, 100L, Map.of("BAD_ENUM", 25L), List.of("memo", "note")),
        List.of(tally.accepted, tally.duplicates, tally.byRule(), List.copyOf(tally.extraColumns)));
    for (int outcome : new int[] {FirstOfKey.ACCEPTED, FirstOfKey.DUPLICATE, FirstOfKey.QUARANTINED}) {
      assertEquals(rows(spread.where("outcome = " + outcome)), rows(kept.rows(outcome)));
    }
    kept.release();
    // The same as ranking each key's good rows by file and line.
    org.apache.spark.sql.Column rank = org.apache.spark.sql.functions.row_number().over(
        org.apache.spark.sql.expressions.Window.partitionBy("platform", "order_id", "updated_at")
            .orderBy("source_file", "source_line"));
    org.apache.spark.sql.Dataset<Row> ranked = df.where("rule IS NULL").withColumn("outcome",
        org.apache.spark.sql.functions.when(rank.equalTo(1), FirstOfKey.ACCEPTED).otherwise(FirstOfKey.DUPLICATE))
        .unionByName(df.where("rule IS NOT NULL").withColumn("outcome",
            org.apache.spark.sql.functions.lit(FirstOfKey.QUARANTINED)));
    assertEquals(rows(ranked.selectExpr("source_line", "outcome")), rows(spread.selectExpr("source_line", "outcome")));
  }

  @Test
  void aFileAndLineNamingTwoRowsStopsTheWritesInsteadOfDroppingARow() {
    // o1 at lines 1 and 2 (line 2 a duplicate), and o2 also at line 2 of the same file: passing over "line 2" would
    // drop o2 too. A landing file cannot give two records one line; the rows read again say so if it ever did.
    java.sql.Timestamp at = java.sql.Timestamp.valueOf("2026-11-02 08:00:00");
    List<Row> validated = List.of(
        org.apache.spark.sql.RowFactory.create("th", "o1", at, "f.csv", 1L, null, null, FirstOfKey.ACCEPTED),
        org.apache.spark.sql.RowFactory.create("th", "o1", at, "f.csv", 2L, null, null, FirstOfKey.ACCEPTED),
        org.apache.spark.sql.RowFactory.create("th", "o2", at, "f.csv", 2L, null, null, FirstOfKey.ACCEPTED));
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("platform", "string").add("order_id", "string").add("updated_at", "timestamp")
        .add("source_file", "string").add("source_line", "long").add("extra_columns", "array<string>")
        .add("rule", "string").add("outcome", "int");
    DropRows kept = DropRows.keep(spark(), spark().createDataFrame(validated, schema), Feed.ORDERS, 1);
    assertEquals(1, kept.tally().duplicates);
    Exception e = assertThrows(Exception.class, () -> kept.rows(FirstOfKey.ACCEPTED).collectAsList());
    assertTrue(String.valueOf(e.getMessage()).contains("2 rows named as duplicates by file and line where its first "
        + "reading found 1: a file and line must name one row"), e.getMessage());
    kept.release();
  }

  @Test
  void deduplicationHoldsOverManyKeys() {
    // 12,000 keys, each in one to three rows at shuffled lines and files: the key table grows several times over and
    // keys share slots, with a key missing its updated_at among them. Each file has the same lines, in shuffled order
    // (j times a number prime to 10,007, which is prime); a file and line name one record, as in a drop.
    List<Row> validated = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 30_000; i++) {
      int k = random.nextInt(12_000);
      validated.add(org.apache.spark.sql.RowFactory.create(k % 2 == 0 ? "th" : "vn", "o" + k,
          k % 1000 == 0 ? null : java.sql.Timestamp.valueOf("2026-11-02 08:00:00"), "f" + i % 4 + ".csv",
          (long) (i / 4) * 7919 % 10_007, null, null, FirstOfKey.ACCEPTED));
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("platform", "string").add("order_id", "string").add("updated_at", "timestamp")
        .add("source_file", "string").add("source_line", "long").add("extra_columns", "array<string>")
        .add("rule", "string").add("outcome", "int");
    org.apache.spark.sql.Dataset<Row> df = spark().createDataFrame(validated, schema).repartition(3);
    org.apache.spark.sql.Column rank = org.apache.spark.sql.functions.row_number().over(
        org.apache.spark.sql.expressions.Window.partitionBy("platform", "order_id", "updated_at")
            .orderBy("source_file", "source_line"));
    org.apache.spark.sql.Dataset<Row> ranked = df.withColumn("outcome",
        org.apache.spark.sql.functions.when(rank.equalTo(1), FirstOfKey.ACCEPTED).otherwise(FirstOfKey.DUPLICATE));
    String[] columns = {"order_id", "source_file", "source_line", "outcome"};
    assertEquals(rows(ranked.selectExpr(columns)), rows(outcomes(df, 2).selectExpr(columns)));
  }

  private static org.apache.spark.sql.Dataset<Row> outcomes(org.apache.spark.sql.Dataset<Row> df, int partitions) {
    return DropRows.keep(spark(), df, Feed.ORDERS, partitions).rows();
  }

  @Test
  void quarantinedRowsGetAFileForEachMillionAndNoMoreFilesThanKeptPartitions() {
    assertEquals(1, IngestStage.quarantineFiles(0, 8));
    assertEquals(1, IngestStage.quarantineFiles(4_962, 8));
    assertEquals(2, IngestStage.quarantineFiles(IngestStage.QUARANTINE_FILE_ROWS + 1, 8));
    assertEquals(4, IngestStage.quarantineFiles(40 * IngestStage.QUARANTINE_FILE_ROWS, 4));
  }

  @Test
  void largeDropsGetAMultipleOfTheCoresAsPartitions() {
    long mib = 1L << 20;
    assertEquals(0, IngestStage.dedupPartitions(IngestStage.PARTITION_BYTES, 2), "a small drop: Spark's own");
    assertEquals(2, IngestStage.dedupPartitions(112 * mib, 2));
    assertEquals(6, IngestStage.dedupPartitions(272 * mib, 2));
    assertEquals(3, IngestStage.dedupPartitions(IngestStage.PARTITION_BYTES + 1, 3));
    assertEquals(16, IngestStage.dedupPartitions(16 * IngestStage.PARTITION_BYTES, 4));
  }

  @Test
  void aFirstDeliverysQuarantineIsAppendedAndARedeliveryReplacesIt(@TempDir Path tmp) throws Exception {
    LandingFixture f = oneBadRowIn(tmp);
    RunContext ctx = f.context("ingest.max_bad_ratio=0.5");
    new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS));
    assertEquals("Append", lastWrite(ctx), "nothing of a first delivery can be there to replace");
    assertFalse(java.nio.file.Files.exists(mark(ctx)), "the mark goes with the log that accounts for the entries");

    Thread.sleep(1100); // a new delivery has a newer _SUCCESS
    f.file("orders", "2026-11-02", "a.csv", HEADER + order("o1", "10.00", "2026-11-02T08:00:00Z")
        + order("o3", "0", "2026-11-02T08:00:00Z"));
    f.success("orders", "2026-11-02");
    new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS));
    assertEquals("Overwrite", lastWrite(ctx));
    assertEquals(rows("[3,AMOUNT_NOT_POSITIVE]"),
        rows(ctx.lake().read(Tables.QUARANTINE).selectExpr("source_line", "rule")), "the re-delivery's entries only");
  }

  @Test
  void anIngestThatDiedAfterItsQuarantineLeavesNoEntryTwice(@TempDir Path tmp) throws Exception {
    RunContext ctx = oneBadRowIn(tmp).context("ingest.max_bad_ratio=0.5");
    // A plain file where bronze.orders goes: the ingest fails after its quarantine entries, before its log.
    Path bronze = Path.of(ctx.lake().path(Tables.bronze(Feed.ORDERS)));
    java.nio.file.Files.createDirectories(bronze.getParent());
    java.nio.file.Files.writeString(bronze, "in the way");
    assertThrows(Exception.class, () -> new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS)));
    assertEquals(1, ctx.lake().read(Tables.QUARANTINE).count(), "the entries of the failed ingest");
    assertFalse(ctx.lake().exists(Tables.INGEST_LOG), "no log accounts for them");
    assertTrue(java.nio.file.Files.exists(mark(ctx)), "the mark stays");

    java.nio.file.Files.delete(bronze);
    new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS));
    assertEquals("Overwrite", lastWrite(ctx), "a marked drop's entries are replaced, not appended");
    assertEquals(rows("[3,AMOUNT_NOT_POSITIVE]"),
        rows(ctx.lake().read(Tables.QUARANTINE).selectExpr("source_line", "rule")), "each entry once");
    assertFalse(java.nio.file.Files.exists(mark(ctx)));
  }

  /** A drop of orders o1 and o2 (line 3, a negative amount). */
  private static LandingFixture oneBadRowIn(Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", "2026-11-02", "a.csv", HEADER + order("o1", "10.00", "2026-11-02T08:00:00Z")
        + order("o2", "-1.00", "2026-11-02T08:00:00Z"));
    f.success("orders", "2026-11-02");
    return f;
  }

  /** The mode of the quarantine's last write. */
  private static String lastWrite(RunContext ctx) {
    return ctx.lake().delta(Tables.QUARANTINE).history(1).selectExpr("operationParameters['mode']").first()
        .getString(0);
  }

  private static Path mark(RunContext ctx) {
    return Path.of(ctx.lake().root(), QuarantineMarks.DIR, "orders-" + DAY);
  }

  /** The statistics of every file of a table's latest snapshot. */
  /**
   * Per column of one of the table's Parquet files (one its log names): "dictionary" or "plain", and "+stats" when
   * it has min/max.
   */
  private static Map<String, String> footer(RunContext ctx, Table table) {
    try {
      String file = ctx.lake().read(table).inputFiles()[0];
      try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(
          org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file),
              new org.apache.hadoop.conf.Configuration()))) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (var c : reader.getFooter().getBlocks().get(0).getColumns()) {
          out.put(c.getPath().toDotString(), (c.hasDictionaryPage() ? "dictionary" : "plain")
              + (c.getStatistics() != null && c.getStatistics().hasNonNullValue() ? "+stats" : ""));
        }
        return out;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> fileStats(RunContext ctx, Table table) {
    return rows(org.apache.spark.sql.delta.DeltaLog.forTable(ctx.spark(), ctx.lake().path(table))
        .update(false, scala.Option.empty(), scala.Option.empty()).allFiles().toDF().select("stats"))
        .stream().map(r -> r.substring(1, r.length() - 1)).toList();
  }
}
