package io.tradecredit.ingest;

import io.tradecredit.config.PipelineConfig.IngestLimits;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The checks every value of every format passes before it is typed: not longer than
 * {@code ingest.limits.max_field_chars}, and free of control characters. One policy for all columns: a C0 control
 * (U+0000..U+001F, tab and line breaks included), DEL (U+007F) or a C1 control (U+0080..U+009F) quarantines the row
 * as {@link Rules#CONTROL_CHARACTER}. No column of the landing contract is free text, and such a character would
 * otherwise reach terminals raw (ANSI/OSC escapes) or make a different key (NUL).
 *
 * <p>A plain loop over the characters: it runs for every value of every row.
 */
public final class ValueScreen {
  private ValueScreen() {}

  /** A rule broken by one value: the rule code and a message naming the column. */
  record Problem(String rule, String message) {}

  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
  }

  /** Index of the first control character of {@code s}, -1 when there is none. */
  static int firstControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isControl(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code s} with every control character written as {@code \\uXXXX}: names a producer chose (files, folders,
   * extra columns) are printed and stored this way.
   */
  public static String escape(String s) {
    if (s == null || firstControl(s) < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isControl(c)) {
        b.append(String.format("\\u%04X", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The first problem of a record's values, null when there is none.
   *
   * @param values values aligned with {@code names}, null for a missing one
   */
  static Problem check(String[] values, List<String> names, IngestLimits limits) {
    for (int i = 0; i < values.length; i++) {
      String v = values[i];
      if (v == null) {
        continue;
      }
      if (v.length() > limits.maxFieldChars()) {
        return tooLong(names.get(i), v.length(), limits);
      }
      int at = firstControl(v);
      if (at >= 0) {
        return new Problem(Rules.CONTROL_CHARACTER, String.format(
            "column '%s': control character U+%04X at character %d; control characters are not allowed in values",
            escape(names.get(i)), (int) v.charAt(at), at + 1));
      }
    }
    return null;
  }

  /**
   * The same checks on values in Spark's form. An ASCII value within the limit is screened on its bytes, which are
   * its characters; any other is screened as text, so lengths and positions are counted as {@link String} does.
   */
  static Problem check(UTF8String[] values, List<String> names, IngestLimits limits) {
    for (int i = 0; i < values.length; i++) {
      UTF8String v = values[i];
      if (v == null || (v.numBytes() <= limits.maxFieldChars() && plainAscii(v))) {
        continue;
      }
      Problem p = check(new String[] {v.toString()}, List.of(names.get(i)), limits);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  /** Whether every byte is a printable ASCII character: no control, nothing beyond U+007F. */
  private static boolean plainAscii(UTF8String v) {
    for (int i = 0; i < v.numBytes(); i++) {
      byte b = v.getByte(i);
      if (b < 0x20 || b == 0x7f) { // negative: the first byte of a character beyond ASCII
        return false;
      }
    }
    return true;
  }

  static Problem tooLong(String column, long length, IngestLimits limits) {
    return new Problem(Rules.FIELD_TOO_LONG, String.format(
        "column '%s': a value of %d characters, above %smax_field_chars = %d", escape(column), length,
        IngestLimits.KEY, limits.maxFieldChars()));
  }
}
