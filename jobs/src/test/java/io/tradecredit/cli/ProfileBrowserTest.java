package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.HeadlessChromium;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Tables;
import io.tradecredit.profile.ProfileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The profile, its PDF and the monitoring page as a reader gets them: opened in a real headless Chromium (Debian's),
 * the PDF rendered by poppler. Screenshots and pages stay under target/browser/ to be looked at.
 */
class ProfileBrowserTest extends SparkTestBase {
  static final Path OUT = Path.of("target", "browser").toAbsolutePath();
  static HeadlessChromium browser;
  static String company;
  static Path profile;

  @BeforeAll
  static void writePages() throws Exception {
    OutputFolder.clear(OUT);
    company = ProfileFixture.busiestCompany();
    CliRun p = ProfileFixture.run("profile", company, "--out", OUT.resolve("profile").toString());
    assertEquals(0, p.code(), p.toString());
    assertTrue(p.out().startsWith("profile as of 2026-11-03  companies 1  pdfs 1  "), p.out());
    profile = OUT.resolve("profile").resolve(ProfileWriter.fileName(company) + ".html");
    CliRun r = ProfileFixture.run("report", "--out", OUT.resolve("report").toString());
    assertEquals(0, r.code(), r.toString());
    browser = new HeadlessChromium();
  }

  @AfterAll
  static void closeBrowser() {
    if (browser != null) {
      browser.close();
    }
  }

  private static void assertClean(HeadlessChromium.Opened page, int minImages) throws Exception {
    assertEquals(List.of(), page.errors(), "console errors");
    assertTrue(page.images().size() >= minImages, "images: " + page.images());
    assertEquals(List.of(), page.broken(), "images that did not load");
    assertTrue(page.requests().stream().allMatch(u -> u.startsWith("file:") || u.startsWith("data:")),
        "only the file itself and its data images: " + page.requests());
    assertTrue(Files.size(page.screenshot()) > 10_000, "a screenshot of a drawn page");
  }

  @Test
  void theProfileOpensCleanlyInChromium() throws Exception {
    assertClean(browser.open(profile, OUT.resolve("profile.png")), 1);
  }

  @Test
  void theMonitoringPageOpensCleanlyInChromium() throws Exception {
    assertClean(browser.open(OUT.resolve("report").resolve(ReportCommand.FILE), OUT.resolve("report.png")), 5);
  }

  @Test
  void thePdfIsOnePageWithTheCompanyAndItsGrade() {
    Path pdf = OUT.resolve("profile").resolve(ProfileWriter.fileName(company) + ".pdf");
    HeadlessChromium.run(List.of("pdftoppm", "-png", "-r", "60", pdf.toString(), OUT.resolve("pdf-page").toString()));
    assertTrue(Files.exists(OUT.resolve("pdf-page-1.png")), "page 1 rendered");
    assertTrue(!Files.exists(OUT.resolve("pdf-page-2.png")), "one page");
    String text = HeadlessChromium.run(List.of("pdftotext", "-layout", pdf.toString(), "-"));
    Row row = ProfileFixture.lake().lake().read(Tables.COMPANY_SCORE)
        .where("company_id = '" + company + "'").first();
    assertTrue(text.contains(row.<String>getAs("legal_name")), text);
    assertTrue(text.contains(row.<Integer>getAs("score").toString()), text);
    assertTrue(text.matches("(?s).*\\b" + row.<String>getAs("grade") + "\\b.*"), text);
    assertTrue(text.contains("Trade evidence, last 365 days"), text);
  }
}
