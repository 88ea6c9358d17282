package io.tradecredit.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradecredit.report.Html;
import io.tradecredit.report.Svg;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * A company's profile as one self-contained HTML page of one printed A4 side: no script, no external resource,
 * every value escaped. Each value taken from the lake sits in an element marked {@code data-field="NAME"}, and a
 * {@code <script type="application/json" id="tradecredit-profile">} block carries the publication's run id, the
 * digest of the published row and every field's value, which is what {@code verify} reads back.
 */
public final class ProfileHtml {
  /** The id of the data block. */
  public static final String DATA_ID = "tradecredit-profile";
  /** The data block's format, so that a later page can change it and still be told apart. */
  public static final String FORMAT = "tradecredit-profile/1";
  /** The visible field holding the digest (not one of {@link ProfileData#fields}: it is of them all). */
  static final String DIGEST = "digest";

  static final ObjectMapper JSON = new ObjectMapper();

  /** The fields next to the score, with their labels; the risks only when a model scored them. */
  private static final Map<String, String> SCORE_ROWS = labels(
      "pd_12m", "Probability of a credit event within 12 months",
      "confidence", "Confidence (how much trade evidence stands behind the score)",
      "prev_score", "Previous published score",
      "match_method", "Identity matched",
      "match_confidence", "Identity match confidence (0-1)",
      "as_of_date", "Published as of",
      "fulfilment", "As a seller (fulfilment risk)",
      "payment", "As a buyer (payment risk)");
  private static final Map<String, String> EVIDENCE_ROWS = labels(
      "evidence.orders_as_seller", "Orders as seller",
      "evidence.orders_as_buyer", "Orders as buyer",
      "evidence.volume_as_seller", "Volume as seller",
      "evidence.volume_as_buyer", "Volume as buyer",
      "evidence.on_time_delivery", "Shipments delivered on time",
      "evidence.on_time_payment", "Payments made on time",
      "evidence.disputes_as_seller", "Disputes lost as seller",
      "evidence.disputes_as_buyer", "Non-payment disputes lost as buyer",
      "evidence.months_active", "Active on trade platforms for",
      "evidence.company_age", "Company age",
      "evidence.registry_status", "Registry status");

  private static final String CSS = String.join("\n",
      "@page{size:A4;margin:12mm}",
      "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;margin:0 auto;max-width:186mm;font-size:10pt}",
      "h1{font-size:17pt;margin:0 0 2px}h2{font-size:11.5pt;margin:12px 0 4px;border-bottom:1px solid #ccc}",
      ".sub{color:#555;margin:0 0 6px}.top{display:flex;gap:14px;align-items:stretch}",
      ".score{border:2px solid #1f77b4;border-radius:6px;padding:6px 14px;text-align:center;min-width:120px}",
      ".score .n{font-size:28pt;font-weight:bold;color:#1f77b4}.score .g{font-size:15pt;font-weight:bold}",
      "table{border-collapse:collapse;width:100%}td,th{padding:2px 6px;text-align:left;vertical-align:top}",
      "th{color:#555;font-weight:normal;width:42%}tr+tr td,tr+tr th{border-top:1px solid #eee}",
      "ol{margin:2px 0 0 18px;padding:0}.chart img{width:100%;height:auto;max-height:62mm}",
      ".foot{color:#555;font-size:8pt;margin-top:10px;word-break:break-all}.note{color:#555;font-size:8.5pt}",
      "");

  private ProfileHtml() {}

