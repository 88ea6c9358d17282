package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Tables;
import io.tradecredit.profile.ProfileWriter;
import io.tradecredit.report.Html;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** profile on the sample lake: what a page shows, what it never shows, and the batch mode. */
class ProfileCommandTest extends SparkTestBase {
  @TempDir static Path tmp;
  static String company;
  static String html;
  static CliRun run;
  static long historyVersion;

  @BeforeAll
  static void writeOneProfile() throws Exception {
    company = ProfileFixture.busiestCompany();
    historyVersion = ProfileFixture.lake().lake().version(Tables.COMPANY_SCORE_HISTORY);
    run = ProfileFixture.run("profile", company, "--date", SampleLake.SECOND.toString(), "--out",
        tmp.resolve("one").toString(), "--no-pdf");
    html = Files.readString(tmp.resolve("one").resolve(ProfileWriter.fileName(company) + ".html"));
  }

  @Test
  void aProfileShowsIdentityScoreReasonsHistoryAndEvidence() {
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().startsWith("profile as of 2026-11-03  companies 1  pdfs 0  "), run.out());
    Row row = ProfileFixture.lake().lake().read(Tables.COMPANY_SCORE_HISTORY)
        .where("as_of_date = DATE'2026-11-03' AND company_id = '" + company + "'").first();
    assertTrue(html.contains("<span data-field=\"legal_name\">" + Html.esc(row.getAs("legal_name")) + "</span>"), html);
    assertTrue(html.contains("(" + row.getAs("registry_country") + ")</span>"), html);
    assertTrue(html.contains(">" + Html.esc(row.getAs("registration_number")) + "</span>"), html);
    assertTrue(html.contains("<span data-field=\"match_confidence\">"
        + String.format(java.util.Locale.ROOT, "%.2f", (Double) row.getAs("match_confidence")) + "</span>"), html);
    assertTrue(html.contains("<span data-field=\"score\">" + row.getAs("score") + "</span>"), html);
    assertTrue(html.contains("<span data-field=\"grade\">" + row.getAs("grade") + "</span>"), html);
    assertTrue(html.contains("<span data-field=\"pd_12m\">"
        + String.format(java.util.Locale.ROOT, "%.2f%%", (Double) row.<Double>getAs("pd_12m") * 100) + "</span>"), html);
    assertTrue(html.contains("<span data-field=\"confidence\">" + row.getAs("confidence") + "</span>"), html);
    List<Row> reasons = row.getList(row.fieldIndex("reasons"));
    assertFalse(reasons.isEmpty());
    for (Row r : reasons) {
      assertTrue(html.contains(Html.esc(r.getAs("text"))), "reason " + r);
    }
    assertTrue(html.contains("<span data-field=\"run_id\">" + row.getAs("run_id") + "</span>"), html);
    assertTrue(html.contains("<span data-field=\"digest\">sha256:"), html);
    // Two published dates: the chart has a point for each.
    assertTrue(html.contains("\"history.2026-11-02\"") && html.contains("\"history.2026-11-03\""), html);
    assertTrue(html.contains("<img alt=\"Published scores of "), html);
    for (String field : List.of("orders_as_seller", "volume_as_seller", "on_time_delivery", "on_time_payment",
        "disputes_as_seller", "disputes_as_buyer", "months_active")) {
      assertTrue(html.contains("data-field=\"evidence." + field + "\""), field);
    }
    assertTrue(html.matches("(?s).*Countries traded with</th><td>[A-Z][a-z].*\\([A-Z]{2}\\).*"), html);
    assertFalse(html.contains("http://") || html.contains("https://"), "no external resource");
  }

  @Test
  void aProfileNamesNoCounterpartyAndShowsNoExactAmount() {
    Set<String> names = ProfileFixture.counterparties(company);
    assertTrue(names.size() >= 4, "the sample company trades with others: " + names);
    for (String name : names) {
      assertFalse(html.contains(name) || html.contains(Html.esc(name)), "counterparty " + name + " in the profile");
    }
    Set<String> amounts = ProfileFixture.amounts(company);
    assertTrue(amounts.size() >= 10, "the sample company has amounts: " + amounts);
    // The run id (a timestamp) and the digest (hex) are identifiers whose digits may spell an amount by chance.
    String shown = html;
    for (String id : List.of("run_id", "digest")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("data-field=\"" + id + "\">([^<]+)<").matcher(html);
      assertTrue(m.find(), id + " in the profile");
      shown = shown.replace(m.group(1), "");
    }
    for (String amount : amounts) {
      assertFalse(shown.contains(amount), "exact amount " + amount + " in the profile");
    }
  }

  @Test
  void profilesOnlyReadTheLake() {
    assertEquals(historyVersion, ProfileFixture.lake().lake().version(Tables.COMPANY_SCORE_HISTORY));
  }

  @Test
  void aBatchWritesEveryListedCompanyAndSaysWhichAreMissing() throws Exception {
    List<String> ids = ProfileFixture.lake().lake().read(Tables.COMPANY_SCORE).select("company_id")
        .orderBy("company_id").limit(3).as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    Path list = tmp.resolve("companies.txt");
    Files.writeString(list, "# three and one unknown\n" + String.join("\n", ids) + "\n\nXX:NOSUCH\n");
    CliRun batch = ProfileFixture.run("profile", "--companies", list.toString(), "--out",
        tmp.resolve("some").toString(), "--threads", "2");
    assertEquals(1, batch.code(), batch.toString());
    assertTrue(batch.err().contains("profile: 1 of 4 companies have no row published as of 2026-11-03"), batch.err());
    List<String> index = Files.readAllLines(tmp.resolve("some").resolve(ProfileWriter.INDEX));
    assertEquals(4, index.size(), index.toString());
    for (String id : ids) {
      assertTrue(Files.exists(tmp.resolve("some").resolve(ProfileWriter.fileName(id) + ".html")), id);
    }

    CliRun all = ProfileFixture.run("profile", "--all", "--out", tmp.resolve("all").toString());
    assertEquals(0, all.code(), all.toString());
    long companies = ProfileFixture.lake().lake().read(Tables.COMPANY_SCORE).count();
    assertTrue(all.out().startsWith("profile as of 2026-11-03  companies " + companies + "  pdfs 0"), all.out());
    try (var files = Files.list(tmp.resolve("all"))) {
      assertEquals(companies, files.filter(f -> f.toString().endsWith(".html")).count());
    }
  }

  @Test
  void aCompanyNotPublishedIsRefusedByName() {
    CliRun missing = ProfileFixture.run("profile", "XX:NOSUCH", "--out", tmp.resolve("none").toString(), "--no-pdf");
    assertEquals(1, missing.code(), missing.toString());
    assertTrue(missing.err().contains("error: Cannot write a profile: 1 of 1 companies have no row published as of "
        + "2026-11-03"), missing.err());
    CliRun noDate = ProfileFixture.run("profile", "--all", "--date", "2026-10-01", "--out",
        tmp.resolve("none").toString());
    assertEquals(1, noDate.code(), noDate.toString());
    assertTrue(noDate.err().contains("error: Cannot write profiles: nothing is published as of 2026-10-01 in "),
        noDate.err());
    CliRun both = ProfileFixture.run("profile", company, "--all", "--out", tmp.resolve("none").toString());
    assertEquals(2, both.code(), both.toString());
    assertTrue(both.err().contains("error: profile takes one of COMPANY_ID, --all or --companies FILE"), both.err());
  }

  @Test
  void fileNamesKeepIdsApart() {
    assertEquals("CN_3A91310000MA1K4AB3XX", ProfileWriter.fileName("CN:91310000MA1K4AB3XX"));
    assertEquals("tradehub_40TH-10033", ProfileWriter.fileName("tradehub@TH-10033"));
    assertEquals("_2E._2F.", ProfileWriter.fileName("../."));
  }
}
