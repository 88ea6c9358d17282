package io.tradecredit.ingest;

import java.math.BigDecimal;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The contract's text forms of typed values, read into Spark's internal values (epoch microseconds, epoch days,
 * {@link Decimal}): the shape each type must have (an ISO-8601 timestamp with seconds and Z or an offset, a date
 * YYYY-MM-DD, a decimal with at most its scale in fraction digits, an integer of at most nine digits), then the
 * value Spark's cast of that text gives. Null when the text does not have the shape or names no valid value
 * (2026-02-30, 24:00, an offset beyond 18 hours).
 *
 * <p>Plain loops over the UTF-8 bytes, no regular expressions or parsers: it runs for every value of every landing
 * row. Every character these forms allow is ASCII, so a byte beyond ASCII (negative here) is never one of them.
 * {@code ValueTextTest} holds every result against Spark's own {@code try_cast} of the same text.
 */
final class ValueText {
  private ValueText() {}

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  private static int at(UTF8String s, int i) {
    return s.getByte(i);
  }

  /** The number written by the {@code n} digits of {@code s} at {@code at}, -1 if one of them is not a digit. */
  private static int digits(UTF8String s, int at, int n) {
    int v = 0;
    for (int i = at; i < at + n; i++) {
      int c = at(s, i);
      if (!digit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Epoch day of {@code YYYY-MM-DD} at {@code at}, or {@link Long#MIN_VALUE}. */
  private static long day(UTF8String s, int at) {
    if (s.numBytes() < at + 10 || at(s, at + 4) != '-' || at(s, at + 7) != '-') {
      return Long.MIN_VALUE;
    }
    int year = digits(s, at, 4);
    int month = digits(s, at + 5, 2);
    int day = digits(s, at + 8, 2);
    if (year < 0 || month < 0 || day < 0) {
      return Long.MIN_VALUE;
    }
    boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    int last = month == 2 ? (leap ? 29 : 28) : month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
    if (month < 1 || month > 12 || day < 1 || day > last) {
      return Long.MIN_VALUE;
    }
    // java.time's LocalDate.toEpochDay for a year of 0..9999, without building a date for every value.
    long days = 365L * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400 + (367 * month - 362) / 12
        + day - 1;
    if (month > 2) {
      days -= leap ? 1 : 2;
    }
    return days - DAYS_0000_TO_1970;
  }

  /** Days from 0000-01-01 to 1970-01-01, as java.time counts them. */
  private static final long DAYS_0000_TO_1970 = 719_528;

  /** A date {@code YYYY-MM-DD}: its epoch day, or null. */
  static Integer date(UTF8String s) {
    if (s.numBytes() != 10) {
      return null;
    }
    long d = day(s, 0);
    return d == Long.MIN_VALUE ? null : (int) d;
  }

  /**
   * {@code YYYY-MM-DDTHH:MM:SS[.fraction]} followed by {@code Z} or {@code +HH[:]MM}: its instant in epoch
   * microseconds, or null. A fraction of up to nine digits is read to the microsecond (finer digits are dropped).
   */
  static Long timestamp(UTF8String s) {
    int n = s.numBytes();
    // Spark's cast takes no zone right after the minutes: seconds are required.
    if (n < 20 || at(s, 10) != 'T' || at(s, 13) != ':' || at(s, 16) != ':') {
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
    if (i < n && at(s, i) == '.') {
      int start = ++i;
      while (i < n && digit(at(s, i))) {
        if (i - start < 6) {
          micros = micros * 10 + (at(s, i) - '0');
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
  private static long offset(UTF8String s, int at) {
    int rest = s.numBytes() - at;
    if (rest == 1 && at(s, at) == 'Z') {
      return 0;
    }
    if (rest != 5 && rest != 6) {
      return Long.MIN_VALUE;
    }
    int sign = at(s, at);
    if (sign != '+' && sign != '-') {
      return Long.MIN_VALUE;
    }
    int hours = digits(s, at + 1, 2);
    int m = at + 3;
    if (rest == 6) {
      if (at(s, m) != ':') {
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
  static Integer integer(UTF8String s) {
    int start = s.numBytes() > 0 && (at(s, 0) == '+' || at(s, 0) == '-') ? 1 : 0;
    int count = s.numBytes() - start;
    if (count < 1 || count > 9) {
      return null;
    }
    int v = digits(s, start, count);
    if (v < 0) {
      return null;
    }
    return at(s, 0) == '-' ? -v : v;
  }

  /**
   * {@code [+-]digits[.digits]} with at most {@code precision - scale} integer and {@code scale} fraction digits,
   * as a decimal of that precision and scale; else null.
   */
  static Decimal decimal(UTF8String s, int precision, int scale) {
    int n = s.numBytes();
    int i = n > 0 && (at(s, 0) == '+' || at(s, 0) == '-') ? 1 : 0;
    int start = i;
    while (i < n && digit(at(s, i))) {
      i++;
    }
    int whole = i - start;
    int fraction = 0;
    if (i < n && at(s, i) == '.') {
      int f = ++i;
      while (i < n && digit(at(s, i))) {
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
        int c = at(s, k);
        if (c != '.') {
          unscaled = unscaled * 10 + (c - '0');
        }
      }
      for (int k = fraction; k < scale; k++) {
        unscaled *= 10;
      }
      return Decimal.createUnsafe(at(s, 0) == '-' ? -unscaled : unscaled, precision, scale);
    }
    return Decimal.apply(new BigDecimal(s.toString()).setScale(scale), precision, scale);
  }

  /**
   * {@code true} or {@code false} in any case, else null. Spark's {@code lower} of no character beyond ASCII gives
   * one of these letters, so comparing ASCII letters without case gives what lower-casing would.
   */
  static Boolean bool(UTF8String s) {
    return is(s, "true") ? Boolean.TRUE : is(s, "false") ? Boolean.FALSE : null;
  }

  private static boolean is(UTF8String s, String word) {
    if (s.numBytes() != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if ((at(s, i) | 0x20) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
