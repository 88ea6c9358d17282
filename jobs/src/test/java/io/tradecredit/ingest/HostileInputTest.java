package io.tradecredit.ingest;

import static io.tradecredit.ingest.IngestRulesTest.DT;
import static io.tradecredit.ingest.IngestRulesTest.LENIENT;
import static io.tradecredit.ingest.IngestRulesTest.bronze;
import static io.tradecredit.ingest.IngestRulesTest.csv;
import static io.tradecredit.ingest.IngestRulesTest.entry;
import static io.tradecredit.ingest.IngestRulesTest.gzip;
import static io.tradecredit.ingest.IngestRulesTest.header;
import static io.tradecredit.ingest.IngestRulesTest.ingest;
import static io.tradecredit.ingest.IngestRulesTest.parquetRow;
import static io.tradecredit.ingest.IngestRulesTest.quarantine;
import static io.tradecredit.ingest.IngestRulesTest.row;
import static io.tradecredit.ingest.IngestRulesTest.writeParquet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.config.PipelineConfig.IngestLimits;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import io.tradecredit.publish.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landing is read as data, never as a path to elsewhere: one test per class of hostile input (links out of landing,
 * a gzip bomb, a file that lies about its format, folders that look like drops, control characters, a giant field,
 * a NUL in a key). Each shows the rule it is quarantined under, the drop's accounting
 * {@code rowsRead = accepted + deduplicated + quarantined}, and that the good rows beside it are ingested.
 */
class HostileInputTest extends SparkTestBase {
  private static final String SECRET = "root:x:0:0:planted-secret-7f3a";

