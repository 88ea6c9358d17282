package io.tradecredit.publish;

/**
 * One quality check of a publication.
 *
 * @param name stable name, e.g. {@code duplicate_company_id}
 * @param value what was measured
 * @param threshold the limit it was held against, in words (or why it was not judged)
 * @param verdict PASS, WARN, FAIL or INFO (measured and recorded, not judged); any FAIL blocks publication
 */
public record Check(String name, double value, String threshold, String verdict) {
  public static final String PASS = "PASS";
  public static final String WARN = "WARN";
  public static final String FAIL = "FAIL";
  public static final String INFO = "INFO";

  static Check failIf(String name, double value, boolean bad, String threshold) {
    return new Check(name, value, threshold, bad ? FAIL : PASS);
  }

  static Check against(String name, double value, io.tradecredit.config.PipelineConfig.Limit limit) {
    return new Check(name, value, limit.toString(),
        value > limit.fail() ? FAIL : value > limit.warn() ? WARN : PASS);
  }

  /** A measure recorded for the operator but not held against a limit, with the reason in words. */
  static Check reported(String name, double value, String why) {
    return new Check(name, value, why, INFO);
  }

  @Override
  public String toString() {
    return String.format("%s=%s %s (%s)", name, value == Math.rint(value) ? String.valueOf((long) value)
        : String.format("%.4f", value), verdict, threshold);
  }
}
