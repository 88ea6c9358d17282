package io.tradecredit.report;

import io.tradecredit.publish.ScorePsi;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The monitoring page over the publications: one static HTML file, charts as SVG data images. */
public final class ReportHtml {
  /** Score distributions drawn on one chart, the latest dates. */
  static final int DISTRIBUTIONS = 6;

  private static final String CSS = String.join("\n",
      "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;margin:1.5em;max-width:1300px;font-size:10.5pt}",
      "h1{font-size:18pt}h2{font-size:13pt;margin-top:1.6em;border-bottom:1px solid #ccc}",
      "table{border-collapse:collapse;margin:.4em 0 1em}th,td{border:1px solid #ccc;padding:2px 7px;text-align:left}",
      "th{background:#f0f0f0}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}",
      ".charts{display:flex;flex-wrap:wrap;gap:12px}.charts img{border:1px solid #ddd}.dim{color:#666}",
      ".PASS{background:#e8f5e9}.WARN{background:#fff8e1}.FAIL{background:#ffebee}.INFO{background:#eef3fb}",
      ".same{background:#f3f3f3}", "");

  private ReportHtml() {}

  /**
   * @param lake where the tables were read, shown in the header
   * @param psiWarn the environment's warn threshold of the score PSI, to mark drifting groups
   */
  public static String render(ReportData d, String lake, double psiWarn, Instant made) {
    StringBuilder h = Html.head("tradecredit monitoring", CSS);
    h.append("<h1>tradecredit monitoring</h1>\n<p class=\"dim\">Lake ").append(Html.esc(lake)).append(", made ")
        .append(Html.esc(made.truncatedTo(ChronoUnit.SECONDS).toString())).append(". ")
        .append(d.dates().isEmpty() ? "Nothing published yet." : "Published dates shown: " + d.dates().size()
            + ", " + d.dates().get(0).date() + " to " + d.dates().get(d.dates().size() - 1).date() + ".")
        .append("</p>\n");
    publications(h, d.dates());
    drift(h, "Drift per country", "registry country", d.countries(), psiWarn, d.dates());
    drift(h, "Drift per platform", "platform", d.platforms(), psiWarn, d.dates());
    migration(h, d);
    gate(h, d.attempts());
    nights(h, d.stages());
    quarantine(h, d.quarantine());
    return h.append("</body>\n</html>\n").toString();
  }

