package io.tradecredit.erase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.cli.Main;
import io.tradecredit.cli.Nightly;
import io.tradecredit.ingest.Rules;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tradecredit erase} on a copy of the two-night sample lake: the company with accounts on two platforms
 * (CN:91310000MA1K4AB3XX, tradehub TH-10011 and silkmart SM-20011), given in another spelling of its number.
 * Tagged long: the erasure, its vacuum of every table and the night after it that re-ingests every earlier drop take
 * two to three minutes.
 */
@Tag("long")
class CompanyErasureTest extends SparkTestBase {
  static final String COMPANY = "CN:91310000MA1K4AB3XX";
  static final String SPELLED = "cn:9131-0000.ma1k4ab3xx";
  static final LocalDate THIRD = LocalDate.parse("2026-11-04");

  @Test
  void eraseRemovesTheCompanyFromEveryFileAndTheNextNightDoesNotBringItBack(@TempDir Path root) throws Exception {
    Path landing = root.resolve("landing");
    SampleLake.copyTree(SampleLake.HOME.resolve("data-samples/landing"), landing);
    SampleLake.copy(root);
    RunContext ctx = SampleLake.context(root, landing);
    Lake lake = ctx.lake();
    List<Pattern> identifiers = identifiers(lake);
    Map<String, Long> before = counts(lake);
    List<String> held = filesHolding(root, identifiers);
    assertTrue(held.size() > 20, "the scan finds the company before the erasure: " + held);

    long start = System.nanoTime();
    Run erase = main(root, landing, "erase", "--company", SPELLED, "--reason", "request 2026-118",
        "--operator", "privacy-desk");
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("erase of the sample lake took %.1f s%n%s%n", seconds, erase.out);

    assertEquals(0, erase.code, erase.out);
    assertEquals(List.of(), filesHolding(root, identifiers), "Parquet files that still hold the company");
    // What docs/operations.md says stays: file statistics (min/max bounds) in the Delta log, no rows.
    System.out.println("Delta log files naming the company as a statistics bound: " + logFilesNaming(root,
        identifiers));
    Map<String, Long> after = counts(lake);
    for (Table t : Tables.all()) {
      if (lake.exists(t)) {
        assertTrue(after.get(t.qualified()) >= 0, t + " reads");
        spark().sql("SELECT count(*), count(DISTINCT " + lake.read(t).columns()[0] + ") FROM " + "delta.`"
            + lake.path(t) + "`").collectAsList();
      }
    }
    assertEquals(before.get("credit.company_score") - 1, after.get("credit.company_score"));
    assertEquals(before.get("ops.quarantine"), after.get("ops.quarantine") + erased(lake, "ops.quarantine"));
    assertEquals(before.get("bronze.orders"), after.get("bronze.orders") + erased(lake, "bronze.orders"));
    assertTrue(erased(lake, "silver.orders") > 100, "its orders, as seller or buyer");
    assertExportsVerify(ctx);
    assertThrows(Exception.class, () -> spark().read().format("delta").option("versionAsOf", 0)
        .load(lake.path(Tables.COMPANY_SCORE_HISTORY)).collectAsList(), "time travel before the erasure");

    Row record = lake.read(Tables.ERASURES).first();
    assertEquals(1, lake.read(Tables.ERASURES).count());
    assertEquals("privacy-desk", record.getAs("operator"));
    assertEquals(System.getProperty("user.name"), record.getAs("os_user"));
    assertEquals("request 2026-118", record.getAs("reason"));
    assertEquals(sha256(COMPANY), record.getAs("company_sha256"));
    List<String> landingRecords = lake.read(Tables.ERASURES).selectExpr("explode(landing_records) AS l")
        .selectExpr("concat(l.feed, ' ', l.dt, ' ', l.source_file, ':', l.source_line)").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertTrue(landingRecords.stream().anyMatch(l -> l.startsWith("registry 2026-11-02 ")
        && l.contains("registry-0001.csv:")), landingRecords.toString());
    assertTrue(erase.out.contains("landing records to delete at the source"), erase.out);

    // Idempotent: a second erasure finds nothing and records nothing; an unknown company is said to be unknown.
    Run again = main(root, landing, "erase", "--company", COMPANY, "--reason", "again");
    assertEquals(0, again.code, again.out);
    assertTrue(again.out.contains("already erased"), again.out);
    Run unknown = main(root, landing, "erase", "--company", "CN:0000NOSUCH", "--reason", "typo");
    assertEquals(1, unknown.code, unknown.out);
    assertTrue(unknown.out.contains("not found"), unknown.out);
    assertEquals(1, lake.read(Tables.ERASURES).count());

    // A later drop carries the company: its rows are quarantined ERASED, the rest of the drop is ingested.
    Files.writeString(landing.resolve("orders/dt=2026-11-04/orders-0003.csv"), String.join("\n",
        "platform,order_id,seller_account,buyer_account,order_ts,amount,currency,payment_terms_days,category,status,"
            + "updated_at",
        "tradehub,THO-9990001,TH-10011,TH-10048,2026-11-04T01:00:00Z,1200.00,USD,30,machinery,PLACED,"
            + "2026-11-04T01:00:00Z",
        "tradehub,THO-9990002,TH-10013,TH-10048,2026-11-04T02:00:00Z,1300.00,USD,30,machinery,PLACED,"
            + "2026-11-04T02:00:00Z", ""));
    Nightly.run(ctx.nextRun(), THIRD);

    assertEquals(List.of("[orders-0003.csv,2,null]"), rows(lake.read(Tables.QUARANTINE)
        .where("rule = '" + Rules.ERASED + "' AND source_file LIKE '%orders-0003.csv'")
        .selectExpr("substring_index(source_file, '/', -1)", "source_line", "raw_record")));
    Row log = lake.read(Tables.INGEST_LOG).where("feed = 'orders' AND dt = DATE'2026-11-04'").first();
    assertEquals("OK", log.getAs("status"));
    assertEquals((long) log.getAs("rows_read"), (long) log.getAs("accepted") + (long) log.getAs("deduplicated")
        + (long) log.getAs("quarantined"));
    long erasedRows = log.<String, Long>getJavaMap(log.fieldIndex("quarantined_by_rule")).get(Rules.ERASED);
    assertEquals(3, erasedRows, "the two sample orders of TH-10011 and the new one");
    // The copied landing's files are newer than those ingested: every earlier drop counts as re-delivered, and the
    // company's rows in it are quarantined too.
    assertTrue(lake.read(Tables.INGEST_LOG).where("feed = 'orders' AND dt = DATE'2026-11-02' AND status = 'OK' AND "
        + "quarantined_by_rule['ERASED'] > 100").count() == 1, "the re-delivered first drop");
    assertEquals(List.of("[THO-9990002]"), rows(lake.read(Tables.bronze(io.tradecredit.ingest.Feed.ORDERS))
        .where("order_id LIKE 'THO-99900%'").select("order_id")));
    assertEquals(List.of("[true]"), rows(lake.read(Tables.PUBLISH_LOG).where("as_of_date = DATE'2026-11-04'")
        .select("published")));
    assertTrue(lake.read(Tables.COMPANY_SCORE).where("as_of_date = DATE'2026-11-04'").count() > 0);
    assertEquals(List.of(), filesHolding(root, identifiers), "Parquet files holding the company after a night");
  }

