package io.tradecredit.features;

import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Parallel;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * A small silver held in memory for the features stage. The stage reads silver in some twenty queries (the night's
 * changed records, both dates' snapshots, the account map); on a small lake each query's Delta planning (a Spark job
 * per table to filter its files, another for data skipping's statistics) costs more than its rows. Spark's cache
 * stands in for any later read of the same table version ({@code lake.read}), before Delta plans a scan, so those
 * jobs run once per table instead of once per query. A large silver is read as it is: it would not fit.
 */
final class SilverInMemory implements AutoCloseable {
  /** Silver (Parquet, compressed) up to this size in all is held; the sample lake's is well under 1 MB. */
  static final long MAX_BYTES = 16L << 20;
  /** The silver tables the features read: the fact feeds of a snapshot, and those the account map is made of. */
  private static final List<Feed> READ = java.util.stream.Stream.concat(Snapshot.COLUMNS.keySet().stream(),
      java.util.stream.Stream.of(Feed.ACCOUNTS, Feed.REGISTRY)).toList();

  /** Nothing held: a night that computes every partial reads each table once anyway. */
  static final SilverInMemory NONE = new SilverInMemory(List.of());

  private final List<Dataset<Row>> held;

  private SilverInMemory(List<Dataset<Row>> held) {
    this.held = held;
  }

  /**
   * Holds the silver the features read when it is at most {@code maxBytes}; nothing otherwise. Up to
   * {@code threads} tables are planned at a time: holding one plans its read (Delta replays the table's log and
   * filters its files, a few hundred milliseconds of mostly driver work), and the tables are independent.
   */
  static SilverInMemory hold(Lake lake, long maxBytes, int threads) {
    List<Table> tables = new ArrayList<>();
    long bytes = 0;
    for (Feed feed : READ) {
      Table table = Tables.silver(feed);
      if (lake.exists(table)) {
        tables.add(table);
        bytes += lake.sizeInBytes(table);
      }
    }
    if (bytes > maxBytes) {
      return NONE;
    }
    // Lazily: each table is read into memory by the first query that needs it.
    List<Dataset<Row>> held = java.util.Collections.synchronizedList(new ArrayList<>());
    try {
      Parallel.run(tables.stream().<Runnable>map(t -> () -> held.add(lake.read(t)
          .persist(StorageLevel.MEMORY_AND_DISK()))).toList(), threads);
    } catch (RuntimeException e) {
      held.forEach(Dataset::unpersist);
      throw e;
    }
    return new SilverInMemory(List.copyOf(held));
  }

  /** How many tables are held. */
  int tables() {
    return held.size();
  }

  @Override
  public void close() {
    held.forEach(Dataset::unpersist);
  }
}
