package io.tradecredit.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.ingest.IngestFailure;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample drops through every stage, against the facts data-samples/expected.json states about them. */
class SamplePipelineTest extends SparkTestBase {
  static final Path HOME = SampleLake.HOME;
  static final LocalDate FIRST = SampleLake.FIRST;
  static final LocalDate SECOND = SampleLake.SECOND;

  @TempDir static Path tmp;
  static RunContext ctx;
  static JsonNode expected;

  @BeforeAll
  static void runTwoNights() throws Exception {
    expected = new ObjectMapper().readTree(HOME.resolve("data-samples/expected.json").toFile());
    ctx = SampleLake.twoNights();
  }

  static List<String> published(RunContext run, LocalDate date) {
    return rows(run.lake().read(Tables.COMPANY_SCORE_HISTORY).where("as_of_date = DATE'" + date + "'")
        .drop("run_id"));
  }

  @Test
  void everyResolvableCompanyIsScoredInRange() {
    Dataset<Row> current = ctx.lake().read(Tables.COMPANY_SCORE);
    Set<String> ids = new TreeSet<>(current.select("company_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList());
    Set<String> resolvable = new TreeSet<>();
    expected.get("companies").get("resolvable").forEach(n -> resolvable.add(n.asText()));
    Set<String> unresolved = new TreeSet<>();
    expected.get("companies").get("unresolved").forEach(n -> unresolved.add(n.asText()));
    Set<String> all = new TreeSet<>(resolvable);
    all.addAll(unresolved);
    assertEquals(all, ids);
    assertEquals(0, current.where("score < 300 OR score > 850 OR score IS NULL").count());
    assertEquals(0, current.where("as_of_date <> DATE'" + SECOND + "'").count());
    assertEquals(rows("[LOW,null]"), rows(current.where("company_id LIKE '%@%'")
        .selectExpr("confidence", "registry_country").distinct()), "unresolved accounts are scored LOW");
    assertEquals(0, current.where("exists(reasons, r -> r.points > 0)").count(), "reasons only lower a score");
  }

  @Test
  void everyPlantedBadRowIsQuarantinedWithItsRule() {
    List<String> want = new ArrayList<>();
    expected.get("bad_rows").forEach(b -> want.add("[" + b.get("feed").asText() + "," + b.get("file").asText() + ","
        + b.get("line").asLong() + "," + b.get("rule").asText() + "]"));
    expected.get("no_fx_rate_rows").forEach(b -> want.add("[" + b.get("feed").asText() + "," + b.get("file").asText()
        + "," + b.get("line").asLong() + "," + b.get("rule").asText() + "]"));
    assertEquals(rows(want.toArray(new String[0])), rows(ctx.lake().read(Tables.QUARANTINE).selectExpr("feed",
        "regexp_extract(source_file, '[^/]+$', 0)", "source_line", "rule")));
    Row ingested = ctx.lake().read(Tables.INGEST_LOG)
        .selectExpr("sum(rows_read)", "sum(accepted) + sum(deduplicated) + sum(quarantined)").first();
    assertEquals(ingested.getLong(0), ingested.getLong(1), "rows read = accepted + deduplicated + quarantined");
  }

  @Test
  void everyCompanyCarriesHowItWasMatchedAndAnAmbiguousNameIsListedNotMerged() {
    // The strongest method over a company's accounts and the confidence of its surest one (published.md).
    Map<String, String> method = new TreeMap<>();
    Map<String, Double> confidence = new TreeMap<>();
    for (JsonNode a : expected.get("account_resolution")) {
      String how = a.get("how").asText();
      String m = how.equals("registration_number") ? "REGISTRATION_NUMBER" : how.equals("name") ? "NAME_COUNTRY"
          : "UNRESOLVED";
      double c = m.equals("REGISTRATION_NUMBER") ? 1.0 : m.equals("NAME_COUNTRY")
          ? (a.get("verified").asBoolean() ? 0.9 : 0.8) : 0.0;
      String id = a.get("company_id").asText();
      List<String> strongestFirst = List.of("REGISTRATION_NUMBER", "NAME_COUNTRY", "UNRESOLVED");
      method.merge(id, m, (x, y) -> strongestFirst.indexOf(x) <= strongestFirst.indexOf(y) ? x : y);
      confidence.merge(id, c, Math::max);
    }
    List<String> want = method.keySet().stream()
        .map(id -> "[" + id + "," + method.get(id) + "," + confidence.get(id) + "]").toList();
    assertTrue(want.stream().anyMatch(r -> r.contains(",NAME_COUNTRY,")), "the sample has name matches: " + want);
    assertEquals(rows(want.toArray(new String[0])), rows(ctx.lake().read(Tables.COMPANY_SCORE)
        .where(col("company_id").isin(method.keySet().toArray()))
        .select("company_id", "match_method", "match_confidence")));

    List<String> review = new ArrayList<>();
    for (JsonNode a : expected.get("unresolved_accounts")) {
      a.get("candidates").forEach(c -> review.add("[" + a.get("platform").asText() + "," + a.get("account_id").asText()
          + "," + a.get("registry_country").asText() + "," + c.asText() + "," + a.get("candidates").size() + "]"));
    }
    assertEquals(2, review.size(), "the planted ambiguous pair: " + review);
    assertEquals(rows(review.toArray(new String[0])), rows(ctx.lake().read(Tables.IDENTITY_REVIEW)
        .select("platform", "account_id", "registry_country", "company_id", "candidates")));
  }

  @Test
  void oneCompanyOnTwoPlatformsIsCombined() {
    String company = expected.get("two_platform_company").asText();
    assertEquals(rows("[" + company + ",2.0]"), rows(ctx.lake().read(Tables.COMPANY_FEATURES)
        .where("as_of_date = DATE'" + SECOND + "' AND company_id = '" + company + "'")
        .select("company_id", "platforms")));
  }

  @Test
  void rerunningADateAfterNewerDropsGivesTheSamePublication() {
    // On a copy: the two-night lake is shared by every test JVM, read only.
    RunContext copy = SampleLake.copy(tmp.resolve("rerun"));
    Nightly.run(copy, FIRST);
    assertEquals(SampleLake.firstPublication(), published(copy, FIRST));
    assertTrue(Files.exists(Path.of(copy.config().paths().exports(), "company_score", "as_of_date=" + FIRST,
        "_SUCCESS")));
  }

  @Test
  void aDropOverMaxBadRatioStopsTheNightBeforeAnythingIsPublished() throws Exception {
    // A copy of the lake after two nights, and of the landing with a corrected re-delivery of the 11-04
    // orders drop in which most rows break the contract.
    Path lake = tmp.resolve("lake-bad-night");
    Path landing = tmp.resolve("landing-bad-night");
    SampleLake.copyTree(Path.of(ctx.config().paths().lake()), lake);
    SampleLake.copyTree(HOME.resolve("data-samples/landing"), landing);
    Path drop = landing.resolve("orders/dt=2026-11-04");
    try (var files = Files.list(drop)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    String header = "platform,order_id,seller_account,buyer_account,order_ts,amount,currency,payment_terms_days,"
        + "category,status,updated_at\n";
    Files.writeString(drop.resolve("orders-0001.csv"), header
        + "tradehub,THO-9000001,TH-10033,TH-10062,2026-11-04T02:16:40Z,-1.00,USD,30,cotton,PLACED,2026-11-04T02:16:40Z\n"
        + "tradehub,THO-9000002,TH-10033,TH-10062,2026-11-04T02:16:40Z,10.00,USD,999,cotton,PLACED,2026-11-04T02:16:40Z\n"
        + "tradehub,THO-9000003,TH-10033,TH-10062,2026-11-04T02:16:40Z,10.00,USD,30,cotton,PLACED,2026-11-04T02:16:40Z\n");
    Files.writeString(drop.resolve("_SUCCESS"), "");
    RunContext bad = RunContext.create(spark(), ConfigLoader.load(HOME.resolve("conf/local.yaml"), List.of(
        "paths.landing=" + landing, "paths.lake=" + lake, "paths.exports=" + tmp.resolve("exports-bad-night"),
        "spark.master=local[2]", "spark.shuffle_partitions=2"), HOME));
    long scoreVersion = bad.lake().version(Tables.COMPANY_SCORE);
    long historyVersion = bad.lake().version(Tables.COMPANY_SCORE_HISTORY);
    long featuresVersion = bad.lake().version(Tables.COMPANY_FEATURES);
    long attempts = bad.lake().read(Tables.PUBLISH_LOG).count();

    IngestFailure failure = assertThrows(IngestFailure.class, () -> Nightly.run(bad, LocalDate.parse("2026-11-04")));

    assertTrue(failure.getMessage().contains("Cannot ingest orders drop dt=2026-11-04: 66.7% of 3 rows quarantined, "
        + "above max_bad_ratio 5.0%; top rules: "), failure.getMessage());
    assertTrue(failure.getMessage().contains("AMOUNT_NOT_POSITIVE 1"), failure.getMessage());
    assertTrue(failure.getMessage().contains("TERMS_OUT_OF_RANGE 1"), failure.getMessage());
    assertEquals(scoreVersion, bad.lake().version(Tables.COMPANY_SCORE));
    assertEquals(historyVersion, bad.lake().version(Tables.COMPANY_SCORE_HISTORY));
    assertEquals(featuresVersion, bad.lake().version(Tables.COMPANY_FEATURES));
    assertEquals(attempts, bad.lake().read(Tables.PUBLISH_LOG).count());
    assertFalse(Files.exists(tmp.resolve("exports-bad-night")));
    assertEquals(rows("[ingest,FAILED,true]"), rows(bad.lake().read(Tables.NIGHTLY_LOG)
        .where("night = DATE'2026-11-04'")
        .selectExpr("stage", "status", "error LIKE 'Cannot ingest orders drop dt=2026-11-04:%'")));
  }

  @Test
  void everyNightLogsItsStagesInOrder() {
    List<Row> runs = ctx.lake().read(Tables.NIGHTLY_LOG).where("night = DATE'" + SECOND + "'")
        .select("run_id").distinct().collectAsList();
    assertEquals(1, runs.size());
    assertEquals(rows("[1,ingest,OK]", "[2,conform,OK]", "[3,features,OK]", "[4,score,OK]", "[5,publish,OK]"),
        rows(ctx.lake().read(Tables.NIGHTLY_LOG).where("run_id = '" + runs.get(0).getString(0) + "'")
            .where("seconds > 0 AND error IS NULL").selectExpr("position", "stage", "status")));
  }

  @Test
  void everyQueryOfTheQueryingGuideRunsAndFindsRows() throws Exception {
    // Other test classes share the session: point every name at this lake.
    for (var table : Tables.all()) {
      spark().sql("DROP TABLE IF EXISTS " + table.qualified());
    }
    ctx.lake().registerCatalog();
    List<String> queries = AnalystQueries.inGuide();
    for (String query : queries) {
      List<Row> result = spark().sql(query).collectAsList();
      assertFalse(result.isEmpty(), "no rows from\n" + query);
    }
    assertTrue(queries.size() >= 10, queries.size() + " queries in docs/querying.md");
  }

  @Test
  void statusShowsTheLatestPublicationAndThePendingDrops() {
    List<String> status = io.tradecredit.publish.Status.report(ctx.lake(), HOME.resolve("data-samples/landing")
        .toString(), spark().sparkContext().hadoopConfiguration());

    String all = String.join("\n", status);
    assertTrue(status.get(0).startsWith("published   as of 2026-11-03  model scorecard-v1  rows 58  run "), all);
    assertTrue(status.get(1).startsWith("checks      rows=58.0000 PASS, duplicate_company_id=0.0000 PASS"), all);
    assertTrue(all.contains("current     credit.company_score: 58 rows as of 2026-11-03"), all);
    assertTrue(all.contains("orders dt=2026-11-04") && all.contains("payments dt=2026-11-06"), all);
    assertFalse(all.contains("orders dt=2026-11-03"), all);
    assertFalse(all.contains("ingested up to"), all);
  }
}
