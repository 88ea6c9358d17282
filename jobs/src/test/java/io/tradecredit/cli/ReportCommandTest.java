package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Tables;
import io.tradecredit.publish.ScorePsi;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The monitoring page of the sample lake after two nights. */
class ReportCommandTest extends SparkTestBase {
  @TempDir static Path tmp;
  static CliRun run;
  static String html;
  static long logVersion;

  @BeforeAll
  static void writeReport() throws Exception {
    logVersion = ProfileFixture.lake().lake().version(Tables.PUBLISH_LOG);
    run = ProfileFixture.run("report", "--out", tmp.toString());
    html = Files.readString(tmp.resolve(ReportCommand.FILE));
  }

  @Test
  void thePageCoversBothPublishedDates() {
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().startsWith("report  dates 2  attempts 2  nights 2  "), run.out());
    Dataset<Row> history = ProfileFixture.lake().lake().read(Tables.COMPANY_SCORE_HISTORY);
    for (String date : new String[] {"2026-11-02", "2026-11-03"}) {
      long rows = history.where("as_of_date = DATE'" + date + "'").count();
      assertTrue(html.contains("<tr><td>" + date + "</td><td class=\"n\">" + rows + "</td>"), date + " " + rows);
    }
    for (String section : new String[] {"Publications: rows, grades, scores", "Drift per country",
        "Drift per platform", "Grade migration between the last two dates", "Gate checks",
        "Night durations per stage", "Quarantine by feed and rule"}) {
      assertTrue(html.contains("<h2>" + section + "</h2>"), section);
    }
    assertTrue(html.contains("<img alt=\"Companies by grade per published date\""), html);
  }

  @Test
  void driftPerCountryIsThePsiOfTheGate() {
    Dataset<Row> history = ProfileFixture.lake().lake().read(Tables.COMPANY_SCORE_HISTORY);
    Row top = history.where("as_of_date = DATE'2026-11-03' AND registry_country IS NOT NULL")
        .groupBy("registry_country").count().orderBy(org.apache.spark.sql.functions.col("count").desc(),
            org.apache.spark.sql.functions.col("registry_country")).first();
    String country = top.getString(0);
    double psi = ScorePsi.psi(history.where("as_of_date = DATE'2026-11-03' AND registry_country = '" + country + "'"),
        history.where("as_of_date = DATE'2026-11-02' AND registry_country = '" + country + "'"));
    assertTrue(html.contains("<td>" + country + "</td>"), country);
    assertTrue(html.contains(String.format(java.util.Locale.ROOT, "<td class=\"n\">%.4f</td></tr>", psi)),
        country + " psi " + psi);
    for (Row p : ProfileFixture.lake().lake().read(Tables.COMPANY_ACCOUNTS).select("platform").distinct()
        .collectAsList()) {
      assertTrue(html.contains("<td>" + p.getString(0) + "</td>"), p.getString(0));
    }
  }

  @Test
  void gateNightsAndQuarantineAreThere() throws Exception {
    assertTrue(html.contains("<td>score_psi</td>") && html.contains("<td>grade_migration_share</td>"), html);
    for (String stage : new String[] {"ingest", "conform", "features", "score", "publish"}) {
      assertTrue(html.contains("<th class=\"n\">" + stage + " (s)</th>"), stage);
    }
    JsonNode expected = new ObjectMapper().readTree(SampleLake.HOME.resolve("data-samples/expected.json").toFile());
    for (JsonNode bad : expected.get("bad_rows")) {
      assertTrue(html.contains("<tr><td>" + bad.get("feed").asText() + "</td><td>" + bad.get("rule").asText()
          + "</td>"), bad.toString());
    }
    assertEquals(logVersion, ProfileFixture.lake().lake().version(Tables.PUBLISH_LOG), "report only reads");
  }

  @Test
  void aLakeWithNothingPublishedGivesAPageThatSaysSo() throws Exception {
    Path root = tmp.resolve("empty");
    CliRun empty = ProfileFixture.runOn(SampleLake.settings(root, SampleLake.HOME.resolve("data-samples/landing")), "report",
        "--out", root.resolve("page").toString());
    assertEquals(0, empty.code(), empty.toString());
    assertTrue(empty.out().startsWith("report  dates 0  attempts 0  nights 0  "), empty.out());
    String page = Files.readString(root.resolve("page").resolve(ReportCommand.FILE));
    assertTrue(page.contains("No published date (credit.company_score_history is empty or missing)."), page);
    assertTrue(page.contains("Nothing quarantined."), page);
  }
}
