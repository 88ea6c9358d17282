package io.tradecredit.generate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The contract's text for instants (ISO-8601 with Z or the producer's offset) and dates. */
final class Timestamps {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private static final ZoneOffset[] OFFSETS = new ZoneOffset[25];

  static {
    for (int h = -12; h <= 12; h++) {
      OFFSETS[h + 12] = ZoneOffset.ofHours(h);
    }
  }

  private Timestamps() {}

  static String format(long epochSecond, int offsetHours) {
    return ISO.format(Instant.ofEpochSecond(epochSecond).atOffset(OFFSETS[offsetHours + 12]));
  }

  static String date(long epochDay) {
    return LocalDate.ofEpochDay(epochDay).toString();
  }

  static long day(long epochSecond) {
    return Math.floorDiv(epochSecond, 86400);
  }

  static long seconds(double epochDays) {
    return (long) Math.floor(epochDays * 86400);
  }
}
