package io.tradecredit.report;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Charts as SVG documents, embedded in pages as {@code data:} images: the pages stay single files with no network
 * resource, and a browser can say whether each image decoded.
 */
public final class Svg {
  public static final int WIDTH = 620;
  public static final int HEIGHT = 260;
  private static final int LEFT = 52;
  private static final int RIGHT = 185;
  private static final int TOP = 28;
  private static final int BOTTOM = 40;
  private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
      "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};

  /** One named series of values, one per x label; NaN for no value. */
  public record Series(String name, double[] values) {}

  private Svg() {}

  /** Lines over the x labels, the y axis from {@code yMin} to {@code yMax} (NaN: from the data). */
  public static String lines(String title, List<String> x, List<Series> series, double yMin, double yMax) {
    double[] range = range(series, yMin, yMax, false);
    StringBuilder s = frame(title, range[0], range[1], x);
    for (int k = 0; k < series.size(); k++) {
      double[] v = series.get(k).values();
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < v.length; i++) {
        if (Double.isNaN(v[i])) {
          continue;
        }
        double px = xCenter(i, x.size());
        double py = y(v[i], range);
        path.append(path.length() == 0 ? "M" : "L").append(f(px)).append(' ').append(f(py));
        s.append("<circle cx=\"").append(f(px)).append("\" cy=\"").append(f(py)).append("\" r=\"3\" fill=\"")
            .append(color(k)).append("\"><title>").append(Html.esc(x.get(i) + ": " + label(v[i])))
            .append("</title></circle>");
      }
      s.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"").append(color(k))
          .append("\" stroke-width=\"2\"/>");
    }
    return legendAndClose(s, series);
  }

  /** Bars stacked per x label, one colour per series. */
  public static String stackedBars(String title, List<String> x, List<Series> series) {
    double[] range = range(series, 0, Double.NaN, true);
    StringBuilder s = frame(title, range[0], range[1], x);
    double slot = (WIDTH - LEFT - RIGHT) / (double) Math.max(1, x.size());
    double w = Math.max(1, slot * 0.7);
    for (int i = 0; i < x.size(); i++) {
      double base = 0;
      for (int k = 0; k < series.size(); k++) {
        double v = series.get(k).values()[i];
        if (Double.isNaN(v) || v <= 0) {
          continue;
        }
        double top = y(base + v, range);
        s.append("<rect x=\"").append(f(xCenter(i, x.size()) - w / 2)).append("\" y=\"").append(f(top))
            .append("\" width=\"").append(f(w)).append("\" height=\"").append(f(y(base, range) - top))
            .append("\" fill=\"").append(color(k)).append("\"><title>")
            .append(Html.esc(x.get(i) + " " + series.get(k).name() + ": " + label(v))).append("</title></rect>");
        base += v;
      }
    }
    return legendAndClose(s, series);
  }

  /** The chart as an {@code <img>} element with a data URI, sized as drawn. */
  public static String img(String svg, String alt) {
    return "<img alt=\"" + Html.esc(alt) + "\" width=\"" + WIDTH + "\" height=\"" + HEIGHT
        + "\" src=\"data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8))
        + "\">";
  }

  private static StringBuilder frame(String title, double min, double max, List<String> x) {
    StringBuilder s = new StringBuilder(4096).append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
        .append(HEIGHT).append("\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">")
        .append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>")
        .append("<text x=\"").append(LEFT).append("\" y=\"17\" font-size=\"13\" font-weight=\"bold\">")
        .append(Html.esc(title)).append("</text>");
    double[] range = {min, max};
    for (int t = 0; t <= 4; t++) {
      double v = min + (max - min) * t / 4;
      double py = y(v, range);
      s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
          .append(f(py)).append("\" y2=\"").append(f(py)).append("\" stroke=\"#e4e4e4\"/>")
          .append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(f(py + 4))
          .append("\" text-anchor=\"end\">").append(max - min >= 20 ? label(Math.rint(v)) : label(v))
          .append("</text>");
    }
    int every = Math.max(1, (int) Math.ceil(x.size() / 8.0));
    for (int i = 0; i < x.size(); i += every) {
      s.append("<text x=\"").append(f(xCenter(i, x.size()))).append("\" y=\"").append(HEIGHT - BOTTOM + 15)
          .append("\" text-anchor=\"middle\">").append(Html.esc(x.get(i))).append("</text>");
    }
    s.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"")
        .append(HEIGHT - BOTTOM).append("\" y2=\"").append(HEIGHT - BOTTOM).append("\" stroke=\"#888\"/>");
    return s;
  }

  private static String legendAndClose(StringBuilder s, List<Series> series) {
    for (int k = 0; k < series.size(); k++) {
      int py = TOP + 6 + k * 16;
      s.append("<rect x=\"").append(WIDTH - RIGHT + 12).append("\" y=\"").append(py - 9)
          .append("\" width=\"10\" height=\"10\" fill=\"").append(color(k)).append("\"/><text x=\"")
          .append(WIDTH - RIGHT + 27).append("\" y=\"").append(py).append("\">")
          .append(Html.esc(series.get(k).name())).append("</text>");
    }
    return s.append("</svg>").toString();
  }

  /** The y range: the given ends, else the data's (from 0 for bars, stacked when {@code stacked}). */
  private static double[] range(List<Series> series, double yMin, double yMax, boolean stacked) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int n = series.isEmpty() ? 0 : series.get(0).values().length;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (Series s : series) {
        double v = s.values()[i];
        if (!Double.isNaN(v)) {
          sum = stacked ? sum + v : v;
          lo = Math.min(lo, sum);
          hi = Math.max(hi, sum);
        }
      }
    }
    double min = !Double.isNaN(yMin) ? yMin : lo == Double.POSITIVE_INFINITY ? 0 : lo;
    double max = !Double.isNaN(yMax) ? yMax : hi == Double.NEGATIVE_INFINITY ? 1 : hi;
    if (max <= min) {
      max = min + 1;
    }
    return new double[] {min, max};
  }

  private static double y(double v, double[] range) {
    return HEIGHT - BOTTOM - (v - range[0]) / (range[1] - range[0]) * (HEIGHT - BOTTOM - TOP);
  }

  private static double xCenter(int i, int n) {
    return LEFT + (i + 0.5) * (WIDTH - LEFT - RIGHT) / Math.max(1, n);
  }

  private static String color(int k) {
    return PALETTE[k % PALETTE.length];
  }

  private static String label(double v) {
    return Math.abs(v - Math.rint(v)) < 1e-9 && Math.abs(v) < 1e12
        ? String.format(Locale.ROOT, "%,d", (long) Math.rint(v))
        : String.format(Locale.ROOT, Math.abs(v) < 1 ? "%.3f" : "%.1f", v);
  }

  private static String f(double d) {
    return String.format(Locale.ROOT, "%.1f", d);
  }
}
