package io.tradecredit.ingest;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The accounting of one drop's ingest: {@code rowsRead = accepted + deduplicated + quarantined} always holds; a file
 * quarantined whole counts as one row read.
 */
public record DropResult(Feed feed, LocalDate dt, int files, long rowsRead, long accepted, long deduplicated,
    long quarantined, Map<String, Long> quarantinedByRule, List<String> schemaDrift, boolean passed, String message,
    long durationMs) {

  public double badRatio() {
    return rowsRead == 0 ? 0.0 : (double) quarantined / rowsRead;
  }
}