  @Test
  void linksOutOfLandingAreQuarantinedNeverFollowed(@TempDir Path tmp) throws IOException {
    LandingFixture f = new LandingFixture(tmp);
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Path csvOut = Files.writeString(outside.resolve("orders.csv"),
        csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o-outside", "category=" + SECRET)));
    Path passwd = Files.writeString(outside.resolve("passwd"), SECRET + ":/root:/bin/bash\n");
    f.file("orders", DT, "good.csv", csv(Feed.ORDERS, row(Feed.ORDERS)));
    Path dropDir = f.landing.resolve("orders/dt=" + DT);
    Files.createSymbolicLink(dropDir.resolve("elsewhere.csv"), csvOut);
    Files.createSymbolicLink(dropDir.resolve("passwd.csv"), passwd);
    f.success("orders", DT);
    // A whole drop folder that is a link, to a complete drop outside landing.
    Path outsideDrop = Files.createDirectories(outside.resolve("drop"));
    Files.writeString(outsideDrop.resolve("a.csv"), csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o-drop")));
    Files.writeString(outsideDrop.resolve("_SUCCESS"), "");
    Files.createSymbolicLink(f.landing.resolve("orders/dt=2026-11-01"), outsideDrop);
    // A whole feed folder that is a link.
    Path outsideFeed = Files.createDirectories(outside.resolve("payments/dt=" + DT));
    Files.writeString(outsideFeed.resolve("_SUCCESS"), "");
    Files.createSymbolicLink(f.landing.resolve("payments"), outsideFeed.getParent());
    RunContext ctx = f.context(LENIENT);

    String before = DropFinder.find(f.landing.toString(), Feed.ORDERS, new org.apache.hadoop.conf.Configuration())
        .get(1).fingerprint();
    Files.writeString(csvOut, "changed, and longer than before: a fingerprint through the link would change\n");
    assertEquals(before, DropFinder.find(f.landing.toString(), Feed.ORDERS,
        new org.apache.hadoop.conf.Configuration()).get(1).fingerprint(), "the fingerprint reads no link target");
    String out = printed(() -> ingest(ctx, Feed.ORDERS, Feed.PAYMENTS));

    assertEquals(rows("[" + DT + ",3,1,2]", "[2026-11-01,1,0,1]"), rows(ctx.lake().read(Tables.INGEST_LOG)
        .selectExpr("cast(dt as string)", "rows_read", "accepted", "quarantined")));
    assertEquals(rows(entry("elsewhere.csv", 0, Rules.FILE_IS_LINK), entry("passwd.csv", 0, Rules.FILE_IS_LINK),
        "[2026-11-01,orders/dt=2026-11-01,0,FILE_IS_LINK]"), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,good.csv,2]"), bronze(ctx, Feed.ORDERS), "the rest of the drop is ingested");
    assertEquals(rows(
            "[the drop folder is a symbolic link, not followed: deliver the data itself, not a link to it,null]",
            "[the file is a symbolic link, not followed: deliver the data itself, not a link to it,null]",
            "[the file is a symbolic link, not followed: deliver the data itself, not a link to it,null]"),
        rows(ctx.lake().read(Tables.QUARANTINE).select("message", "raw_record")));
    for (Table t : List.of(Tables.QUARANTINE, Tables.INGEST_LOG, Tables.bronze(Feed.ORDERS))) {
      assertEquals(0, ctx.lake().read(t).where("to_json(struct(*)) LIKE '%planted-secret%'").count(),
          "nothing of a link's target in " + t);
    }
    assertFalse(ctx.lake().exists(Tables.bronze(Feed.PAYMENTS)), "a linked feed folder is not read");
    assertTrue(out.contains("ingest payments      payments  not a drop, not read: the feed folder is a symbolic link"),
        out);
  }

  @Test
  void gzipBombIsStoppedAndTheGoodFileBesideItIngested(@TempDir Path tmp) throws IOException {
    LandingFixture f = new LandingFixture(tmp);
    Path bomb = bomb(f, 3L << 30);
    assertTrue(Files.size(bomb) < 4 << 20, "a few MB on disk: " + Files.size(bomb));
    f.file("orders", DT, "b.csv", csv(Feed.ORDERS, row(Feed.ORDERS)));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    IngestRulesTest.single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.DECOMPRESSED_TOO_LARGE, 1L));

    assertEquals(rows(entry("bomb.csv.gz", 0, Rules.DECOMPRESSED_TOO_LARGE)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,b.csv,2]"), bronze(ctx, Feed.ORDERS));
    String message = ctx.lake().read(Tables.QUARANTINE).select("message").first().getString(0);
    assertTrue(message.startsWith("the gzip content passed ") && message.contains(
        "above ingest.limits.max_compression_ratio = 100; not read further (a gzip bomb, or raise the limit"), message);

    // With the ratio out of the way, the size limit stops it.
    LandingFixture g = new LandingFixture(tmp.resolve("second"));
    Files.createDirectories(g.landing.resolve("orders/dt=" + DT));
    Files.copy(bomb, g.landing.resolve("orders/dt=" + DT + "/bomb.csv.gz"));
    g.success("orders", DT);
    RunContext sized = g.context(LENIENT, "ingest.limits.max_compression_ratio=1000000",
        "ingest.limits.max_file_bytes=268435456");
    IngestRulesTest.single(ingest(sized, Feed.ORDERS), 1, 0, 0, Map.of(Rules.DECOMPRESSED_TOO_LARGE, 1L));
    assertEquals("the gzip content is larger than ingest.limits.max_file_bytes = 268435456 bytes (the file is "
        + Files.size(bomb) + " bytes); not read further",
        sized.lake().read(Tables.QUARANTINE).select("message").first().getString(0));
  }

  /**
   * A gzip file of a CSV header followed by {@code bytes} zeros, a few MB on disk: gzip members concatenated, one
   * member of 64 MiB of zeros compressed once and written again and again.
   */
  private static Path bomb(LandingFixture f, long bytes) throws IOException {
    ByteArrayOutputStream member = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(member, 1 << 16)) {
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        gz.write(zeros);
      }
    }
    Path file = f.file("orders", DT, "bomb.csv.gz", gzip(header(Feed.ORDERS)));
    try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
      for (long written = 0; written < bytes; written += 64L << 20) {
        member.writeTo(out);
      }
    }
    return file;
  }

  @Test
  void plainFileOverTheSizeLimitIsQuarantinedUnread(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS), row(Feed.ORDERS, "order_id=o2")));
    f.file("orders", DT, "b.jsonl", "{}\n");
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT, "ingest.limits.max_file_bytes=100");

    IngestRulesTest.single(ingest(ctx, Feed.ORDERS), 2, 0, 0, Map.of(Rules.FILE_TOO_LARGE, 1L,
        Rules.REQUIRED_MISSING, 1L));

    assertEquals(rows(entry("a.csv", 0, Rules.FILE_TOO_LARGE), entry("b.jsonl", 1, Rules.REQUIRED_MISSING)),
        quarantine(ctx, Feed.ORDERS));
    assertTrue(ctx.lake().read(Tables.QUARANTINE).where("rule = 'FILE_TOO_LARGE'").select("message").first()
        .getString(0).endsWith(" bytes, above ingest.limits.max_file_bytes = 100; not read"));
  }

  @Test
  void fileThatIsNotWhatItsNameSaysIsUnreadableAndTheRestIngested(@TempDir Path tmp) throws IOException {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "csv-text.parquet", csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o2")));
    writeParquet(tmp, f, "truncated.parquet", DataTypes.StringType, parquetRow("o3", "1.00"));
    Path truncated = f.landing.resolve("orders/dt=" + DT + "/truncated.parquet");
    byte[] whole = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(whole, whole.length - 10));
    // The markers at both ends, nonsense between: only the footer read can tell.
    f.file("orders", DT, "bad-footer.parquet", ("PAR1" + "x".repeat(64) + "PAR1").getBytes(StandardCharsets.UTF_8));
    f.file("orders", DT, "good.csv", csv(Feed.ORDERS, row(Feed.ORDERS)));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    IngestRulesTest.single(ingest(ctx, Feed.ORDERS), 4, 1, 0, Map.of(Rules.FILE_UNREADABLE, 3L));

    assertEquals(rows("[th,o1,2026-11-02,good.csv,2]"), bronze(ctx, Feed.ORDERS));
    List<String> messages = rows(ctx.lake().read(Tables.QUARANTINE)
        .selectExpr("regexp_extract(source_file, '[^/]+$', 0)", "source_line", "rule", "message"));
    assertTrue(messages.get(0).startsWith("[bad-footer.parquet,0,FILE_UNREADABLE,cannot read the Parquet footer: "),
        messages.get(0));
    assertEquals(List.of(
        "[csv-text.parquet,0,FILE_UNREADABLE,not a Parquet file: no PAR1 marker at its start, whatever its name "
            + "says]",
        "[truncated.parquet,0,FILE_UNREADABLE,not a Parquet file: no PAR1 marker at its end (truncated?), whatever "
            + "its name says]"), messages.subList(1, 3));
  }

  @Test
  void foldersThatLookLikeDropsAreReportedAndTheNightGoesOn(@TempDir Path tmp) throws IOException {
    LandingFixture f = new LandingFixture(tmp);
    f.drop("orders", "2026-13-45", "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o-bad-date")));
    f.drop("orders", "garbage", "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o-garbage")));
    Files.writeString(f.landing.resolve("orders/stray.csv"), csv(Feed.ORDERS, row(Feed.ORDERS)));
    Files.createDirectories(f.landing.resolve("orders/2026-11-02"));
    Files.createDirectories(f.landing.resolve("orders/_temporary"));
    f.drop("orders", "2099-01-01", "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o-future")));
    f.drop("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS)));
    RunContext ctx = f.context();

    String out = printed(() -> IngestRulesTest.single(ingest(ctx, Feed.ORDERS), 1, 1, 0, Map.of()));

    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    List<String> lines = Arrays.stream(out.split("\n")).filter(l -> !l.contains("  read ")).toList();
    assertEquals(List.of(
        "ingest orders        2026-11-02  not a drop, not read: not a drop folder: drops are named dt=YYYY-MM-DD",
        "ingest orders        dt=2026-13-45  not a drop, not read: '2026-13-45' is not a date YYYY-MM-DD, so this is "
            + "not a drop",
        "ingest orders        dt=garbage  not a drop, not read: 'garbage' is not a date YYYY-MM-DD, so this is not a "
            + "drop",
        "ingest orders        stray.csv  not a drop, not read: a file outside any drop; files belong in a "
            + "dt=YYYY-MM-DD folder",
        "ingest orders        dt=2099-01-01  dated after today (" + java.time.LocalDate.now(java.time.ZoneOffset.UTC)
            + "): pending until a night of that date"), lines);
    List<String> status = Status.report(ctx.lake(), f.landing.toString(), new org.apache.hadoop.conf.Configuration());
    String report = String.join("\n", status);
    assertTrue(report.contains("not drops   4 item(s) in landing feed folders are not drops and are not read: "
        + "orders/2026-11-02 (not a drop folder: drops are named dt=YYYY-MM-DD), orders/dt=2026-13-45 ('2026-13-45' "
        + "is not a date YYYY-MM-DD, so this is not a drop), orders/dt=garbage"), report);
    assertTrue(report.contains("pending     1 drop(s) to ingest: orders dt=2099-01-01 (dated after today "), report);
  }

  @Test
  void controlCharactersQuarantineTheRowNamingColumnAndCodePoint(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("registry", DT, "a.csv", csv(Feed.REGISTRY,
        row(Feed.REGISTRY),
        row(Feed.REGISTRY, "registration_number=R2", "legal_name=Acme\u001b]0;owned\u0007 Ltd"),
        row(Feed.REGISTRY, "registration_number=R3", "legal_name=Acme\u001b[2J\u001b[H"),
        row(Feed.REGISTRY, "registration_number=R4", "city=Sh\banghai"),
        row(Feed.REGISTRY, "registration_number=R5", "legal_name=\"Acme\rLtd\""),
        row(Feed.REGISTRY, "registration_number=R6", "legal_form=L\u007fTD"),
        row(Feed.REGISTRY, "registration_number=R7", "legal_name=Acme\u009b31m"),
        row(Feed.REGISTRY, "registration_number=R8", "legal_name=Acme\tTrading"),
        row(Feed.REGISTRY, "registration_number=R9", "legal_name=\"Acme\nTrading\"")));
    f.file("registry", DT, "b.jsonl", "{\"registry_country\":\"CN\",\"registration_number\":\"J1\","
        + "\"legal_name\":\"Acme \\u001b]2;title\\u0007\",\"incorporation_date\":\"2010-05-01\","
        + "\"updated_at\":\"2026-11-01T00:00:00Z\"}\n"
        + "{\"registry_country\":\"CN\",\"registration_number\":\"J2\",\"legal_name\":\"Acme Zhongguo\","
        + "\"incorporation_date\":\"2010-05-01\",\"updated_at\":\"2026-11-01T00:00:00Z\"}\n");
    f.success("registry", DT);
    writeParquet(tmp, f, "c.parquet", DataTypes.StringType, parquetRow("o\u001b[2Jx", "1.00"),
        parquetRow("o2", "2.00"));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    List<DropResult> results = ingest(ctx, Feed.ORDERS, Feed.REGISTRY);
    IngestRulesTest.check(results.get(0), 2, 1, 0, Map.of(Rules.CONTROL_CHARACTER, 1L));
    IngestRulesTest.check(results.get(1), 11, 2, 0, Map.of(Rules.CONTROL_CHARACTER, 9L));

    assertEquals(rows("[CN,91310000AB,2026-11-02,a.csv,2]", "[CN,J2,2026-11-02,b.jsonl,2]"),
        bronze(ctx, Feed.REGISTRY));
    assertEquals(rows("[th,o2,2026-11-02,c.parquet,2]"), bronze(ctx, Feed.ORDERS));
    assertEquals(rows(
            "[a.csv,3,column 'legal_name': control character U+001B at character 5; control characters are not "
                + "allowed in values]",
            "[a.csv,4,column 'legal_name': control character U+001B at character 5; control characters are not "
                + "allowed in values]",
            "[a.csv,5,column 'city': control character U+0008 at character 3; control characters are not allowed "
                + "in values]",
            "[a.csv,6,column 'legal_name': control character U+000D at character 5; control characters are not "
                + "allowed in values]",
            "[a.csv,7,column 'legal_form': control character U+007F at character 2; control characters are not "
                + "allowed in values]",
            "[a.csv,8,column 'legal_name': control character U+009B at character 5; control characters are not "
                + "allowed in values]",
            "[a.csv,9,column 'legal_name': control character U+0009 at character 5; control characters are not "
                + "allowed in values]",
            "[a.csv,10,column 'legal_name': control character U+000A at character 5; control characters are not "
                + "allowed in values]",
            "[b.jsonl,1,column 'legal_name': control character U+001B at character 6; control characters are not "
                + "allowed in values]",
            "[c.parquet,1,column 'order_id': control character U+001B at character 2; control characters are not "
                + "allowed in values]"),
        rows(ctx.lake().read(Tables.QUARANTINE).selectExpr("regexp_extract(source_file, '[^/]+$', 0)",
            "source_line", "message")));
    assertEquals(rows("[CONTROL_CHARACTER]"), rows(ctx.lake().read(Tables.QUARANTINE).selectExpr("rule").distinct()));
    // Quarantine keeps the raw text, as the contract asks; what prints it escapes it.
    assertEquals(row(Feed.REGISTRY, "registration_number=R2", "legal_name=Acme\u001b]0;owned\u0007 Ltd").trim(),
        ctx.lake().read(Tables.QUARANTINE).where("source_line = 3 AND source_file LIKE '%a.csv'")
            .select("raw_record").first().getString(0));
  }

  @Test
  void giantFieldAndLongLineAreQuarantinedWithoutHoldingThem(@TempDir Path tmp) throws IOException {
    LandingFixture f = new LandingFixture(tmp);
    Path big = f.file("registry", DT, "a.csv", csv(Feed.REGISTRY, row(Feed.REGISTRY)));
    int giant = 60 << 20;
    try (Writer w = Files.newBufferedWriter(big, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
      String[] parts = row(Feed.REGISTRY, "registration_number=R2", "legal_name=@").split("@");
      w.write(parts[0]);
      char[] chunk = new char[1 << 20];
      Arrays.fill(chunk, 'A');
      for (int i = 0; i < giant >> 20; i++) {
        w.write(chunk);
      }
      w.write(parts[1]);
      w.write(row(Feed.REGISTRY, "registration_number=R3"));
    }
    String longLine = "{\"registry_country\":\"CN\",\"registration_number\":\"J1\",\"legal_name\":\""
        + "B".repeat(200_000) + "\"}\n";
    String longName = "{\"registry_country\":\"CN\",\"registration_number\":\"J3\",\"legal_name\":\""
        + "C".repeat(5000) + "\",\"incorporation_date\":\"2010-05-01\",\"updated_at\":\"2026-11-01T00:00:00Z\"}";
    f.file("registry", DT, "b.jsonl", longLine + "{\"registry_country\":\"CN\",\"registration_number\":\"J2\","
        + "\"legal_name\":\"Acme\",\"incorporation_date\":\"2010-05-01\",\"updated_at\":\"2026-11-01T00:00:00Z\"}\n"
        + longName + "\n");
    f.success("registry", DT);
    RunContext ctx = f.context(LENIENT);

    IngestRulesTest.single(ingest(ctx, Feed.REGISTRY), 6, 3, 0,
        Map.of(Rules.FIELD_TOO_LONG, 2L, Rules.LINE_TOO_LONG, 1L));

    assertEquals(rows("[CN,91310000AB,2026-11-02,a.csv,2]", "[CN,R3,2026-11-02,a.csv,4]",
        "[CN,J2,2026-11-02,b.jsonl,2]"), bronze(ctx, Feed.REGISTRY), "parsing goes on after the long row");
    assertEquals(rows(
            "[a.csv,3,FIELD_TOO_LONG,column 'legal_name': a value of " + giant + " characters, above "
                + "ingest.limits.max_field_chars = 4096,10000]",
            "[b.jsonl,1,LINE_TOO_LONG,a line of " + (longLine.length() - 1) + " characters, above "
                + "ingest.limits.max_line_chars = 65536,10000]",
            "[b.jsonl,3,FIELD_TOO_LONG,column 'legal_name': a value of 5000 characters, above "
                + "ingest.limits.max_field_chars = 4096," + longName.length() + "]"),
        rows(ctx.lake().read(Tables.QUARANTINE).selectExpr("regexp_extract(source_file, '[^/]+$', 0)",
            "source_line", "rule", "message", "length(raw_record)")));
  }

  @Test
  void nulInAKeyFieldNeverMakesAnotherKey(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS),
        row(Feed.ORDERS, "order_id=o1\u0000", "amount=99.00"),
        row(Feed.ORDERS, "platform=\u0000th", "amount=98.00")));
    f.file("orders", DT, "b.jsonl", "{\"platform\":\"th\",\"order_id\":\"o1\\u0000\",\"seller_account\":\"S1\","
        + "\"buyer_account\":\"B1\",\"order_ts\":\"2026-11-01T10:00:00Z\",\"amount\":97.00,\"currency\":\"EUR\","
        + "\"payment_terms_days\":30,\"status\":\"PLACED\",\"updated_at\":\"2026-11-02T08:00:00Z\"}\n");
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    IngestRulesTest.single(ingest(ctx, Feed.ORDERS), 4, 1, 0, Map.of(Rules.CONTROL_CHARACTER, 3L));

    assertEquals(rows("[th,o1,10.50]"), rows(ctx.lake().read(Tables.bronze(Feed.ORDERS))
        .selectExpr("platform", "order_id", "amount")), "one key, the clean one");
    assertEquals(rows(
            "[a.csv,3,column 'order_id': control character U+0000 at character 3; control characters are not "
                + "allowed in values]",
            "[a.csv,4,column 'platform': control character U+0000 at character 1; control characters are not "
                + "allowed in values]",
            "[b.jsonl,1,column 'order_id': control character U+0000 at character 3; control characters are not "
                + "allowed in values]"),
        rows(ctx.lake().read(Tables.QUARANTINE).selectExpr("regexp_extract(source_file, '[^/]+$', 0)",
            "source_line", "message")));
  }

  @Test
  void limitsHaveTheirDocumentedDefaults(@TempDir Path tmp) {
    assertEquals(IngestLimits.defaults(), new LandingFixture(tmp).config().ingest().limits());
    assertNull(ValueScreen.check(new String[] {"Acme Trading Co", null, "Zürich — Straße 1"},
        List.of("a", "b", "c"), IngestLimits.defaults()), "letters of every script pass");
    assertEquals("dt=\\u001B[2J", ValueScreen.escape("dt=\u001b[2J"));
  }

  /** What {@code action} prints on standard output, still printed as well. */
  private static String printed(Runnable action) {
    PrintStream original = System.out;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    OutputStream tee = new OutputStream() {
      @Override
      public void write(int b) {
        original.write(b);
        copy.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        original.write(b, off, len);
        copy.write(b, off, len);
      }
    };
    System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return copy.toString(StandardCharsets.UTF_8);
  }
}
