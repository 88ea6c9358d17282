package io.tradecredit.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The training report a person reads: {@code report.html} next to {@code metrics.json}, one
 * self-contained file (charts embedded as PNG data URIs). It shows the figures of the training and
 * held-out samples, the split, the characteristics with their IV, and four charts of the held-out
 * sample: ROC (with the training curve), KS, the score distribution of goods and bads, and the bad
 * rate by grade. Everything is drawn from the per-score counts the trainer aggregated with Spark.
 */
public final class TrainingReport {
  /** Name of the report file written into the report folder. */
  public static final String FILE = "report.html";

  private TrainingReport() {}

  /** Writes {@code report.html} for a freshly trained scorecard to {@code path}. */
  public static void write(TrainedScorecard trained, Path path) {
    String html = html(trained);
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(path, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the training report " + path, e);
    }
  }

  /** Where {@link #addChampion} puts its section: before the charts. */
  private static final String CHARTS = "<h2>Charts (held-out sample)</h2>";

  /**
   * Adds the candidate's comparison with the production model of its risk to the report written at {@code path}:
   * the comparison is made after training, on the labelled rows of the lake ({@link ChampionComparison}).
   */
  public static void addChampion(Path path, ChampionComparison c) {
    try {
      String html = Files.readString(path, StandardCharsets.UTF_8);
      if (!html.contains(CHARTS)) {
        throw new IllegalStateException("Cannot add the champion comparison to " + path + ": not a training report");
      }
      Files.writeString(path, html.replace(CHARTS, championSection(c) + CHARTS), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot add the champion comparison to the training report " + path, e);
    }
  }

  /** The comparison with the production model as a section of the report. */
  static String championSection(ChampionComparison c) {
    StringBuilder h = new StringBuilder("<h2>Against the production model</h2>\n");
    if (c.note() != null) {
      return h.append("<p data-champion=\"none\">No comparison: ").append(esc(c.note())).append(".</p>\n").toString();
    }
    h.append("<p>On the candidate's held-out as-of dates ").append(esc(c.testFrom())).append(" .. ")
        .append(esc(c.testTo())).append(String.format(Locale.ROOT, ", the same %,d labelled rows (%,d bad) for both",
            c.rows(), c.bads())).append(".</p>\n<table>\n<tr><th>model</th><th>version</th><th class=\"n\">AUC</th></tr>\n");
    h.append("<tr data-champion=\"candidate\"><td>candidate</td><td>").append(esc(c.candidate())).append("</td>")
        .append(num(fixed(c.candidateAuc()))).append("</tr>\n");
    h.append("<tr data-champion=\"champion\"><td>production (champion)</td><td>").append(esc(c.champion()))
        .append("</td>").append(num(fixed(c.championAuc()))).append("</tr>\n</table>\n");
    double gain = c.candidateAuc() - c.championAuc();
    h.append("<p>").append(gain > 0 ? "The candidate ranks better, by " + fixed(gain) + " AUC."
        : gain < 0 ? "The production model ranks better, by " + fixed(-gain) + " AUC."
        : "Both rank alike.").append(" Promoting is a person's decision: tradecredit promote.</p>\n");
    return h.toString();
  }

  /** The report as one HTML document. */
  static String html(TrainedScorecard trained) {
    Scorecard model = trained.scorecard();
    Metrics m = trained.metrics();
    TrainingInfo t = model.training();
    List<ReportCharts.GradeCount> grades = gradeCounts(model, trained.testScores());

    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Training report ")
        .append(esc(model.version())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:1.5em;color:#222;max-width:1340px}\n")
        .append("table{border-collapse:collapse;margin:.5em 0 1.2em}\n")
        .append("th,td{border:1px solid #ccc;padding:3px 8px;text-align:left}\n")
        .append("td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append("th{background:#f0f0f0}\n.charts{display:flex;flex-wrap:wrap;gap:12px}\n")
        .append(".charts img{border:1px solid #ddd;max-width:100%}\n.dim{color:#777}\n")
        .append("</style>\n</head>\n<body>\n");
    h.append("<h1>Training report: ").append(esc(model.version())).append("</h1>\n");
    h.append("<p>").append(esc(model.description())).append("</p>\n");
    h.append("<p class=\"dim\">Created ").append(esc(model.createdAt())).append(" from ").append(esc(t.source()))
        .append(". Label: ").append(esc(model.label().column())).append(" = ").append(esc(model.label().badValue()))
        .append(" is bad").append(model.label().description() == null || model.label().description().isEmpty()
            ? "" : " (" + esc(model.label().description()) + ")")
        .append(".</p>\n");

    h.append("<h2>Figures</h2>\n<table>\n<tr><th>sample</th><th class=\"n\">rows</th><th class=\"n\">bads</th>")
        .append("<th class=\"n\">bad rate</th><th class=\"n\">AUC</th><th class=\"n\">Gini</th><th class=\"n\">KS</th>")
        .append("<th>period</th></tr>\n");
    sampleRow(h, "train", m.train(), period(t.trainFrom(), t.trainTo()));
    sampleRow(h, "test (held out)", m.test(), period(t.testFrom(), t.testTo()));
    h.append("</table>\n<table>\n");
    kv(h, "split", splitText(t));
    kv(h, "PSI of the score, train to test", fixed(m.psi()) + " (" + psiVerdict(m.psi()) + ")");
    kv(h, "rows", String.format(Locale.ROOT, "%,d labelled: %,d train, %,d test", t.rows(), t.trainRows(), t.testRows()));
    kv(h, "characteristics in the model", Integer.toString(m.selected().size()));
    kv(h, "settings", settingsText(m.tuning()));
    h.append("</table>\n");

    comparison(h, model, m);

    h.append(CHARTS).append("\n<div class=\"charts\">\n");
    image(h, "ROC curve", ReportCharts.roc(trained.trainScores(), m.train().auc(), trained.testScores(), m.test().auc()));
    image(h, "KS plot", ReportCharts.ks(trained.testScores(), m.test().ks()));
    image(h, "Score distribution by good and bad", ReportCharts.distribution(trained.testScores()));
    image(h, "Bad rate by grade", ReportCharts.grades(grades));
    if (m.fairness() != null) {
      image(h, "Observed and predicted bad rate by region", ReportCharts.calibration(m.fairness().regions()));
    }
    h.append("</div>\n");

    h.append("<h2>Grades (held-out sample)</h2>\n<table>\n<tr><th>grade</th><th class=\"n\">pd up to</th>")
        .append("<th class=\"n\">rows</th><th class=\"n\">bads</th><th class=\"n\">bad rate</th><th>scores</th></tr>\n");
    for (ReportCharts.GradeCount g : grades) {
      h.append("<tr data-grade=\"").append(esc(g.grade())).append("\" data-rows=\"").append(g.rows()).append("\">")
          .append("<td>").append(esc(g.grade())).append("</td>")
          .append(num(percent(g.pdUpper(), 2)))
          .append(num(String.format(Locale.ROOT, "%,d", g.rows())))
          .append(num(String.format(Locale.ROOT, "%,d", g.bads())))
          .append(num(g.rows() == 0 ? "" : percent(g.badRate(), 1)))
          .append("<td>").append(g.minScore() == null ? "" : score(g.minScore()) + "-" + score(g.maxScore()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");

    if (m.fairness() != null) {
      fairness(h, m.fairness());
    }

    h.append("<h2>Characteristics (IV on the training sample)</h2>\n<table>\n")
        .append("<tr><th>candidate</th><th class=\"n\">IV</th><th>in the model?</th></tr>\n");
    for (Map.Entry<String, Double> e : m.iv().entrySet()) {
      String name = e.getKey();
      String verdict = m.selected().contains(name) ? "yes"
          : m.dropped().containsKey(name) ? "no: " + m.dropped().get(name) : "no";
      h.append("<tr><td>").append(esc(name)).append("</td>").append(num(String.format(Locale.ROOT, "%.4f", e.getValue())))
          .append("<td>").append(esc(verdict)).append("</td></tr>\n");
    }
    for (Map.Entry<String, String> e : m.dropped().entrySet()) {
      if (!m.iv().containsKey(e.getKey())) {
        h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"n\"></td><td>no: ")
            .append(esc(e.getValue())).append("</td></tr>\n");
      }
    }
    h.append("</table>\n");
    if (!t.excluded().isEmpty()) {
      h.append("<p class=\"dim\">Not considered: ").append(esc(String.join("; ", t.excluded()))).append("</p>\n");
    }
    h.append("<p class=\"dim\">All figures are in metrics.json next to this file; the model is ")
        .append(esc(model.version())).append(".json.</p>\n</body>\n</html>\n");
    return h.toString();
  }

  /**
   * Rows, bads and scores per grade band of the model on a sample, from its per-score counts: the
   * grade of a score is a function of the score (through the calibrated pd), computed as
   * {@link ScorecardScorer#score} does. Every band is listed, empty ones with zero rows.
   */
  static List<ReportCharts.GradeCount> gradeCounts(Scorecard model, List<Metrics.ScoreCount> counts) {
    Calibration cal = model.calibration();
    Map<String, long[]> n = new LinkedHashMap<>();
    Map<String, double[]> range = new LinkedHashMap<>();
    for (GradeBand b : model.gradeBands()) {
      n.put(b.grade(), new long[2]);
    }
    for (Metrics.ScoreCount c : counts) {
      // The same arithmetic as the Spark expression in ScorecardScorer (Spark's exp is StrictMath.exp).
      double pd = 1.0 / (1.0 + StrictMath.exp((-cal.intercept()) - cal.slope() * c.score()));
      String grade = model.gradeBands().get(model.gradeBands().size() - 1).grade();
      for (GradeBand b : model.gradeBands()) {
        if (pd <= b.pdUpper()) {
          grade = b.grade();
          break;
        }
      }
      long[] gb = n.get(grade);
      gb[0] += c.goods() + c.bads();
      gb[1] += c.bads();
      range.merge(grade, new double[] {c.score(), c.score()},
          (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
    }
    List<ReportCharts.GradeCount> result = new ArrayList<>();
    for (GradeBand b : model.gradeBands()) {
      long[] gb = n.get(b.grade());
      double[] r = range.get(b.grade());
      result.add(new ReportCharts.GradeCount(b.grade(), b.pdUpper(), gb[0], gb[1],
          r == null ? null : r[0], r == null ? null : r[1]));
    }
    return result;
  }

  /** The chosen regularisation and bin settings, and how they were chosen. */
  static String settingsText(CrossValidation.Tuning t) {
    if (t == null) {
      return "as given (cross-validation off)";
    }
    CrossValidation.Setting c = t.chosen();
    return String.format(Locale.ROOT, "reg-param %s, min-bin-share %s, max-bins %d, chosen by %d-fold "
        + "cross-validation on %,d training rows (held-out rows not used) out of %d settings: mean validation AUC "
        + "%.4f, in %.1f s", c.regParam(), c.minBinShare(), c.maxBins(), t.folds(), t.rows(), t.grid().size(),
        t.validationAuc(), t.seconds());
  }

  /** The scorecard next to the baseline and the benchmark column, on the same held-out rows. */
  private static void comparison(StringBuilder h, Scorecard model, Metrics m) {
    h.append("<h2>Against a plain logistic regression (held-out sample)</h2>\n<table>\n<tr><th>model</th>")
        .append("<th class=\"n\">AUC</th><th class=\"n\">Gini</th><th class=\"n\">KS</th></tr>\n");
    rankingRow(h, "scorecard", model.version() + " (the scorecard)", m.test());
    if (m.baseline() != null) {
      rankingRow(h, "baseline", "baseline: " + m.baseline().method(), m.baseline().test());
    }
    if (m.test().benchmarkAuc() != null) {
      double auc = m.test().benchmarkAuc();
      h.append("<tr data-model=\"benchmark\"><td>benchmark column (e.g. the true pd of generated data)</td>")
          .append(num(fixed(auc))).append(num(fixed(2 * auc - 1))).append("<td></td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void rankingRow(StringBuilder h, String key, String name, Metrics.SampleMetrics s) {
    h.append("<tr data-model=\"").append(key).append("\"><td>").append(esc(name)).append("</td>")
        .append(num(fixed(s.auc()))).append(num(fixed(s.gini()))).append(num(fixed(s.ks()))).append("</tr>\n");
  }

  /** Calibration and AUC per region and per country, the flagged ones marked. */
  private static void fairness(StringBuilder h, Fairness f) {
    h.append("<h2>Across borders (held-out sample, by ").append(esc(f.countryColumn())).append(")</h2>\n")
        .append("<p>Country and region are never characteristics. A group is flagged when its observed bad rate is ")
        .append("off the predicted one (the mean pd_12m) by more than ").append(esc(percent(f.tolerance(), 0)))
        .append(" of the predicted one and by more than ").append(esc(String.format(Locale.ROOT, "%.2f", f.z())))
        .append(" standard errors. Flagged countries: <b>")
        .append(esc(f.flaggedCountries().isEmpty() ? "none" : String.join(", ", f.flaggedCountries())))
        .append("</b>; flagged regions: <b>")
        .append(esc(f.flaggedRegions().isEmpty() ? "none" : String.join(", ", f.flaggedRegions())))
        .append("</b>.</p>\n");
    groupTable(h, "region", f.regions(), false);
    groupTable(h, "country", f.countries(), true);
  }

  private static void groupTable(StringBuilder h, String kind, List<Fairness.Group> groups, boolean withRegion) {
    h.append("<table>\n<tr><th>").append(kind).append("</th>").append(withRegion ? "<th>region</th>" : "")
        .append("<th class=\"n\">rows</th><th class=\"n\">bads</th><th class=\"n\">observed bad rate</th>")
        .append("<th class=\"n\">predicted bad rate</th><th class=\"n\">observed / predicted</th>")
        .append("<th class=\"n\">z</th><th class=\"n\">AUC</th><th>calibration</th></tr>\n");
    for (Fairness.Group g : groups) {
      h.append("<tr data-").append(kind).append("=\"").append(esc(g.name())).append("\" data-flagged=\"")
          .append(g.flagged()).append("\"><td>").append(esc(g.name())).append("</td>")
          .append(withRegion ? "<td>" + esc(g.region()) + "</td>" : "")
          .append(num(String.format(Locale.ROOT, "%,d", g.rows())))
          .append(num(String.format(Locale.ROOT, "%,d", g.bads())))
          .append(num(percent(g.observedBadRate(), 2)))
          .append(num(percent(g.predictedBadRate(), 2)))
          .append(num(String.format(Locale.ROOT, "%.2f", g.ratio())))
          .append(num(String.format(Locale.ROOT, "%+.2f", g.zScore())))
          .append(num(g.auc() == null ? "n/a" : fixed(g.auc())))
          .append("<td>").append(g.flagged() ? "<b>OFF</b>" : "ok").append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  /** Escapes text for HTML element content and attribute values. */
  static String esc(String s) {
    return io.tradecredit.report.Html.esc(s);
  }

  /** A metric as the report's tables show it: four decimals. */
  static String fixed(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /** A score without a trailing ".0" when it is whole. */
  static String score(double s) {
    return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.2f", s);
  }

  private static void sampleRow(StringBuilder h, String name, Metrics.SampleMetrics s, String period) {
    h.append("<tr><td>").append(esc(name)).append("</td>")
        .append(num(String.format(Locale.ROOT, "%,d", s.rows())))
        .append(num(String.format(Locale.ROOT, "%,d", s.bads())))
        .append(num(percent(s.badRate(), 2)))
        .append(num(fixed(s.auc()))).append(num(fixed(s.gini()))).append(num(fixed(s.ks())))
        .append("<td>").append(esc(period)).append("</td></tr>\n");
  }

  private static void kv(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
  }

  private static void image(StringBuilder h, String alt, byte[] png) {
    h.append("<img alt=\"").append(esc(alt)).append("\" width=\"").append(ReportCharts.WIDTH)
        .append("\" height=\"").append(ReportCharts.HEIGHT).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
  }

  private static String num(String text) {
    return "<td class=\"n\">" + esc(text) + "</td>";
  }

  private static String percent(double share, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * share);
  }

  private static String period(String from, String to) {
    return from == null ? "" : from.equals(to) ? from : from + " .. " + to;
  }

  private static String splitText(TrainingInfo t) {
    if (TrainingInfo.OUT_OF_TIME.equals(t.split())) {
      return String.format(Locale.ROOT, "out of time on %s: train %s, test %s", t.asOfColumn(),
          period(t.trainFrom(), t.trainTo()), period(t.testFrom(), t.testTo()));
    }
    if (TrainingInfo.GIVEN.equals(t.split())) {
      return "given: the rows the split column marks test are held out";
    }
    return String.format(Locale.ROOT, "%s, test fraction %s, seed %d", t.split(), t.testFraction(), t.seed());
  }

  private static String psiVerdict(double psi) {
    return psi < 0.1 ? "stable" : psi < 0.25 ? "some shift" : "large shift";
  }
}
