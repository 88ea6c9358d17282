package io.tradecredit.erase;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What an erasure did.
 *
 * @param erased false when no table or export held the company (nothing was changed or recorded)
 * @param previousRunId the run of an earlier erasure of the same company, if any
 * @param rowsByTable rows removed (or, for a counterparty map, rows rewritten) per table and per export folder
 * @param filesVacuumed files of older versions removed from disk
 * @param landingRecords the landing records that carried the company, to delete at the source
 */
public record ErasureResult(boolean erased, String runId, Instant erasedAt, String operator, String osUser,
    String reason, String companySha256, String previousRunId, Map<String, Long> rowsByTable, long filesVacuumed,
    List<LandingRecord> landingRecords, double seconds) {

  /** One landing record: the drop, the file and the line (or row index) it was read from. */
  public record LandingRecord(String feed, LocalDate dt, String file, long line) {}

  public long rows() {
    return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
  }
}
