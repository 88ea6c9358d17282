package io.tradecredit.model;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.ClusteredXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of the training report ({@link TrainingReport}), drawn with JFreeChart on a headless
 * AWT and returned as PNG bytes. Every chart is drawn from per-score or per-grade counts, never
 * from rows.
 */
final class ReportCharts {
  static {
    // Before anything touches AWT: no display on a cluster node or in CI.
    System.setProperty("java.awt.headless", "true");
  }

  static final int WIDTH = 640;
  static final int HEIGHT = 420;

  private static final Color TEST = new Color(0x1f, 0x77, 0xb4);
  private static final Color TRAIN = new Color(0xff, 0x7f, 0x0e);
  private static final Color BAD = new Color(0xd6, 0x27, 0x28);
  private static final Color GOOD = new Color(0x2c, 0xa0, 0x2c);

  private ReportCharts() {}

  /** Bads and rows of one grade on a sample, with the range of scores that fell into it. */
  record GradeCount(String grade, double pdUpper, long rows, long bads, Double minScore, Double maxScore) {
    double badRate() {
      return rows == 0 ? 0 : (double) bads / rows;
    }
  }

  /** ROC curves: cumulative share of bads against cumulative share of goods, walking up the score. */
  static byte[] roc(List<Metrics.ScoreCount> train, double trainAuc, List<Metrics.ScoreCount> test, double testAuc) {
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(rocSeries(String.format(Locale.ROOT, "test (AUC %.4f)", testAuc), test));
    data.addSeries(rocSeries(String.format(Locale.ROOT, "train (AUC %.4f)", trainAuc), train));
    XYSeries diagonal = new XYSeries("random", false);
    diagonal.add(0, 0);
    diagonal.add(1, 1);
    data.addSeries(diagonal);
    JFreeChart chart = ChartFactory.createXYLineChart("ROC curve", "share of goods (false positive rate)",
        "share of bads (true positive rate)", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = style(chart).getXYPlot();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, TEST);
    r.setSeriesPaint(1, TRAIN);
    r.setSeriesPaint(2, Color.GRAY);
    r.setSeriesStroke(0, new BasicStroke(2.5f));
    r.setSeriesStroke(1, new BasicStroke(1.5f));
    r.setSeriesStroke(2, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
    plot.setRenderer(r);
    unitRange((NumberAxis) plot.getDomainAxis());
    unitRange((NumberAxis) plot.getRangeAxis());
    return png(chart);
  }

  /** KS plot: cumulative shares of bads and goods by score, the largest gap marked. */
  static byte[] ks(List<Metrics.ScoreCount> test, double ks) {
    long goods = test.stream().mapToLong(Metrics.ScoreCount::goods).sum();
    long bads = test.stream().mapToLong(Metrics.ScoreCount::bads).sum();
    XYSeries badSeries = new XYSeries("bads (cumulative share)", false);
    XYSeries goodSeries = new XYSeries("goods (cumulative share)", false);
    double goodsBelow = 0;
    double badsBelow = 0;
    double gap = -1;
    double[] at = new double[3];
    for (Metrics.ScoreCount c : test) {
      goodsBelow += c.goods();
      badsBelow += c.bads();
      double b = badsBelow / bads;
      double g = goodsBelow / goods;
      badSeries.add(c.score(), b);
      goodSeries.add(c.score(), g);
      if (Math.abs(b - g) > gap) {
        gap = Math.abs(b - g);
        at = new double[] {c.score(), b, g};
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(badSeries);
    data.addSeries(goodSeries);
    JFreeChart chart = ChartFactory.createXYLineChart(String.format(Locale.ROOT, "KS plot (test): KS %.4f", ks),
        "score", "cumulative share", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = style(chart).getXYPlot();
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
    r.setSeriesPaint(0, BAD);
    r.setSeriesPaint(1, GOOD);
    r.setSeriesStroke(0, new BasicStroke(2f));
    r.setSeriesStroke(1, new BasicStroke(2f));
    plot.setRenderer(r);
    unitRange((NumberAxis) plot.getRangeAxis());
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    plot.addAnnotation(new XYLineAnnotation(at[0], at[2], at[0], at[1], new BasicStroke(2.5f), Color.BLACK));
    XYTextAnnotation label = new XYTextAnnotation(
        String.format(Locale.ROOT, "  KS %.4f at score %s", ks, TrainingReport.score(at[0])), at[0], (at[1] + at[2]) / 2);
    label.setTextAnchor(TextAnchor.CENTER_LEFT);
    label.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    plot.addAnnotation(label);
    return png(chart);
  }

  /** Histogram of the score, goods and bads side by side, each as a share of its own class. */
  static byte[] distribution(List<Metrics.ScoreCount> test) {
    long goods = test.stream().mapToLong(Metrics.ScoreCount::goods).sum();
    long bads = test.stream().mapToLong(Metrics.ScoreCount::bads).sum();
    double min = test.get(0).score();
    double max = test.get(test.size() - 1).score();
    double width = niceWidth((max - min + 1) / 30);
    double start = Math.floor(min / width) * width;
    int n = (int) Math.floor((max - start) / width) + 1;
    long[] g = new long[n];
    long[] b = new long[n];
    for (Metrics.ScoreCount c : test) {
      int i = Math.min(n - 1, (int) Math.floor((c.score() - start) / width));
      g[i] += c.goods();
      b[i] += c.bads();
    }
    XYSeries goodSeries = new XYSeries(String.format(Locale.ROOT, "goods (%,d)", goods), false);
    XYSeries badSeries = new XYSeries(String.format(Locale.ROOT, "bads (%,d)", bads), false);
    for (int i = 0; i < n; i++) {
      double mid = start + (i + 0.5) * width;
      goodSeries.add(mid, (double) g[i] / goods);
      badSeries.add(mid, (double) b[i] / bads);
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(goodSeries);
    data.addSeries(badSeries);
    data.setIntervalWidth(width);
    JFreeChart chart = ChartFactory.createXYBarChart(
        String.format(Locale.ROOT, "Score distribution (test), bins of %s points", TrainingReport.score(width)),
        "score", false, "share of the class", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = style(chart).getXYPlot();
    ClusteredXYBarRenderer r = new ClusteredXYBarRenderer(0.1, false);
    r.setBarPainter(new StandardXYBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, GOOD);
    r.setSeriesPaint(1, BAD);
    plot.setRenderer(r);
    ((NumberAxis) plot.getDomainAxis()).setAutoRangeIncludesZero(false);
    ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(new java.text.DecimalFormat("0%"));
    return png(chart);
  }

  /** Bad rate per grade as bars, the row count of each grade in its label. */
  static byte[] grades(List<GradeCount> grades) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (GradeCount g : grades) {
      data.addValue(g.badRate(), "bad rate", String.format(Locale.ROOT, "%s (n=%,d)", g.grade(), g.rows()));
    }
    JFreeChart chart = ChartFactory.createBarChart("Bad rate by grade (test)", "grade (rows)", "bad rate", data,
        PlotOrientation.VERTICAL, false, false, false);
    BarRenderer r = flatBars(chart, "0%");
    r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new java.text.DecimalFormat("0.0%")));
    r.setDefaultItemLabelsVisible(true);
    ((NumberAxis) chart.getCategoryPlot().getRangeAxis()).setUpperMargin(0.15);
    return png(chart);
  }

  /** Observed and predicted bad rate side by side per group; a flagged group's label ends in " (off)". */
  static byte[] calibration(List<Fairness.Group> groups) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Fairness.Group g : groups) {
      String label = String.format(Locale.ROOT, "%s (n=%,d)%s", g.name(), g.rows(), g.flagged() ? " (off)" : "");
      data.addValue(g.observedBadRate(), "observed bad rate", label);
      data.addValue(g.predictedBadRate(), "predicted (mean pd_12m)", label);
    }
    JFreeChart chart = ChartFactory.createBarChart("Calibration by region (test)", "region (rows)", "bad rate", data,
        PlotOrientation.VERTICAL, true, false, false);
    flatBars(chart, "0.0%").setSeriesPaint(1, TEST);
    return png(chart);
  }

  /** Flat bars, the first series in the colour of bads, slanted category labels, a percent axis. */
  private static BarRenderer flatBars(JFreeChart chart, String percentFormat) {
    CategoryPlot plot = style(chart).getCategoryPlot();
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, BAD);
    plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(new java.text.DecimalFormat(percentFormat));
    return r;
  }

