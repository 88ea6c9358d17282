package io.tradecredit.generate;


/**
 * The contract's text for instants (ISO-8601 with Z or the producer's offset) and dates. Written by hand rather
 * than with {@code DateTimeFormatter}: a world of 100M orders formats some two billion of them.
 */
final class Timestamps {
  private Timestamps() {}

  static String format(long epochSecond, int offsetHours) {
    long local = epochSecond + offsetHours * 3600L;
    long day = Math.floorDiv(local, 86400);
    int secs = (int) (local - day * 86400);
    char[] c = new char[offsetHours == 0 ? 20 : 25];
    date(day, c);
    c[10] = 'T';
    two(c, 11, secs / 3600);
    c[13] = ':';
    two(c, 14, secs / 60 % 60);
    c[16] = ':';
    two(c, 17, secs % 60);
    if (offsetHours == 0) {
      c[19] = 'Z';
    } else {
      c[19] = offsetHours < 0 ? '-' : '+';
      two(c, 20, Math.abs(offsetHours));
      c[22] = ':';
      c[23] = '0';
      c[24] = '0';
    }
    return new String(c);
  }

  static String date(long epochDay) {
    char[] c = new char[10];
    date(epochDay, c);
    return new String(c);
  }

  /** yyyy-MM-dd of an epoch day into c[0..9] (civil-from-days: H. Hinnant's algorithm, proleptic Gregorian). */
  private static void date(long epochDay, char[] c) {
    long z = epochDay + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int d = (int) (doy - (153 * mp + 2) / 5 + 1);
    int m = (int) (mp < 10 ? mp + 3 : mp - 9);
    int y = (int) (yoe + era * 400 + (m <= 2 ? 1 : 0));
    two(c, 0, y / 100);
    two(c, 2, y % 100);
    c[4] = '-';
    two(c, 5, m);
    c[7] = '-';
    two(c, 8, d);
  }

  private static void two(char[] c, int at, int v) {
    c[at] = (char) ('0' + v / 10);
    c[at + 1] = (char) ('0' + v % 10);
  }

  static long day(long epochSecond) {
    return Math.floorDiv(epochSecond, 86400);
  }

}
