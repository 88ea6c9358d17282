package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.profile.ProfileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify tells a genuine profile from an altered one, naming what was altered. */
class ProfileVerifyTest extends SparkTestBase {
  @TempDir static Path tmp;
  static String company;
  static Path genuine;
  static Path older;

  @BeforeAll
  static void writeProfiles() {
    company = ProfileFixture.busiestCompany();
    assertEquals(0, ProfileFixture.run("profile", company, "--out", tmp.resolve("latest").toString(), "--no-pdf")
        .code());
    assertEquals(0, ProfileFixture.run("profile", company, "--date", SampleLake.FIRST.toString(), "--out",
        tmp.resolve("first").toString(), "--no-pdf").code());
    genuine = tmp.resolve("latest").resolve(ProfileWriter.fileName(company) + ".html");
    older = tmp.resolve("first").resolve(ProfileWriter.fileName(company) + ".html");
  }

  private static Path altered(String name, String from, String to, int times) throws Exception {
    String html = Files.readString(genuine);
    String changed = html;
    for (int i = 0; i < times; i++) {
      changed = changed.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }
    assertTrue(!changed.equals(html), "nothing to alter: " + from);
    Path file = tmp.resolve(name + ".html");
    Files.writeString(file, changed);
    return file;
  }

  private static String shown(String field) throws Exception {
    Matcher m = Pattern.compile("<span data-field=\"" + Pattern.quote(field) + "\">([^<]*)</span>")
        .matcher(Files.readString(genuine));
    assertTrue(m.find(), field);
    return m.group(1);
  }

  @Test
  void aGenuineProfileIsValidAndSoIsOneOfAnOlderDate() {
    CliRun latest = ProfileFixture.run("verify", genuine.toString());
    assertEquals(0, latest.code(), latest.toString());
    assertTrue(latest.out().startsWith("VALID  " + company + " as of 2026-11-03  run "), latest.out());
    assertTrue(latest.out().contains("  sha256:"), latest.out());
    CliRun first = ProfileFixture.run("verify", older.toString());
    assertEquals(0, first.code(), first.toString());
    assertTrue(first.out().startsWith("VALID  " + company + " as of 2026-11-02  run "), first.out());
  }

  @Test
  void anEditedScoreIsInvalidAndNamed() throws Exception {
    String score = shown("score");
    String fake = String.valueOf(Integer.parseInt(score) + 100);
    Path onPage = altered("score-on-page", "<span data-field=\"score\">" + score + "<", "<span data-field=\"score\">"
        + fake + "<", 1);
    CliRun page = ProfileFixture.run("verify", onPage.toString());
    assertEquals(1, page.code(), page.toString());
    assertTrue(page.out().startsWith("INVALID  " + company + " as of 2026-11-03: 1 difference(s)"), page.out());
    assertTrue(page.out().contains("  score: the page shows '" + fake + "', published: '" + score + "'"), page.out());

    // Edited everywhere it is written, the page and its data block, it is still caught: the lake says otherwise.
    Path everywhere = altered("score-everywhere", "\"score\":\"" + score + "\"", "\"score\":\"" + fake + "\"", 1);
    Files.writeString(everywhere, Files.readString(everywhere).replace("<span data-field=\"score\">" + score + "<",
        "<span data-field=\"score\">" + fake + "<"));
    CliRun both = ProfileFixture.run("verify", everywhere.toString());
    assertEquals(1, both.code(), both.toString());
    assertTrue(both.out().contains("  score: the profile states '" + fake + "', published: '" + score + "'"),
        both.out());
    assertTrue(both.out().contains("  score: the page shows '" + fake + "'"), both.out());
  }

  @Test
  void anEditedGradeEvidenceOrDigestIsNamed() throws Exception {
    String grade = shown("grade");
    String fakeGrade = grade.equals("AAA") ? "C" : "AAA";
    CliRun g = ProfileFixture.run("verify", altered("grade", "<span data-field=\"grade\">" + grade + "<",
        "<span data-field=\"grade\">" + fakeGrade + "<", 1).toString());
    assertEquals(1, g.code(), g.toString());
    assertTrue(g.out().contains("  grade: the page shows '" + fakeGrade + "', published: '" + grade + "'"), g.out());

    String delivery = shown("evidence.on_time_delivery");
    CliRun e = ProfileFixture.run("verify", altered("delivery", "\"evidence.on_time_delivery\">" + delivery + "<",
        "\"evidence.on_time_delivery\">95-100% (audited)<", 1).toString());
    assertEquals(1, e.code(), e.toString());
    assertTrue(e.out().contains("  evidence.on_time_delivery: the page shows '95-100% (audited)'"), e.out());

    String digest = shown("digest");
    String fakeDigest = digest.substring(0, digest.length() - 4) + "0000";
    CliRun d = ProfileFixture.run("verify", altered("digest", digest, fakeDigest, 2).toString());
    assertEquals(1, d.code(), d.toString());
    assertTrue(d.out().contains("  digest: the profile states '" + fakeDigest + "', published: '" + digest + "'"),
        d.out());
  }

  @Test
  void aFileThatIsNoProfileIsRefused() throws Exception {
    Path other = tmp.resolve("other.html");
    Files.writeString(other, "<html><body>hello</body></html>");
    CliRun r = ProfileFixture.run("verify", other.toString());
    assertEquals(2, r.code(), r.toString());
    assertTrue(r.err().contains("error: Cannot verify " + other + ": it holds 0 tradecredit profile data blocks"),
        r.err());
  }
}
