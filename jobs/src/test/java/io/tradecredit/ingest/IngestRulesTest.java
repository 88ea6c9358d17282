package io.tradecredit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per class of bad input of contract/landing.md ("Bad input"): the exact rule the row or file is
 * quarantined under, where it came from (file and line), and the drop's accounting
 * {@code rowsRead = accepted + deduplicated + quarantined}. Each drop holds a good row next to the bad one, so the
 * accepted side is checked too.
 */
class IngestRulesTest extends SparkTestBase {
  static final String DT = "2026-11-02";
  static final LocalDate DAY = LocalDate.parse(DT);
  /** Lets every drop pass, so that the quarantine of each bad row is what is checked. */
  static final String LENIENT = "ingest.max_bad_ratio=1.0";

  /** A valid row of each feed used here, column by column; a test overrides the columns it breaks. */
  static final Map<Feed, Map<String, String>> GOOD = Map.of(
      Feed.ORDERS, values(Feed.ORDERS, "th", "o1", "S1", "B1", "2026-11-01T10:00:00Z", "10.50", "EUR", "30", "toys",
          "PLACED", "2026-11-02T08:00:00Z"),
      Feed.SHIPMENTS, values(Feed.SHIPMENTS, "maersk", "s1", "th", "o1", "CN", "DE", "2026-11-20",
          "2026-11-01T10:00:00Z", "", "2026-11-02T09:00:00Z", "DELIVERED", "2026-11-02T10:00:00Z"),
      Feed.REGISTRY, values(Feed.REGISTRY, "CN", "91310000AB", "Acme Trading Co", "LTD", "ACTIVE", "2010-05-01",
          "1000000.00", "CNY", "4690", "Shanghai", "2026-11-01T00:00:00Z"),
      Feed.ACCOUNTS, values(Feed.ACCOUNTS, "th", "a1", "DE", "HRB 123", "Acme GmbH", "true", "2026-10-01T00:00:00Z",
          "2026-01-01T00:00:00Z", "2026-11-01T00:00:00Z"));