  private static XYSeries rocSeries(String name, List<Metrics.ScoreCount> ascending) {
    long goods = ascending.stream().mapToLong(Metrics.ScoreCount::goods).sum();
    long bads = ascending.stream().mapToLong(Metrics.ScoreCount::bads).sum();
    XYSeries s = new XYSeries(name, false);
    s.add(0, 0);
    double goodsBelow = 0;
    double badsBelow = 0;
    for (Metrics.ScoreCount c : ascending) {
      goodsBelow += c.goods();
      badsBelow += c.bads();
      s.add(goods == 0 ? 0 : goodsBelow / goods, bads == 0 ? 0 : badsBelow / bads);
    }
    return s;
  }

  /** 1, 2, 5, 10, 20, ... points: the smallest at least {@code raw}. */
  private static double niceWidth(double raw) {
    for (double w : new double[] {1, 2, 5, 10, 20, 25, 50, 100}) {
      if (w >= raw) {
        return w;
      }
    }
    return Math.ceil(raw);
  }

  private static void unitRange(NumberAxis axis) {
    axis.setRange(0, 1);
  }

  private static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    chart.getPlot().setBackgroundPaint(new Color(0xf7, 0xf7, 0xf7));
    if (chart.getPlot() instanceof XYPlot p) {
      p.setDomainGridlinePaint(Color.LIGHT_GRAY);
      p.setRangeGridlinePaint(Color.LIGHT_GRAY);
    } else if (chart.getPlot() instanceof CategoryPlot p) {
      p.setRangeGridlinePaint(Color.LIGHT_GRAY);
    }
    return chart;
  }

  private static byte[] png(JFreeChart chart) {
    try {
      return ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot encode chart " + chart.getTitle().getText() + " as PNG", e);
    }
  }
}
