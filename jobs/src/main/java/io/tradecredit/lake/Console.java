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
}