  static Map<String, String> values(Feed feed, String... values) {
    List<String> names = feed.columnNames();
    assertEquals(names.size(), values.length);
    Map<String, String> row = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      row.put(names.get(i), values[i]);
    }
    return row;
  }

  static String header(Feed feed) {
    return String.join(",", feed.columnNames()) + "\n";
  }

  /** A CSV line of {@code feed}: the good row with {@code column=value} overrides (values as raw CSV text). */
  static String row(Feed feed, String... overrides) {
    Map<String, String> row = new LinkedHashMap<>(GOOD.get(feed));
    for (String o : overrides) {
      int eq = o.indexOf('=');
      String column = o.substring(0, eq);
      assertTrue(row.containsKey(column), "no column " + column);
      row.put(column, o.substring(eq + 1));
    }
    return String.join(",", row.values()) + "\n";
  }

  static String csv(Feed feed, String... rows) {
    return header(feed) + String.join("", rows);
  }

  static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Runs ingest up to {@link #DAY} and checks the accounting identity of every drop it returns. */
  static List<DropResult> ingest(RunContext ctx, Feed... feeds) {
    List<DropResult> results = new IngestStage(ctx).run(DAY, List.of(feeds));
    for (DropResult r : results) {
      assertEquals(r.rowsRead(), r.accepted() + r.deduplicated() + r.quarantined(),
          "rowsRead = accepted + deduplicated + quarantined for " + r);
      assertEquals(r.quarantined(), r.quarantinedByRule().values().stream().mapToLong(Long::longValue).sum());
    }
    return results;
  }

  /** The one drop of the run, checked against the expected counts. */
  static DropResult single(List<DropResult> results, long read, long accepted, long deduplicated,
      Map<String, Long> byRule) {
    assertEquals(1, results.size(), results.toString());
    return check(results.get(0), read, accepted, deduplicated, byRule);
  }

  static DropResult check(DropResult r, long read, long accepted, long deduplicated, Map<String, Long> byRule) {
    assertEquals(DAY, r.dt());
    assertEquals(read, r.rowsRead(), "rows read");
    assertEquals(accepted, r.accepted(), "accepted");
    assertEquals(deduplicated, r.deduplicated(), "deduplicated");
    assertEquals(byRule.values().stream().mapToLong(Long::longValue).sum(), r.quarantined(), "quarantined");
    assertEquals(byRule, r.quarantinedByRule());
    assertTrue(r.passed(), r.message());
    return r;
  }

  /** Quarantine entries of a feed as {@code [dt, dt=<dt>/<file>, line, rule]}. */
  static List<String> quarantine(RunContext ctx, Feed feed) {
    return rows(ctx.lake().read(Tables.QUARANTINE).where("feed = '" + feed.id() + "'").selectExpr(
        "cast(dt as string)", "regexp_extract(source_file, '[^/]+/[^/]+$', 0)", "source_line", "rule"));
  }

  static String entry(String file, long line, String rule) {
    return "[" + DT + ",dt=" + DT + "/" + file + "," + line + "," + rule + "]";
  }

  static Row quarantined(RunContext ctx, String rule) {
    return ctx.lake().read(Tables.QUARANTINE).where("rule = '" + rule + "'")
        .select("stage", "message", "raw_record").first();
  }

  /** Bronze rows of a feed as {@code [key..., dt, file, line]}. */
  static List<String> bronze(RunContext ctx, Feed feed) {
    if (!ctx.lake().exists(Tables.bronze(feed))) {
      return List.of();
    }
    List<String> select = new ArrayList<>(feed.key());
    select.addAll(List.of("cast(dt as string)", "regexp_extract(source_file, '[^/]+$', 0)", "source_line"));
    return rows(ctx.lake().read(Tables.bronze(feed)).selectExpr(select.toArray(new String[0])));
  }

  // ---- row rules ----------------------------------------------------------------------------------------------

  @Test
  void amountNotPositive(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "amount=0.01"),
        row(Feed.ORDERS, "order_id=o2", "amount=0.00"), row(Feed.ORDERS, "order_id=o3", "amount=-5")));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 3, 1, 0, Map.of(Rules.AMOUNT_NOT_POSITIVE, 2L));

    assertEquals(rows(entry("a.csv", 3, Rules.AMOUNT_NOT_POSITIVE), entry("a.csv", 4, Rules.AMOUNT_NOT_POSITIVE)),
        quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    Row q = ctx.lake().read(Tables.QUARANTINE).where("source_line = 3").select("stage", "message", "raw_record")
        .first();
    assertEquals("ingest", q.getString(0));
    assertEquals("column 'amount': 0.00 must be > 0", q.getString(1));
    assertEquals(row(Feed.ORDERS, "order_id=o2", "amount=0.00").trim(), q.getString(2), "the raw record is kept");
  }

  @Test
  void paymentTermsOutOfRange(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "payment_terms_days=365"),
        row(Feed.ORDERS, "order_id=o2", "payment_terms_days=400")));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.TERMS_OUT_OF_RANGE, 1L));

    assertEquals(rows(entry("a.csv", 3, Rules.TERMS_OUT_OF_RANGE)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    assertEquals("column 'payment_terms_days': 400 is outside 0..365",
        quarantined(ctx, Rules.TERMS_OUT_OF_RANGE).getString(1));
  }

  @Test
  void orderStatusNotInEnum(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS),
        row(Feed.ORDERS, "order_id=o2", "status=SHIPPING")));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.BAD_ENUM, 1L));

    assertEquals(rows(entry("a.csv", 3, Rules.BAD_ENUM)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    assertEquals("column 'status': 'SHIPPING' is not one of PLACED, CONFIRMED, SHIPPED, DELIVERED, COMPLETED, "
        + "CANCELLED, REFUNDED", quarantined(ctx, Rules.BAD_ENUM).getString(1));
  }

  @Test
  void countryNotIso3166InRegistryAndAccounts(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("registry", DT, "r.csv", csv(Feed.REGISTRY, row(Feed.REGISTRY),
        row(Feed.REGISTRY, "registry_country=XX", "registration_number=2"),
        // Lower case is a valid code (the contract's identity rule upper-cases it).
        row(Feed.REGISTRY, "registry_country=de", "registration_number=HRB3")));
    f.success("registry", DT);
    f.file("accounts", DT, "a.csv", csv(Feed.ACCOUNTS, row(Feed.ACCOUNTS),
        row(Feed.ACCOUNTS, "account_id=a2", "registry_country=Germany")));
    f.success("accounts", DT);
    RunContext ctx = f.context(LENIENT);

    List<DropResult> results = ingest(ctx, Feed.REGISTRY, Feed.ACCOUNTS);

    assertEquals(2, results.size());
    check(results.stream().filter(r -> r.feed() == Feed.REGISTRY).findFirst().orElseThrow(), 3, 2, 0,
        Map.of(Rules.BAD_COUNTRY, 1L));
    check(results.stream().filter(r -> r.feed() == Feed.ACCOUNTS).findFirst().orElseThrow(), 2, 1, 0,
        Map.of(Rules.BAD_COUNTRY, 1L));
    assertEquals(rows(entry("r.csv", 3, Rules.BAD_COUNTRY)), quarantine(ctx, Feed.REGISTRY));
    assertEquals(rows(entry("a.csv", 3, Rules.BAD_COUNTRY)), quarantine(ctx, Feed.ACCOUNTS));
    assertEquals(rows("[CN,91310000AB,2026-11-02,r.csv,2]", "[DE,HRB3,2026-11-02,r.csv,4]"),
        bronze(ctx, Feed.REGISTRY));
    assertEquals(rows("[th,a1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ACCOUNTS));
  }

  @Test
  void currencyNotIso4217(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS),
        row(Feed.ORDERS, "order_id=o2", "currency=EURO")));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.BAD_CURRENCY, 1L));

    assertEquals(rows(entry("a.csv", 3, Rules.BAD_CURRENCY)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
  }

  @Test
  void orderPlacedAfterItsUpdate(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS,
        row(Feed.ORDERS, "order_ts=2026-11-02T08:00:00Z", "updated_at=2026-11-02T08:00:00Z"),
        // 09:00 at +08:00 is 01:00 UTC: the order time is compared as an instant, not as text
        row(Feed.ORDERS, "order_id=o2", "order_ts=2026-11-02T09:00:00+08:00", "updated_at=2026-11-02T02:00:00Z"),
        row(Feed.ORDERS, "order_id=o3", "order_ts=2026-11-02T08:00:01Z", "updated_at=2026-11-02T08:00:00Z")));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 3, 2, 0, Map.of(Rules.ORDER_AFTER_UPDATE, 1L));

    assertEquals(rows(entry("a.csv", 4, Rules.ORDER_AFTER_UPDATE)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]", "[th,o2,2026-11-02,a.csv,3]"), bronze(ctx, Feed.ORDERS));
  }

  @Test
  void shipmentDeliveredBeforeShipped(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("shipments", DT, "s.csv", csv(Feed.SHIPMENTS, row(Feed.SHIPMENTS),
        row(Feed.SHIPMENTS, "shipment_id=s2", "shipped_at=2026-11-02T10:00:00Z", "delivered_at=2026-11-02T09:59:59Z")));
    f.success("shipments", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.SHIPMENTS), 2, 1, 0, Map.of(Rules.DELIVERED_BEFORE_SHIPPED, 1L));

    assertEquals(rows(entry("s.csv", 3, Rules.DELIVERED_BEFORE_SHIPPED)), quarantine(ctx, Feed.SHIPMENTS));
    assertEquals(rows("[maersk,s1,2026-11-02,s.csv,2]"), bronze(ctx, Feed.SHIPMENTS));
  }

  @Test
  void eventAfterTheDropsDeliveryDate(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS,
        row(Feed.ORDERS, "updated_at=2026-11-02T23:59:59Z"),
        row(Feed.ORDERS, "order_id=o2", "updated_at=2026-11-03T00:00:00Z"),
        // 07:00 on Nov 3 at +08:00 is still Nov 2 in UTC
        row(Feed.ORDERS, "order_id=o3", "updated_at=2026-11-03T07:00:00+08:00")));
    f.success("orders", DT);
    f.file("registry", DT, "r.csv", csv(Feed.REGISTRY, row(Feed.REGISTRY, "incorporation_date=2026-11-02"),
        row(Feed.REGISTRY, "registration_number=2", "incorporation_date=2026-11-03")));
    f.success("registry", DT);
    RunContext ctx = f.context(LENIENT);

    List<DropResult> results = ingest(ctx, Feed.ORDERS, Feed.REGISTRY);

    assertEquals(2, results.size());
    check(results.get(0), 3, 2, 0, Map.of(Rules.DATE_IN_FUTURE, 1L));
    check(results.get(1), 2, 1, 0, Map.of(Rules.DATE_IN_FUTURE, 1L));
    assertEquals(rows(entry("a.csv", 3, Rules.DATE_IN_FUTURE)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows(entry("r.csv", 3, Rules.DATE_IN_FUTURE)), quarantine(ctx, Feed.REGISTRY));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]", "[th,o3,2026-11-02,a.csv,4]"), bronze(ctx, Feed.ORDERS));
    assertEquals(rows("[CN,91310000AB,2026-11-02,r.csv,2]"),
        bronze(ctx, Feed.REGISTRY));
  }

  @Test
  void endOfTheDeliveryDayIsUtcWhateverTheJvmTimeZone(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS,
        row(Feed.ORDERS, "updated_at=2026-11-02T23:59:59Z"),
        row(Feed.ORDERS, "order_id=o2", "updated_at=2026-11-03T00:00:00Z")));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    List<DropResult> results;
    TimeZone jvmZone = TimeZone.getDefault();
    try {
      // A driver outside UTC (a laptop, a cluster node set to local time) must judge "future" the same way.
      TimeZone.setDefault(TimeZone.getTimeZone("Asia/Shanghai"));
      results = ingest(ctx, Feed.ORDERS);
    } finally {
      TimeZone.setDefault(jvmZone);
    }

    single(results, 2, 1, 0, Map.of(Rules.DATE_IN_FUTURE, 1L));
    assertEquals(rows(entry("a.csv", 3, Rules.DATE_IN_FUTURE)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
  }

  @Test
  void registryCapitalWithoutCurrency(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("registry", DT, "r.csv", csv(Feed.REGISTRY, row(Feed.REGISTRY),
        row(Feed.REGISTRY, "registration_number=2", "registered_capital=", "capital_currency="),
        row(Feed.REGISTRY, "registration_number=3", "registered_capital=50000.00", "capital_currency=")));
    f.success("registry", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.REGISTRY), 3, 2, 0, Map.of(Rules.CURRENCY_MISSING, 1L));

    assertEquals(rows(entry("r.csv", 4, Rules.CURRENCY_MISSING)), quarantine(ctx, Feed.REGISTRY));
    assertEquals(rows("[CN,91310000AB,2026-11-02,r.csv,2]", "[CN,2,2026-11-02,r.csv,3]"),
        bronze(ctx, Feed.REGISTRY));
    assertEquals("column 'capital_currency': required when registered_capital is present",
        quarantined(ctx, Rules.CURRENCY_MISSING).getString(1));
  }

  @Test
  void requiredValueMissingInCsvAndJsonl(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS),
        row(Feed.ORDERS, "order_id=o2", "seller_account=")));
    // JSONL: a missing key is null
    f.file("orders", DT, "b.jsonl", "{\"platform\":\"th\",\"order_id\":\"o3\",\"seller_account\":\"S1\","
        + "\"order_ts\":\"2026-11-01T10:00:00Z\",\"amount\":5,\"currency\":\"EUR\",\"payment_terms_days\":0,"
        + "\"status\":\"PLACED\",\"updated_at\":\"2026-11-02T08:00:00Z\"}\n");
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 3, 1, 0, Map.of(Rules.REQUIRED_MISSING, 2L));

    assertEquals(rows(entry("a.csv", 3, Rules.REQUIRED_MISSING), entry("b.jsonl", 1, Rules.REQUIRED_MISSING)),
        quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    assertEquals(rows("[column 'buyer_account': required value is missing]",
            "[column 'seller_account': required value is missing]"),
        rows(ctx.lake().read(Tables.QUARANTINE).select("message")));
  }

  @Test
  void valueOfTheWrongType(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS),
        row(Feed.ORDERS, "order_id=o2", "amount=abc")));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.TYPE_MISMATCH, 1L));

    assertEquals(rows(entry("a.csv", 3, Rules.TYPE_MISMATCH)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    assertEquals("column 'amount': 'abc' is not a decimal with at most 2 fraction digits",
        quarantined(ctx, Rules.TYPE_MISMATCH).getString(1));
  }

  @Test
  void csvWithAnUnclosedQuote(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS),
        row(Feed.ORDERS, "order_id=o2", "category=\"toys, plush")));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.MALFORMED_ROW, 1L));

    assertEquals(rows(entry("a.csv", 3, Rules.MALFORMED_ROW)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    Row q = quarantined(ctx, Rules.MALFORMED_ROW);
    assertEquals("malformed CSV: unterminated quoted field at end of file", q.getString(1));
    // the broken record runs to the end of the file, line break included
    assertEquals(row(Feed.ORDERS, "order_id=o2", "category=\"toys, plush"), q.getString(2));
  }

  @Test
  void jsonlLineThatIsNotJson(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.jsonl", "{\"platform\":\"th\",\"order_id\":\"o1\",\"seller_account\":\"S1\","
        + "\"buyer_account\":\"B1\",\"order_ts\":\"2026-11-01T10:00:00Z\",\"amount\":10.5,\"currency\":\"EUR\","
        + "\"payment_terms_days\":30,\"status\":\"PLACED\",\"updated_at\":\"2026-11-02T08:00:00Z\"}\n"
        + "\n" // blank lines are skipped but still counted as lines
        + "platform=th order_id=o2\n"
        + "[\"th\",\"o3\"]\n");
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 3, 1, 0, Map.of(Rules.MALFORMED_ROW, 2L));

    assertEquals(rows(entry("a.jsonl", 3, Rules.MALFORMED_ROW), entry("a.jsonl", 4, Rules.MALFORMED_ROW)),
        quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.jsonl,1]"), bronze(ctx, Feed.ORDERS));
    assertEquals(rows("[malformed JSON: the line is not an object,[\"th\",\"o3\"]]",
            "[malformed JSON: Unrecognized token 'platform': was expecting (JSON String, Number, Array, Object or "
                + "token 'null', 'true' or 'false'),platform=th order_id=o2]"),
        rows(ctx.lake().read(Tables.QUARANTINE).select("message", "raw_record")));
  }

  // ---- file rules ---------------------------------------------------------------------------------------------

  @Test
  void semicolonDelimitedCsvIsQuarantinedWhole(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS)));
    f.file("orders", DT, "b.csv", (header(Feed.ORDERS) + row(Feed.ORDERS, "order_id=o2")
        + row(Feed.ORDERS, "order_id=o3")).replace(',', ';'));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.MISSING_COLUMN, 1L));

    assertEquals(rows(entry("b.csv", 0, Rules.MISSING_COLUMN)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    Row q = quarantined(ctx, Rules.MISSING_COLUMN);
    assertEquals("missing required column(s) platform, order_id, seller_account, buyer_account, order_ts, amount, "
        + "currency, payment_terms_days, updated_at (is the delimiter not a comma?)", q.getString(1));
    assertEquals(header(Feed.ORDERS).trim().replace(',', ';'), q.getString(2), "the header is the raw record");
  }

  @Test
  void fileThatIsNotUtf8IsQuarantinedWhole(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS)));
    // "Café" in ISO-8859-1: 0xE9 is not valid UTF-8
    f.file("orders", DT, "b.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o2", "category=Caf\u00e9"))
        .getBytes(StandardCharsets.ISO_8859_1));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.BAD_ENCODING, 1L));

    assertEquals(rows(entry("b.csv", 0, Rules.BAD_ENCODING)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
    assertEquals("not valid UTF-8 (MalformedInputException)", quarantined(ctx, Rules.BAD_ENCODING).getString(1));
  }

  @Test
  void truncatedGzipIsQuarantinedWhole(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv.gz", gzip(csv(Feed.ORDERS, row(Feed.ORDERS))));
    byte[] whole = gzip(csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o2"), row(Feed.ORDERS, "order_id=o3")));
    f.file("orders", DT, "b.csv.gz", Arrays.copyOf(whole, whole.length / 2));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.FILE_UNREADABLE, 1L));

    assertEquals(rows(entry("b.csv.gz", 0, Rules.FILE_UNREADABLE)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv.gz,2]"), bronze(ctx, Feed.ORDERS),
        "no row of the broken file is half accepted");
    assertTrue(quarantined(ctx, Rules.FILE_UNREADABLE).getString(1).startsWith("truncated or corrupt gzip: "));
  }

  @Test
  void parquetColumnOfTheWrongType(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    // amount as text: each value is judged as the contract text it holds
    writeParquet(tmp, f, "a.parquet", DataTypes.StringType,
        parquetRow("o1", "10.50"), parquetRow("o2", "abc"));
    // amount as boolean: no value of it is a decimal
    writeParquet(tmp, f, "b.parquet", DataTypes.BooleanType, parquetRow("o3", true));
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 3, 1, 0, Map.of(Rules.TYPE_MISMATCH, 2L));

    assertEquals(rows(entry("a.parquet", 2, Rules.TYPE_MISMATCH), entry("b.parquet", 1, Rules.TYPE_MISMATCH)),
        quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.parquet,1]"), bronze(ctx, Feed.ORDERS));
    assertEquals(rows("[column 'amount': 'abc' is not a decimal with at most 2 fraction digits]",
            "[column 'amount': 'true' is not a decimal with at most 2 fraction digits]"),
        rows(ctx.lake().read(Tables.QUARANTINE).select("message")));
  }

  static Object[] parquetRow(String orderId, Object amount) {
    Map<String, String> good = GOOD.get(Feed.ORDERS);
    return Feed.ORDERS.columnNames().stream()
        .map(c -> c.equals("order_id") ? orderId : c.equals("amount") ? amount : good.get(c))
        .toArray();
  }

  /** Writes the orders rows with Spark as one Parquet file, all columns text except {@code amount}. */
  static void writeParquet(Path tmp, LandingFixture f, String name, DataType amountType, Object[]... rows) {
    StructType schema = new StructType();
    for (String c : Feed.ORDERS.columnNames()) {
      schema = schema.add(c, c.equals("amount") ? amountType : DataTypes.StringType);
    }
    List<Row> data = Arrays.stream(rows).map(RowFactory::create).toList();
    Path out = tmp.resolve("spark-" + name);
    spark().createDataFrame(data, schema).coalesce(1).write().parquet(out.toString());
    try (Stream<Path> files = Files.list(out)) {
      Path part = files.filter(p -> p.getFileName().toString().matches("part-.*\\.parquet")).findFirst()
          .orElseThrow();
      f.file("orders", DT, name, Files.readAllBytes(part));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void csvWithOnlyAHeaderIsAValidDropOfNoRows(@TempDir Path tmp) {
    // The contract quarantines a file that cannot be read or lacks a required column; a header-only file is
    // neither: it is a quiet delivery, like a drop holding only _SUCCESS.
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", header(Feed.ORDERS));
    f.success("orders", DT);
    RunContext ctx = f.context();

    DropResult r = single(ingest(ctx, Feed.ORDERS), 0, 0, 0, Map.of());

    assertEquals(1, r.files());
    assertEquals(List.of(), r.schemaDrift());
    assertEquals(List.of(), quarantine(ctx, Feed.ORDERS));
    assertEquals(List.of(), bronze(ctx, Feed.ORDERS));
    assertEquals(rows("[OK,0,0,0]"), rows(ctx.lake().read(Tables.INGEST_LOG)
        .selectExpr("status", "rows_read", "accepted", "quarantined")));
  }

  @Test
  void csvWithoutEvenAHeaderIsQuarantinedAsEmpty(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS)));
    f.file("orders", DT, "b.csv", new byte[0]);
    f.success("orders", DT);
    RunContext ctx = f.context(LENIENT);

    single(ingest(ctx, Feed.ORDERS), 2, 1, 0, Map.of(Rules.EMPTY_FILE, 1L));

    assertEquals(rows(entry("b.csv", 0, Rules.EMPTY_FILE)), quarantine(ctx, Feed.ORDERS));
    assertEquals(rows("[th,o1,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
  }

  // ---- drops --------------------------------------------------------------------------------------------------

  @Test
  void dropWithoutSuccessIsNotRead(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", "2026-11-01", "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "updated_at=2026-11-01T12:00:00Z")));
    f.success("orders", "2026-11-01");
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o2"),
        row(Feed.ORDERS, "order_id=o3", "amount=-1")));
    RunContext ctx = f.context();

    List<DropResult> results = ingest(ctx, Feed.ORDERS);

    assertEquals(1, results.size(), "only the complete drop is ingested");
    DropResult r = results.get(0);
    assertEquals(LocalDate.parse("2026-11-01"), r.dt());
    assertEquals(List.of(1L, 1L, 0L), List.of(r.rowsRead(), r.accepted(), r.quarantined()));
    assertEquals(rows("[th,o1,2026-11-01,a.csv,2]"), bronze(ctx, Feed.ORDERS), "no bronze row of the incomplete drop");
    assertEquals(List.of(), quarantine(ctx, Feed.ORDERS), "its bad row is not even looked at");
    assertEquals(rows("[2026-11-01,OK]"), rows(ctx.lake().read(Tables.INGEST_LOG)
        .selectExpr("cast(dt as string)", "status")));
  }

  @Test
  void extraColumnsAreIgnoredAndReportedAsSchemaDrift(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.csv", header(Feed.ORDERS).replace("order_id,", "order_id,channel,")
        + row(Feed.ORDERS).replace(",o1,", ",o1,app,"));
    f.file("orders", DT, "b.jsonl", "{\"platform\":\"th\",\"order_id\":\"o2\",\"seller_account\":\"S1\","
        + "\"buyer_account\":\"B1\",\"order_ts\":\"2026-11-01T10:00:00Z\",\"amount\":10.5,\"currency\":\"EUR\","
        + "\"payment_terms_days\":30,\"status\":\"PLACED\",\"updated_at\":\"2026-11-02T08:00:00Z\","
        + "\"broker\":{\"id\":7}}\n");
    f.success("orders", DT);
    RunContext ctx = f.context();

    DropResult r = single(ingest(ctx, Feed.ORDERS), 2, 2, 0, Map.of());

    assertEquals(List.of("broker", "channel"), r.schemaDrift());
    assertEquals(List.of(), quarantine(ctx, Feed.ORDERS));
    Dataset<Row> bronze = ctx.lake().read(Tables.bronze(Feed.ORDERS));
    List<String> expected = new ArrayList<>(Feed.ORDERS.columnNames());
    expected.addAll(List.of("dt", "source_file", "source_line", "ingested_at", "run_id"));
    assertEquals(expected, Arrays.asList(bronze.columns()), "the extra columns are not in bronze");
    assertEquals(rows("[o1,S1,10.50,2026-11-02]", "[o2,S1,10.50,2026-11-02]"),
        rows(bronze.selectExpr("order_id", "seller_account", "amount", "cast(dt as string)")),
        "the values after the extra CSV column are still in their places");
    assertEquals(rows("[broker,channel]"),
        rows(ctx.lake().read(Tables.INGEST_LOG).selectExpr("array_join(schema_drift, ',')")));
  }

  @Test
  void jsonlNumbersAreTakenAsTheDecimalsTheyWrite(@TempDir Path tmp) {
    // Money and rates are decimals; as JSON numbers, large amounts and small rates must not turn into 1.25E7 text.
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", DT, "a.jsonl", "{\"platform\":\"th\",\"order_id\":\"o1\",\"seller_account\":\"S1\","
        + "\"buyer_account\":\"B1\",\"order_ts\":\"2026-11-01T10:00:00Z\",\"amount\":12500000.50,"
        + "\"currency\":\"EUR\",\"payment_terms_days\":30,\"status\":\"PLACED\","
        + "\"updated_at\":\"2026-11-02T08:00:00Z\"}\n"
        + "{\"platform\":\"th\",\"order_id\":\"o2\",\"seller_account\":\"S1\","
        + "\"buyer_account\":\"B1\",\"order_ts\":\"2026-11-01T10:00:00Z\",\"amount\":1234567890123456.78,"
        + "\"currency\":\"EUR\",\"payment_terms_days\":30,\"status\":\"PLACED\","
        + "\"updated_at\":\"2026-11-02T08:00:00Z\"}\n"
        + "{\"platform\":\"th\",\"order_id\":\"o3\",\"seller_account\":\"S1\","
        + "\"buyer_account\":\"B1\",\"order_ts\":\"2026-11-01T10:00:00Z\",\"amount\":10.005,"
        + "\"currency\":\"EUR\",\"payment_terms_days\":30,\"status\":\"PLACED\","
        + "\"updated_at\":\"2026-11-02T08:00:00Z\"}\n");
    f.success("orders", DT);
    f.file("fx_rates", DT, "fx.jsonl",
        "{\"rate_date\":\"2026-11-01\",\"currency\":\"IDR\",\"usd_per_unit\":0.0000627}\n"
        + "{\"rate_date\":\"2026-11-01\",\"currency\":\"EUR\",\"usd_per_unit\":1.0812}\n");
    f.success("fx_rates", DT);
    RunContext ctx = f.context(LENIENT);

    List<DropResult> results = ingest(ctx, Feed.ORDERS, Feed.FX_RATES);

    assertEquals(2, results.size());
    check(results.get(0), 3, 2, 0, Map.of(Rules.TYPE_MISMATCH, 1L));
    check(results.get(1), 2, 2, 0, Map.of());
    assertEquals(rows(entry("a.jsonl", 3, Rules.TYPE_MISMATCH)), quarantine(ctx, Feed.ORDERS),
        "a third fraction digit is still a type mismatch");
    assertEquals(rows("[o1,12500000.50]", "[o2,1234567890123456.78]"),
        rows(ctx.lake().read(Tables.bronze(Feed.ORDERS)).selectExpr("order_id", "amount")));
    assertEquals(rows("[EUR,1.0812000000]", "[IDR,0.0000627000]"),
        rows(ctx.lake().read(Tables.bronze(Feed.FX_RATES)).selectExpr("currency", "usd_per_unit")));
  }

  // ---- max_bad_ratio ------------------------------------------------------------------------------------------

  @Test
  void dropAboveMaxBadRatioFailsWithoutBronze(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("orders", "2026-11-01", "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "updated_at=2026-11-01T12:00:00Z")));
    f.success("orders", "2026-11-01");
    f.file("orders", DT, "a.csv", csv(Feed.ORDERS, row(Feed.ORDERS, "order_id=o2"),
        row(Feed.ORDERS, "order_id=o3", "amount=0"), row(Feed.ORDERS, "order_id=o4", "amount=-2"),
        row(Feed.ORDERS, "order_id=o5", "payment_terms_days=400")));
    f.success("orders", DT);
    RunContext ctx = f.context(); // default max_bad_ratio 5%

    IngestFailure e = assertThrows(IngestFailure.class, () -> new IngestStage(ctx).run(DAY, List.of(Feed.ORDERS)));

    assertEquals("Cannot ingest orders drop dt=2026-11-02: 75.0% of 4 rows quarantined, above max_bad_ratio 5.0%; "
        + "top rules: AMOUNT_NOT_POSITIVE 2, TERMS_OUT_OF_RANGE 1 (see ops.quarantine; fix and re-deliver the drop, "
        + "or raise ingest.max_bad_ratio_per_feed.orders)", e.getMessage());
    assertEquals(rows("[th,o1,2026-11-01,a.csv,2]"), bronze(ctx, Feed.ORDERS),
        "the earlier good drop is in bronze, nothing of the failed one");
    assertEquals(rows(entry("a.csv", 3, Rules.AMOUNT_NOT_POSITIVE), entry("a.csv", 4, Rules.AMOUNT_NOT_POSITIVE),
        entry("a.csv", 5, Rules.TERMS_OUT_OF_RANGE)), quarantine(ctx, Feed.ORDERS), "the bad rows are not lost");
    assertEquals(rows("[2026-11-01,OK,1,1,0,0,]",
            "[2026-11-02,FAILED,4,1,0,3,AMOUNT_NOT_POSITIVE 2; TERMS_OUT_OF_RANGE 1]"),
        rows(ctx.lake().read(Tables.INGEST_LOG).selectExpr("cast(dt as string)", "status", "rows_read", "accepted",
            "deduplicated", "quarantined",
            "array_join(array_sort(transform(map_entries(quarantined_by_rule), e -> e.key || ' ' || e.value)),"
                + " '; ')")));
    assertEquals(e.getMessage(), ctx.lake().read(Tables.INGEST_LOG).where("status = 'FAILED'").select("message")
        .first().getString(0), "ingest_log records why");
    assertEquals(0, ctx.lake().read(Tables.INGEST_LOG).where("rows_read != accepted + deduplicated + quarantined")
        .count(), "the failed drop is accounted for too");

    // A run that tolerates the drop ingests it: a failed drop is retried, not marked done.
    List<DropResult> retry = new IngestStage(f.context("ingest.max_bad_ratio_per_feed.orders=0.75"))
        .run(DAY, List.of(Feed.ORDERS));
    single(retry, 4, 1, 0, Map.of(Rules.AMOUNT_NOT_POSITIVE, 2L, Rules.TERMS_OUT_OF_RANGE, 1L));
    assertEquals(rows("[th,o1,2026-11-01,a.csv,2]", "[th,o2,2026-11-02,a.csv,2]"), bronze(ctx, Feed.ORDERS));
  }
}
