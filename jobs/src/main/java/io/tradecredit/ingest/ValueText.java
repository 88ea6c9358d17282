package io.tradecredit.ingest;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import org.apache.spark.sql.types.Decimal;

/**
 * The contract's text forms of typed values, read into Spark's internal values (epoch microseconds, epoch days,
 * {@link Decimal}): the shape each type must have (an ISO-8601 timestamp with seconds and Z or an offset, a date
 * YYYY-MM-DD, a decimal with at most its scale in fraction digits, an integer of at most nine digits), then the
 * value Spark's cast of that text gives. Null when the text does not have the shape or names no valid value
 * (2026-02-30, 24:00, an offset beyond 18 hours).
 *
 * <p>Plain loops over characters, no regular expressions or parsers: it runs for every value of every landing row.
 * {@code ValueTextTest} holds every result against Spark's own {@code try_cast} of the same text.
 */
final class ValueText {
  private ValueText() {}

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The number written by the {@code n} digits of {@code s} at {@code at}, -1 if one of them is not a digit. */
  private static int digits(String s, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      char c = s.charAt(i);
      if (!digit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Epoch day of {@code YYYY-MM-DD} at {@code at}, or {@link Long#MIN_VALUE}. */
  private static long day(String s, int at) {
    if (s.length() < at + 10 || s.charAt(at + 4) != '-' || s.charAt(at + 7) != '-') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, at, 4);
    int month = digits(s, at + 5, 2);
    int day = digits(s, at + 8, 2);
    if (year < 0 || month < 0 || day < 0) {
      return Long.MIN_VALUE;
    }
    try {
      return LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return Long.MIN_VALUE;
    }
  }

  /** A date {@code YYYY-MM-DD}: its epoch day, or null. */
  static Integer date(String s) {
    if (s.length() != 10) {
      return null;
    }
    long d = day(s, 0);
    return d == Long.MIN_VALUE ? null : (int) d;
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.fraction]} followed by {@code Z} or {@code +HH[:]MM}: its instant in epoch
   * microseconds, or null. A fraction of up to nine digits is read to the microsecond (finer digits are dropped).
   */
  static Long timestamp(String s) {
    int n = s.length();
    // Spark's cast takes no zone right after the minutes: seconds are required.
    if (n < 20 || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    long day = day(s, 0);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (day == Long.MIN_VALUE || hour < 0 || minute < 0 || second < 0 || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    int i = 19;
    long micros = 0;
    if (i < n && s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && digit(s.charAt(i))) {
        if (i - start < 6) {
          micros = micros * 10 + (s.charAt(i) - '0');
        }
        i++;
      }
      int count = i - start;
      if (count < 1 || count > 9) {
        return null;
      }
      for (int k = count; k < 6; k++) {
        micros *= 10;
      }
    }
    long offsetSeconds = offset(s, i);
    if (offsetSeconds == Long.MIN_VALUE) {
      return null;
    }
    long seconds = day * 86_400 + hour * 3_600L + minute * 60L + second - offsetSeconds;
    return seconds * 1_000_000 + micros;
  }

  /** Seconds east of UTC of {@code Z} or {@code +HH[:]MM} ending the text at {@code at}, or {@link Long#MIN_VALUE}. */
  private static long offset(String s, int at) {
    int rest = s.length() - at;
    if (rest == 1 && s.charAt(at) == 'Z') {
      return 0;
    }
    if (rest != 5 && rest != 6) {
      return Long.MIN_VALUE;
    }
    char sign = s.charAt(at);
    if (sign != '+' && sign != '-') {
      return Long.MIN_VALUE;
    }
    int hours = digits(s, at + 1, 2);
    int m = at + 3;
    if (rest == 6) {
      if (s.charAt(m) != ':') {
        return Long.MIN_VALUE;
      }
      m++;
    }
    int minutes = digits(s, m, 2);
    // java.time's bounds for an offset, which Spark's cast applies: at most 18:00 either way.
    if (hours < 0 || minutes < 0 || minutes > 59 || hours > 18 || (hours == 18 && minutes > 0)) {
      return Long.MIN_VALUE;
    }
    long seconds = hours * 3_600L + minutes * 60L;
    return sign == '-' ? -seconds : seconds;
  }

  /** {@code [+-]digits} of one to nine digits, or null. */
  static Integer integer(String s) {
    int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    int count = s.length() - start;
    if (count < 1 || count > 9) {
      return null;
    }
    int v = digits(s, start, count);
    if (v < 0) {
      return null;
    }
    return s.charAt(0) == '-' ? -v : v;
  }

  /**
   * {@code [+-]digits[.digits]} with at most {@code precision - scale} integer and {@code scale} fraction digits,
   * as a decimal of that precision and scale; else null.
   */
  static Decimal decimal(String s, int precision, int scale) {
    int n = s.length();
    int i = n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
    int start = i;
    while (i < n && digit(s.charAt(i))) {
      i++;
    }
    int whole = i - start;
    int fraction = 0;
    if (i < n && s.charAt(i) == '.') {
      int f = ++i;
      while (i < n && digit(s.charAt(i))) {
        i++;
      }
      fraction = i - f;
      if (fraction < 1) {
        return null;
      }
    }
    if (i != n || whole < 1 || whole > precision - scale || fraction > scale) {
      return null;
    }
    if (precision <= 18) {
      long unscaled = 0;
      for (int k = start; k < n; k++) {
        char c = s.charAt(k);
        if (c != '.') {
          unscaled = unscaled * 10 + (c - '0');
        }
      }
      for (int k = fraction; k < scale; k++) {
        unscaled *= 10;
      }
      return Decimal.createUnsafe(s.charAt(0) == '-' ? -unscaled : unscaled, precision, scale);
    }
    return Decimal.apply(new BigDecimal(s).setScale(scale), precision, scale);
  }

  /** {@code true} or {@code false} in any case (lower-cased as Spark's {@code lower} does); else null. */
  static Boolean bool(String s) {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    return lower.equals("true") ? Boolean.TRUE : lower.equals("false") ? Boolean.FALSE : null;
  }
}