  /** The page; {@code made} is when it was written (shown, not verified). */
  public static String render(ProfileData data, Instant made) {
    Map<String, String> fields = data.fields();
    String digest = data.digest();
    StringBuilder h = Html.head("Credit profile: " + fields.get("legal_name"), CSS);
    h.append("<h1>").append(field("legal_name", fields)).append("</h1>\n<p class=\"sub\">")
        .append(field("company_id", fields)).append(" &middot; ").append(field("registry_country", fields))
        .append(" &middot; registration number ").append(field("registration_number", fields)).append("</p>\n");

    h.append("<div class=\"top\">\n<div class=\"score\"><div class=\"n\">").append(field("score", fields))
        .append("</div><div class=\"g\">").append(field("grade", fields)).append("</div><div>score 300-850</div>")
        .append("</div>\n<table>\n");
    rows(h, fields, SCORE_ROWS);
    h.append("</table>\n</div>\n");

    h.append("<h2>What lowered the score most</h2>\n");
    List<String> reasons = fields.keySet().stream().filter(k -> k.startsWith("reasons.")).toList();
    if (reasons.isEmpty()) {
      h.append("<p>Nothing: every characteristic is in its best band.</p>\n");
    } else {
      h.append("<ol>\n");
      reasons.forEach(k -> h.append("<li>").append(field(k, fields)).append("</li>\n"));
      h.append("</ol>\n");
    }

    h.append("<h2>Score history</h2>\n<div class=\"chart\">").append(Svg.img(chart(data), "Published scores of "
        + fields.get("legal_name") + " by date")).append("</div>\n");

    h.append("<h2>Trade evidence, last 365 days</h2>\n<table>\n");
    rows(h, fields, EVIDENCE_ROWS);
    h.append("<tr><th>Countries traded with</th><td>").append(Html.esc(countries(data.countries())))
        .append("</td></tr>\n</table>\n<p class=\"note\">Figures are shown in bands; no counterparty is named.")
        .append("</p>\n");

    h.append("<p class=\"foot\">Published by tradecredit, run ").append(field("run_id", fields))
        .append(", model ").append(field("model_version", fields)).append(". Digest of the published row: ")
        .append(field(DIGEST, Map.of(DIGEST, digest)))
        .append(". Check this page with <code>tradecredit verify FILE</code>. ")
        .append("Made ").append(Html.esc(made.truncatedTo(ChronoUnit.SECONDS).toString())).append(".</p>\n");
    h.append("<script type=\"application/json\" id=\"").append(DATA_ID).append("\">")
        .append(dataBlock(data, digest, fields)).append("</script>\n</body>\n</html>\n");
    return h.toString();
  }

  /** The JSON of the data block, with {@code <} escaped so that no value can end the block. */
  private static String dataBlock(ProfileData data, String digest, Map<String, String> fields) {
    ObjectNode block = JSON.createObjectNode().put("format", FORMAT).put("company_id", data.companyId())
        .put("as_of_date", data.asOf().toString()).put("run_id", data.runId()).put(DIGEST, digest);
    ObjectNode values = block.putObject("fields");
    fields.forEach(values::put);
    return block.toString().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  static String field(String name, Map<String, String> fields) {
    return "<span data-field=\"" + name + "\">" + Html.esc(fields.get(name)) + "</span>";
  }

  /** A table row per field of {@code labelled} (field name to label) that {@code fields} has. */
  private static void rows(StringBuilder h, Map<String, String> fields, Map<String, String> labelled) {
    labelled.forEach((name, label) -> {
      if (fields.containsKey(name)) {
        h.append("<tr><th>").append(Html.esc(label)).append("</th><td>").append(field(name, fields))
            .append("</td></tr>\n");
      }
    });
  }

  private static Map<String, String> labels(String... nameThenLabel) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameThenLabel.length; i += 2) {
      m.put(nameThenLabel[i], nameThenLabel[i + 1]);
    }
    return m;
  }

  private static String countries(List<String> codes) {
    if (codes.isEmpty()) {
      return "none on record";
    }
    List<String> names = codes.stream().map(c -> ProfileData.countryName(c) + " (" + c + ")").toList();
    return names.size() <= 15 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 15)) + " and " + (names.size() - 15) + " more";
  }

  private static String chart(ProfileData data) {
    List<String> dates = data.history().stream().map(p -> p.date().toString()).toList();
    double[] scores = data.history().stream().mapToDouble(ProfileData.Point::score).toArray();
    return Svg.lines("Published score by date", dates, List.of(new Svg.Series("score", scores)), 300, 850);
  }
}
