package io.tradecredit.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --date D}, or {@code --from A --to B} for a backfill of every date in between. */
class DateRange {
  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Run date D.")
  LocalDate date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First run date of a backfill.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last run date of a backfill (inclusive).")
  LocalDate to;

  List<LocalDate> dates() {
    if (date != null && from == null && to == null) {
      return List.of(date);
    }
    if (date == null && from != null && to != null) {
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("Cannot run from " + from + " to " + to + ": --to is before --from");
      }
      List<LocalDate> dates = new ArrayList<>();
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        dates.add(d);
      }
      return dates;
    }
    throw new IllegalArgumentException("Give either --date D, or --from A and --to B");
  }

  /** The range as given on the command line, e.g. {@code --from 2026-11-02 --to 2026-11-06}. */
  String describe() {
    return date != null ? "--date " + date : "--from " + from + " --to " + to;
  }

  LocalDate single() {
    if (date == null || from != null || to != null) {
      throw new IllegalArgumentException("This command runs one date: give --date D");
    }
    return date;
  }
}
