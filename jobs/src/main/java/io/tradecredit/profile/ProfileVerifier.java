package io.tradecredit.profile;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradecredit.report.Html;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Tells a genuine profile from an altered one: reads what the page says (its data block and every marked value on
 * the page), reads the company's published row of that date from credit.company_score_history, and compares the
 * run id, the digest of the row and each field, so that the verdict names every field whose value differs.
 */
public final class ProfileVerifier {
  private static final Pattern BLOCK = Pattern.compile("<script type=\"application/json\" id=\""
      + ProfileHtml.DATA_ID + "\">(.*?)</script>", Pattern.DOTALL);
  private static final Pattern FIELD = Pattern.compile("<span data-field=\"([^\"]*)\">(.*?)</span>", Pattern.DOTALL);

  /**
   * The verdict on one profile.
   *
   * @param differences one line per field whose value differs from the lake's (empty: VALID)
   * @param published the published row's fields, for the reader to see the true values (empty when none was found)
   */
  public record Verdict(String companyId, LocalDate asOf, String runId, String digest, List<String> differences,
      Map<String, String> published) {
    public boolean valid() {
      return differences.isEmpty();
    }
  }

  private ProfileVerifier() {}

  /** What a profile file claims: its data block and the marked values of the page, in page order. */
  public record Claims(JsonNode block, List<Map.Entry<String, String>> visible) {}

  public static Claims read(Path profile) {
    String html;
    try {
      html = Files.readString(profile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the profile " + profile, e);
    }
    List<String> blocks = new ArrayList<>();
    Matcher b = BLOCK.matcher(html);
    while (b.find()) {
      blocks.add(b.group(1));
    }
    if (blocks.size() != 1) {
      throw new IllegalArgumentException("Cannot verify " + profile + ": it holds " + blocks.size()
          + " tradecredit profile data blocks, not one (is it a profile written by tradecredit profile?)");
    }
    JsonNode block;
    try {
      block = ProfileHtml.JSON.readTree(blocks.get(0));
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot verify " + profile + ": its data block is not JSON: "
          + e.getMessage(), e);
    }
    if (!ProfileHtml.FORMAT.equals(block.path("format").asText())) {
      throw new IllegalArgumentException("Cannot verify " + profile + ": its data block has format '"
          + block.path("format").asText() + "', not " + ProfileHtml.FORMAT);
    }
    List<Map.Entry<String, String>> visible = new ArrayList<>();
    Matcher f = FIELD.matcher(html.substring(0, b.reset().find() ? b.start() : html.length()));
    while (f.find()) {
      visible.add(Map.entry(f.group(1), f.group(2)));
    }
    return new Claims(block, visible);
  }

  /**
   * @param spark a session with the credit tables registered (and gold's, as for {@link ProfileData#query})
   */
  public static Verdict verify(SparkSession spark, Path profile) {
    Claims claims = read(profile);
    JsonNode block = claims.block();
    String company = block.path("company_id").asText();
    LocalDate date;
    try {
      date = LocalDate.parse(block.path("as_of_date").asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Cannot verify " + profile + ": its as_of_date '"
          + block.path("as_of_date").asText() + "' is not a date", e);
    }
    List<Row> rows = ProfileData.query(spark, date, List.of(company)).collectAsList();
    List<String> differences = new ArrayList<>();
    if (rows.isEmpty()) {
      differences.add("company_id: no row of " + company + " is published as of " + date
          + " in credit.company_score_history");
      return new Verdict(company, date, block.path("run_id").asText(), block.path("digest").asText(), differences,
          Map.of());
    }
    ProfileData data = ProfileData.of(rows.get(0));
    Map<String, String> truth = data.fields();
    compare("run_id", block.path("run_id").asText(), data.runId(), differences);
    compare(ProfileHtml.DIGEST, block.path(ProfileHtml.DIGEST).asText(), data.digest(), differences);

    JsonNode claimed = block.path("fields");
    Map<String, String> inBlock = new LinkedHashMap<>();
    claimed.properties().forEach(e -> inBlock.put(e.getKey(), e.getValue().asText()));
    for (Map.Entry<String, String> e : truth.entrySet()) {
      if (!inBlock.containsKey(e.getKey())) {
        differences.add(e.getKey() + ": missing from the profile's data block; published: " + e.getValue());
      } else {
        compare(e.getKey(), inBlock.get(e.getKey()), e.getValue(), differences);
      }
    }
    inBlock.keySet().stream().filter(k -> !truth.containsKey(k))
        .forEach(k -> differences.add(k + ": the profile states '" + inBlock.get(k) + "', which nothing published as of "
            + date + " says"));

    Map<String, String> shown = new LinkedHashMap<>(truth);
    shown.keySet().removeIf(k -> k.startsWith("history."));
    shown.put(ProfileHtml.DIGEST, data.digest());
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Map.Entry<String, String> v : claims.visible()) {
      seen.merge(v.getKey(), 1, Integer::sum);
      String expected = shown.get(v.getKey());
      if (expected == null) {
        differences.add(v.getKey() + ": the page shows '" + Html.unesc(v.getValue()) + "', which nothing published as of "
            + date + " says");
      } else if (!v.getValue().equals(Html.esc(expected))) {
        differences.add(v.getKey() + ": the page shows '" + Html.unesc(v.getValue()) + "', published: '" + expected
            + "'");
      }
    }
    shown.keySet().stream().filter(k -> !seen.containsKey(k))
        .forEach(k -> differences.add(k + ": not shown on the page (its marked value is gone); published: '"
            + shown.get(k) + "'"));
    return new Verdict(company, date, data.runId(), data.digest(), List.copyOf(differences), truth);
  }

  private static void compare(String field, String claimed, String truth, List<String> differences) {
    if (!claimed.equals(truth)) {
      differences.add(field + ": the profile states '" + claimed + "', published: '" + truth + "'");
    }
  }
}
