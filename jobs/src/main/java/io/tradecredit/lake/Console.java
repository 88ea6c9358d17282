package io.tradecredit.lake;

/** What commands print for the operator: one line per step, on standard output. */
public final class Console {
  private Console() {}

  public static void line(String format, Object... args) {
    System.out.println(String.format(format, args));
    System.out.flush();
  }

  public static String seconds(long startNanos) {
    return seconds(startNanos, System.nanoTime());
  }

  public static String seconds(long startNanos, long endNanos) {
    return String.format("%.1f s", (endNanos - startNanos) / 1e9);
  }

  /** 42s, 3m07s, 1h02m07s: how long, for a person reading progress. */
  public static String duration(double secs) {
    long s = Math.round(secs);
    if (s >= 3600) {
      return String.format("%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }
    return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
