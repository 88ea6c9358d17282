package io.tradecredit.pull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The rows one night pulls: {@code from <= updated_at < to}, where {@code to} is the end of day D (UTC) and
 * {@code from} the watermark less the lookback (none on a source's first pull: its whole history up to D).
 *
 * <p>The lookback reads again the last minutes before the watermark, where a row can appear after the previous
 * night read them: a long transaction commits a row whose {@code updated_at} was taken when it began, a server's
 * clock lags. Such repeats are rows with the same key and {@code updated_at}, which ingest and conform keep once.
 */
public record PullWindow(LocalDate date, Instant from, Instant to) {
  private static final DateTimeFormatter SQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
      .withZone(ZoneOffset.UTC);

  /** The end of day D: rows updated before it belong to D or earlier. */
  public static Instant endOf(LocalDate date) {
    return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The window of night D after {@code watermark} (null: the first pull), reading {@code lookback} again. */
  public static PullWindow after(LocalDate date, Instant watermark, Duration lookback) {
    return new PullWindow(date, watermark == null ? null : watermark.minus(lookback), endOf(date));
  }

  /** The SQL condition on the source's updated_at column, with UTC timestamp literals. */
  String condition(String updatedAt) {
    String upper = updatedAt + " < " + literal(to);
    return from == null ? upper : updatedAt + " >= " + literal(from) + " AND " + upper;
  }

  static String literal(Instant t) {
    return "TIMESTAMP '" + SQL.format(t) + "'";
  }

  /** The bound Spark's JDBC partitioning takes for a timestamp split column (read in the session's zone, UTC). */
  static String bound(Instant t) {
    return SQL.format(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  @Override
  public String toString() {
    return "updated_at " + (from == null ? "(all history)" : ">= " + from) + " and < " + to;
  }
}