  /** The company's id, its registration number as normalised and as delivered, and its account ids. */
  private static List<Pattern> identifiers(Lake lake) {
    List<String> values = new ArrayList<>(List.of(COMPANY, "91310000MA1K4AB3XX", "TH-10011", "SM-20011"));
    for (String feed : List.of("registry", "accounts")) {
      lake.read(new Table("bronze", feed, "")).where("upper(regexp_replace(registration_number, '[\\\\s./-]', '')) "
          + "= '91310000MA1K4AB3XX'").select("registration_number").distinct().collectAsList()
          .forEach(r -> values.add(r.getString(0)));
    }
    assertTrue(values.contains("9131 0000-MA1K4AB3XX"), values.toString());
    return values.stream().distinct().map(v -> Pattern.compile("(?<![A-Za-z0-9-])" + Pattern.quote(v)
        + "(?![A-Za-z0-9-])", Pattern.CASE_INSENSITIVE)).toList();
  }

  /** Every Parquet file under the lake and exports (older versions included) with a record naming the company. */
  static List<String> filesHolding(Path root, List<Pattern> identifiers) throws IOException {
    List<String> found = new ArrayList<>();
    List<Path> files;
    try (var walk = Files.walk(root)) {
      files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !p.toString().contains("_delta_log")).sorted().toList();
    }
    for (Path file : files) {
      try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
          new org.apache.hadoop.fs.Path(file.toUri())).withConf(new Configuration()).build()) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          String text = g.toString();
          if (identifiers.stream().anyMatch(p -> p.matcher(text).find())) {
            found.add(root.relativize(file).toString());
            break;
          }
        }
      }
    }
    return found;
  }

  private static List<String> logFilesNaming(Path root, List<Pattern> identifiers) throws IOException {
    try (var walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().contains("_delta_log") && p.toString().endsWith(".json"))
          .filter(p -> {
            try {
              String text = Files.readString(p);
              return identifiers.stream().anyMatch(i -> i.matcher(text).find());
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }).map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }

  private static Map<String, Long> counts(Lake lake) {
    Map<String, Long> n = new TreeMap<>();
    for (Table t : Tables.all()) {
      if (lake.exists(t)) {
        n.put(t.qualified(), lake.read(t).count());
      }
    }
    return n;
  }

  private static long erased(Lake lake, String table) {
    return lake.read(Tables.ERASURES).selectExpr("coalesce(rows_by_table['" + table + "'], 0)").first().getLong(0);
  }

  /** Every export folder: rows and checksums as its manifest says, and _SUCCESS. */
  private static void assertExportsVerify(RunContext ctx) throws Exception {
    Path exports = Path.of(ctx.config().paths().exports(), "company_score");
    List<Path> dirs;
    try (var list = Files.list(exports)) {
      dirs = list.filter(p -> p.getFileName().toString().startsWith("as_of_date=")).sorted().toList();
    }
    assertEquals(2, dirs.size(), dirs.toString());
    for (Path dir : dirs) {
      assertTrue(Files.exists(dir.resolve("_SUCCESS")), dir + " complete");
      var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("_manifest.json")
          .toFile());
      assertEquals(spark().read().parquet(dir.toString()).count(), manifest.get("rows").asLong(), dir.toString());
      assertEquals(0, spark().read().parquet(dir.toString()).where("company_id = '" + COMPANY + "'").count());
      List<String> listed = new ArrayList<>();
      for (var f : manifest.get("files")) {
        listed.add(f.get("file").asText());
        assertEquals(f.get("sha256").asText(), sha256(Files.readAllBytes(dir.resolve(f.get("file").asText()))));
      }
      try (var parts = Files.list(dir)) {
        assertEquals(parts.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-")).sorted().toList(),
            listed.stream().sorted().toList(), "the manifest lists every part file of " + dir);
      }
    }
  }

  private static String sha256(String text) throws Exception {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  record Run(int code, String out) {}

  /** Runs a command line in this JVM (the session is the test's), capturing what it prints. */
  private static Run main(Path root, Path landing, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--conf");
    all.add(SampleLake.HOME.resolve("conf/local.yaml").toString());
    for (String s : SampleLake.settings(root, landing)) {
      all.add("--set");
      all.add(s);
    }
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      int code = Main.run(all.toArray(new String[0]));
      return new Run(code, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
    }
  }
}
