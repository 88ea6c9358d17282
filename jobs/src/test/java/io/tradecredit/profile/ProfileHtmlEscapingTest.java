package io.tradecredit.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.report.Html;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Values from deliveries never become markup, and what the page states reads back exactly. */
class ProfileHtmlEscapingTest {
  static final String HOSTILE = "</script><script>alert(1)</script> & \"Sons\" <b>Ltd</b>";

  @TempDir Path tmp;

  @Test
  void aHostileNameIsShownAsTextAndReadsBackAsItIs() throws Exception {
    Row published = new GenericRowWithSchema(new Object[] {"DE:HRB1", "DE", "HRB1", HOSTILE,
        java.sql.Date.valueOf("2026-11-03"), 700, 0.0123, "BBB", "HIGH",
        scala.jdk.javaapi.CollectionConverters.asScala(List.<Object>of()).toSeq(), 690, "scorecard-v1", "run-1"},
        ProfilePublishedRowTest.FIRST_WAVE);
    ProfileData data = new ProfileData(published, null, List.of(new ProfileData.Point(
        java.time.LocalDate.parse("2026-11-03"), 700, "BBB")), List.of("DE", "FR"));
    String html = ProfileHtml.render(data, Instant.parse("2026-12-01T10:00:00Z"));

    assertFalse(html.contains("<script>alert"), html);
    assertFalse(html.contains("<b>Ltd"), html);
    assertEquals(1, html.split("<script", -1).length - 1, "the data block is the only script element");
    assertTrue(html.contains("<span data-field=\"legal_name\">" + Html.esc(HOSTILE) + "</span>"), html);
    assertTrue(html.contains("Germany (DE), France (FR)"), html);
    assertTrue(html.contains("<span data-field=\"evidence.on_time_delivery\">not published</span>"), html);

    Path file = tmp.resolve("p.html");
    Files.writeString(file, html);
    ProfileVerifier.Claims claims = ProfileVerifier.read(file);
    assertEquals(HOSTILE, claims.block().path("fields").path("legal_name").asText());
    assertEquals(PublishedRow.digest(published), claims.block().path("digest").asText());
    Map.Entry<String, String> first = claims.visible().get(0);
    assertEquals(Map.entry("legal_name", Html.esc(HOSTILE)), first);
    assertEquals("1.23%", data.fields().get("pd_12m"));
    assertFalse(data.fields().containsKey("reasons.1"), "no reasons, no reason fields");
    assertTrue(html.contains("Nothing: every characteristic is in its best band."), html);
  }

  @Test
  void evidenceIsBanded() {
    assertEquals("95-100%", EvidenceBands.share(0.95, "-"));
    assertEquals("90-95%", EvidenceBands.share(0.949, "-"));
    assertEquals("below 50%", EvidenceBands.share(0.2, "-"));
    assertEquals("no deliveries", EvidenceBands.share(null, "no deliveries"));
    assertEquals("none", EvidenceBands.volume(0.0));
    assertEquals("under USD 10k", EvidenceBands.volume(9_999.99));
    assertEquals("USD 10k-50k", EvidenceBands.volume(10_000.0));
    assertEquals("USD 1M-5M", EvidenceBands.volume(4_999_999.0));
    assertEquals("over USD 5M", EvidenceBands.volume(5_000_000.0));
    assertEquals("1-2 years", EvidenceBands.months(12.0));
    assertEquals("less than 3 months", EvidenceBands.months(0.0));
    assertEquals("1-5 per 100 orders", EvidenceBands.disputesPer100(1.0, "-"));
    assertEquals("3 or more", EvidenceBands.disputes(3.0));
    assertEquals("10-49", EvidenceBands.orders(10.0));
  }
}