  private static void publications(StringBuilder h, List<ReportData.DateSummary> dates) {
    h.append("<h2>Publications: rows, grades, scores</h2>\n");
    if (dates.isEmpty()) {
      h.append("<p>No published date (credit.company_score_history is empty or missing).</p>\n");
      return;
    }
    List<String> x = dates.stream().map(s -> s.date().toString()).toList();
    List<String> grades = gradesOf(dates);
    List<Svg.Series> byGrade = new ArrayList<>();
    for (String g : grades) {
      byGrade.add(new Svg.Series(g, dates.stream().mapToDouble(s -> s.grades().getOrDefault(g, 0L)).toArray()));
    }
    List<String> bins = new ArrayList<>();
    for (int i = 0; i < ScorePsi.BINS; i++) {
      bins.add(Integer.toString(300 + 55 * i));
    }
    List<Svg.Series> distributions = new ArrayList<>();
    for (ReportData.DateSummary s : dates.subList(Math.max(0, dates.size() - DISTRIBUTIONS), dates.size())) {
      double[] shares = new double[ScorePsi.BINS];
      for (int i = 0; i < shares.length; i++) {
        shares[i] = s.rows() == 0 ? 0 : s.bins()[i] / (double) s.rows();
      }
      distributions.add(new Svg.Series(s.date().toString(), shares));
    }
    h.append("<div class=\"charts\">")
        .append(Svg.img(Svg.stackedBars("Companies by grade", x, byGrade), "Companies by grade per published date"))
        .append(Svg.img(Svg.lines("Score distribution (share per 55-point bin)", bins, distributions, 0, Double.NaN),
            "Score distribution of the latest published dates"))
        .append("</div>\n<table>\n<tr><th>as of</th><th class=\"n\">rows</th><th class=\"n\">mean score</th>")
        .append("<th class=\"n\">LOW share</th>");
    grades.forEach(g -> h.append("<th class=\"n\">").append(Html.esc(g)).append("</th>"));
    h.append("</tr>\n");
    for (int i = dates.size() - 1; i >= 0; i--) {
      ReportData.DateSummary s = dates.get(i);
      h.append("<tr><td>").append(s.date()).append("</td>").append(n(s.rows())).append("<td class=\"n\">")
          .append(Html.fixed(s.meanScore(), 1)).append("</td><td class=\"n\">").append(Html.percent(s.lowShare(), 1))
          .append("</td>");
      grades.forEach(g -> h.append(n(s.grades().getOrDefault(g, 0L))));
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void drift(StringBuilder h, String title, String what, List<ReportData.Drift> groups, double warn,
      List<ReportData.DateSummary> dates) {
    h.append("<h2>").append(Html.esc(title)).append("</h2>\n");
    if (groups.isEmpty()) {
      h.append("<p>Needs two published dates").append(what.equals("platform") ? " and silver.company_accounts" : "")
          .append(".</p>\n");
      return;
    }
    LocalDate cur = dates.get(dates.size() - 1).date();
    LocalDate prev = dates.get(dates.size() - 2).date();
    h.append("<p class=\"dim\">Score PSI (ten 55-point bins, as the publish gate computes it) of ").append(cur)
        .append(" against ").append(prev).append(", and the share of LOW confidence on each; marked at PSI above ")
        .append(Html.fixed(warn, 2)).append(" (publish.score_psi warn).</p>\n");
    List<ReportData.Drift> charted = groups.stream().filter(g -> !Double.isNaN(g.psi())).limit(20).toList();
    if (!charted.isEmpty()) {
      h.append("<div class=\"charts\">").append(Svg.img(Svg.stackedBars("Score PSI per " + what,
          charted.stream().map(ReportData.Drift::group).toList(),
          List.of(new Svg.Series("PSI", charted.stream().mapToDouble(ReportData.Drift::psi).toArray()))),
          "Score PSI per " + what)).append(Svg.img(Svg.stackedBars("LOW confidence share per " + what,
          charted.stream().map(ReportData.Drift::group).toList(),
          List.of(new Svg.Series("LOW " + cur, charted.stream().mapToDouble(ReportData.Drift::lowShare).toArray()))),
          "LOW confidence share per " + what)).append("</div>\n");
    }
    h.append("<table>\n<tr><th>").append(Html.esc(what)).append("</th><th class=\"n\">companies ").append(prev)
        .append("</th><th class=\"n\">companies ").append(cur).append("</th><th class=\"n\">LOW ").append(prev)
        .append("</th><th class=\"n\">LOW ").append(cur).append("</th><th class=\"n\">PSI</th></tr>\n");
    for (ReportData.Drift g : groups) {
      boolean drifting = !Double.isNaN(g.psi()) && g.psi() > warn;
      h.append("<tr").append(drifting ? " class=\"WARN\"" : "").append("><td>").append(Html.esc(g.group()))
          .append("</td>").append(n(g.previousRows())).append(n(g.rows())).append("<td class=\"n\">")
          .append(Html.percent(g.previousLowShare(), 1)).append("</td><td class=\"n\">")
          .append(Html.percent(g.lowShare(), 1)).append("</td><td class=\"n\">")
          .append(Double.isNaN(g.psi()) ? "new" : Html.fixed(g.psi(), 4)).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void migration(StringBuilder h, ReportData d) {
    h.append("<h2>Grade migration between the last two dates</h2>\n");
    if (d.migration().isEmpty()) {
      h.append("<p>Needs two published dates with companies in common.</p>\n");
      return;
    }
    Set<String> grades = new LinkedHashSet<>(ReportData.GRADES);
    d.migration().forEach((from, to) -> {
      grades.add(from);
      grades.addAll(to.keySet());
    });
    List<String> shown = grades.stream().filter(g -> d.migration().containsKey(g)
        || d.migration().values().stream().anyMatch(m -> m.containsKey(g))).toList();
    long all = 0;
    long moved = 0;
    h.append("<table>\n<tr><th>from \\ to</th>");
    shown.forEach(g -> h.append("<th class=\"n\">").append(Html.esc(g)).append("</th>"));
    h.append("</tr>\n");
    for (String from : shown) {
      h.append("<tr><th>").append(Html.esc(from)).append("</th>");
      for (String to : shown) {
        long c = d.migration().getOrDefault(from, Map.of()).getOrDefault(to, 0L);
        all += c;
        moved += from.equals(to) ? 0 : c;
        h.append("<td class=\"n").append(from.equals(to) ? " same" : "").append("\">").append(c == 0 ? "" : Html.num(c))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n<p>").append(Html.num(moved)).append(" of ").append(Html.num(all))
        .append(" companies scored on both dates changed grade (").append(Html.percent(all == 0 ? 0 : moved / (double) all, 1))
        .append(").</p>\n");
  }

  private static void gate(StringBuilder h, List<ReportData.Attempt> attempts) {
    h.append("<h2>Gate checks</h2>\n");
    if (attempts.isEmpty()) {
      h.append("<p>No publication attempt (credit.publish_log is empty or missing).</p>\n");
      return;
    }
    ReportData.Attempt last = attempts.get(attempts.size() - 1);
    h.append("<p>Latest attempt: run ").append(Html.esc(last.runId())).append(" as of ").append(last.date())
        .append(", ").append(last.published() ? "published" : "not published").append(": ")
        .append(Html.esc(last.message())).append("</p>\n<table>\n<tr><th>check</th><th class=\"n\">value</th>")
        .append("<th>threshold</th><th>verdict</th></tr>\n");
    for (ReportData.CheckResult c : last.checks()) {
      h.append("<tr class=\"").append(Html.esc(c.verdict())).append("\"><td>").append(Html.esc(c.name()))
          .append("</td><td class=\"n\">").append(value(c.value())).append("</td><td>").append(Html.esc(c.threshold()))
          .append("</td><td>").append(Html.esc(c.verdict())).append("</td></tr>\n");
    }
    h.append("</table>\n");

    Map<String, Integer> names = new LinkedHashMap<>();
    attempts.forEach(a -> a.checks().forEach(c -> names.putIfAbsent(c.name(), names.size())));
    List<ReportData.Attempt> published = attempts.stream().filter(ReportData.Attempt::published).toList();
    List<String> trend = List.of("score_psi", "low_confidence_share", "grade_migration_share");
    List<Svg.Series> series = new ArrayList<>();
    for (String name : trend) {
      series.add(new Svg.Series(name, published.stream().mapToDouble(a -> a.checks().stream()
          .filter(c -> c.name().equals(name) && c.value() != null).mapToDouble(ReportData.CheckResult::value)
          .findFirst().orElse(Double.NaN)).toArray()));
    }
    if (!published.isEmpty()) {
      h.append("<div class=\"charts\">").append(Svg.img(Svg.lines("Checks of the published dates",
          published.stream().map(a -> String.valueOf(a.date())).toList(), series, 0, Double.NaN),
          "Score PSI, LOW share and grade migration of every publication")).append("</div>\n");
    }
    h.append("<p class=\"dim\">Every attempt, latest first: each check's value, coloured by its verdict.</p>\n")
        .append("<table>\n<tr><th>as of</th><th>started</th><th>run</th><th>published</th>");
    names.keySet().forEach(n -> h.append("<th class=\"n\">").append(Html.esc(n)).append("</th>"));
    h.append("<th>message</th></tr>\n");
    for (int i = attempts.size() - 1; i >= 0; i--) {
      ReportData.Attempt a = attempts.get(i);
      h.append("<tr><td>").append(a.date()).append("</td><td>").append(a.startedAt() == null ? ""
              : Html.esc(a.startedAt().toInstant().truncatedTo(ChronoUnit.SECONDS).toString()))
          .append("</td><td>").append(Html.esc(a.runId())).append("</td><td class=\"")
          .append(a.published() ? "PASS" : "FAIL").append("\">").append(a.published() ? (a.forced() == null ? "yes"
              : "forced: " + Html.esc(a.forced())) : "no").append("</td>");
      Map<String, ReportData.CheckResult> byName = new LinkedHashMap<>();
      a.checks().forEach(c -> byName.put(c.name(), c));
      for (String n : names.keySet()) {
        ReportData.CheckResult c = byName.get(n);
        h.append(c == null ? "<td></td>" : "<td class=\"n " + Html.esc(c.verdict()) + "\" title=\""
            + Html.esc(c.verdict() + " " + c.threshold()) + "\">" + value(c.value()) + "</td>");
      }
      h.append("<td>").append(Html.esc(a.message())).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void nights(StringBuilder h, List<ReportData.StageTime> stages) {
    h.append("<h2>Night durations per stage</h2>\n");
    if (stages.isEmpty()) {
      h.append("<p>No night run recorded (ops.nightly_log is empty or missing).</p>\n");
      return;
    }
    Map<String, Map<String, ReportData.StageTime>> runs = new LinkedHashMap<>();
    Set<String> names = new LinkedHashSet<>();
    for (ReportData.StageTime s : stages) {
      runs.computeIfAbsent(s.runId(), r -> new LinkedHashMap<>()).put(s.stage(), s);
      names.add(s.stage());
    }
    List<String> x = new ArrayList<>();
    runs.values().forEach(m -> x.add(m.values().iterator().next().night().toString()));
    List<Svg.Series> series = new ArrayList<>();
    for (String stage : names) {
      series.add(new Svg.Series(stage, runs.values().stream()
          .mapToDouble(m -> m.containsKey(stage) ? m.get(stage).seconds() : 0).toArray()));
    }
    h.append("<div class=\"charts\">").append(Svg.img(Svg.stackedBars("Seconds per stage, by night", x, series),
        "Seconds each stage of each night took")).append("</div>\n<table>\n<tr><th>night</th><th>run</th>");
    names.forEach(n -> h.append("<th class=\"n\">").append(Html.esc(n)).append(" (s)</th>"));
    h.append("<th class=\"n\">total (s)</th></tr>\n");
    List<Map.Entry<String, Map<String, ReportData.StageTime>>> entries = new ArrayList<>(runs.entrySet());
    for (int i = entries.size() - 1; i >= 0; i--) {
      Map<String, ReportData.StageTime> m = entries.get(i).getValue();
      h.append("<tr><td>").append(m.values().iterator().next().night()).append("</td><td>")
          .append(Html.esc(entries.get(i).getKey())).append("</td>");
      double total = 0;
      for (String n : names) {
        ReportData.StageTime s = m.get(n);
        total += s == null ? 0 : s.seconds();
        h.append(s == null ? "<td></td>" : "<td class=\"n" + ("OK".equals(s.status()) ? "" : " FAIL") + "\">"
            + Html.fixed(s.seconds(), 1) + ("OK".equals(s.status()) ? "" : " " + Html.esc(s.status())) + "</td>");
      }
      h.append("<td class=\"n\">").append(Html.fixed(total, 1)).append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void quarantine(StringBuilder h, List<ReportData.Quarantined> rows) {
    h.append("<h2>Quarantine by feed and rule</h2>\n");
    if (rows.isEmpty()) {
      h.append("<p>Nothing quarantined.</p>\n");
      return;
    }
    List<String> feeds = rows.stream().map(ReportData.Quarantined::feed).distinct().sorted().toList();
    List<String> rules = rows.stream().map(ReportData.Quarantined::rule).distinct().sorted().toList();
    List<Svg.Series> series = new ArrayList<>();
    for (String rule : rules) {
      series.add(new Svg.Series(rule, feeds.stream().mapToDouble(f -> rows.stream()
          .filter(q -> q.feed().equals(f) && q.rule().equals(rule)).mapToLong(ReportData.Quarantined::rows).sum())
          .toArray()));
    }
    h.append("<div class=\"charts\">").append(Svg.img(Svg.stackedBars("Rows quarantined per feed, by rule", feeds,
        series.size() > 10 ? series.subList(0, 10) : series), "Rows quarantined per feed and rule"))
        .append("</div>\n<table>\n<tr><th>feed</th><th>rule</th><th class=\"n\">rows</th></tr>\n");
    rows.forEach(q -> h.append("<tr><td>").append(Html.esc(q.feed())).append("</td><td>").append(Html.esc(q.rule()))
        .append("</td>").append(n(q.rows())).append("</tr>\n"));
    h.append("</table>\n");
  }

  private static List<String> gradesOf(List<ReportData.DateSummary> dates) {
    Set<String> all = new LinkedHashSet<>(ReportData.GRADES);
    dates.forEach(s -> all.addAll(s.grades().keySet()));
    return all.stream().filter(g -> dates.stream().anyMatch(s -> s.grades().containsKey(g))).toList();
  }

  private static String n(long v) {
    return "<td class=\"n\">" + Html.num(v) + "</td>";
  }

  private static String value(Double v) {
    return v == null ? "" : v == Math.rint(v) && Math.abs(v) < 1e15 ? Html.num(v.longValue()) : Html.fixed(v, 4);
  }
}
