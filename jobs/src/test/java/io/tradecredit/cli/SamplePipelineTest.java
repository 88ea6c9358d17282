package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.SparkTestBase;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample drops through every stage, against the facts data-samples/expected.json states about them. */
class SamplePipelineTest extends SparkTestBase {
  static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  static final LocalDate FIRST = LocalDate.parse("2026-11-02");
  static final LocalDate SECOND = LocalDate.parse("2026-11-03");

  @TempDir static Path tmp;
  static RunContext ctx;
  static JsonNode expected;
  static List<String> firstPublication;

  @BeforeAll
  static void runTwoNights() throws Exception {
    expected = new ObjectMapper().readTree(HOME.resolve("data-samples/expected.json").toFile());
    ctx = RunContext.create(spark(), ConfigLoader.load(HOME.resolve("conf/local.yaml"), List.of(
        "paths.lake=" + tmp.resolve("lake"), "paths.exports=" + tmp.resolve("exports"),
        "spark.master=local[2]", "spark.shuffle_partitions=2"), HOME));
    Nightly.run(ctx, FIRST);
    firstPublication = published(FIRST);
    Nightly.run(ctx, SECOND);
  }

  static List<String> published(LocalDate date) {
    return rows(ctx.lake().read(Tables.COMPANY_SCORE_HISTORY).where("as_of_date = DATE'" + date + "'")
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
  void oneCompanyOnTwoPlatformsIsCombined() {
    String company = expected.get("two_platform_company").asText();
    assertEquals(rows("[" + company + ",2.0]"), rows(ctx.lake().read(Tables.COMPANY_FEATURES)
        .where("as_of_date = DATE'" + SECOND + "' AND company_id = '" + company + "'")
        .select("company_id", "platforms")));
  }

  @Test
  void rerunningADateAfterNewerDropsGivesTheSamePublication() {
    Nightly.run(ctx, FIRST);
    assertEquals(firstPublication, published(FIRST));
    assertTrue(Files.exists(Path.of(ctx.config().paths().exports(), "company_score", "as_of_date=" + FIRST,
        "_SUCCESS")));
  }
}
