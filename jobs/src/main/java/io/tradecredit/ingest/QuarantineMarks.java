package io.tradecredit.ingest;

import io.tradecredit.lake.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether a drop's quarantine entries may be appended: ops.quarantine is partitioned by feed only, so replacing a
 * drop's entries is a replaceWhere that reconstructs, lists and scans the feed's files (3 of the 22 s of a 1M-row
 * drop's ingest, bench/RESULTS.md). A drop never ingested before (no ops.ingest_log entry) has no entries unless
 * an ingest of it died after writing them and before its log: that ingest leaves its mark here, an empty file under
 * {@code <lake>/ops/_quarantine_marks/}, written before the entries and removed once the log holding the drop is
 * committed. A drop with a mark takes the replace path, so a killed run never leaves its entries twice.
 *
 * <p>Marks are written through the Hadoop FileSystem API, as the lake's locks and publish's attempt markers are, so
 * they work wherever the lake is.
 */
final class QuarantineMarks {
  static final String DIR = "ops/_quarantine_marks";

  private final Lake lake;

  QuarantineMarks(Lake lake) {
    this.lake = lake;
  }

  private Path path(Feed feed, LocalDate dt) {
    return new Path(lake.root() + "/" + DIR + "/" + feed.id() + "-" + dt);
  }

  private FileSystem fs(Path path) throws IOException {
    return path.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
  }

  /** Whether an ingest of the drop wrote quarantine entries that no committed log accounts for. */
  boolean pending(Feed feed, LocalDate dt) {
    Path p = path(feed, dt);
    try {
      return fs(p).exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  /** Marks the drop before its entries are appended. */
  void mark(Feed feed, LocalDate dt) {
    Path p = path(feed, dt);
    try {
      fs(p).create(p, true).close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + p, e);
    }
  }

  /** Removes the drop's mark, once a committed log accounts for its entries. */
  void clear(Feed feed, LocalDate dt) {
    Path p = path(feed, dt);
    try {
      fs(p).delete(p, false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove " + p, e);
    }
  }
}
