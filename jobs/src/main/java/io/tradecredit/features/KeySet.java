package io.tradecredit.features;

import static org.apache.spark.sql.functions.broadcast;

import io.tradecredit.lake.BloomSieve;
import io.tradecredit.lake.MergeSources;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.sketch.BloomFilter;

/**
 * The keys of the records a night changed, kept in memory to find their versions in silver ({@link ActivityDaily}).
 * A usual night's few keys become literal rows, which a scan takes as a filter
 * ({@link io.tradecredit.lake.LiteralSemiJoins}); {@code small} ones are broadcast to the joins that probe silver
 * with them; a larger set sieves the scan with a Bloom filter of its keys before the join ({@link BloomSieve}), made
 * once.
 */
final class KeySet {
  /** Key sets up to this size are broadcast to the scans of silver instead of shuffled with them. */
  private static final long BROADCAST_MAX_ROWS = 2_000_000;

  /** Off only where a test makes a small night's key sets take the path of a large one's (kept, sieved). */
  static boolean literal = true;

  private final Dataset<Row> rows;
  private final boolean small;
  private final long count;
  private final boolean isLiteral;
  private BloomFilter bloom;

  private KeySet(Dataset<Row> rows, boolean small, long count, boolean isLiteral) {
    this.rows = rows;
    this.small = small;
    this.count = count;
    this.isLiteral = isLiteral;
  }

  /**
   * Materialises a key set once and sizes it: a usual night's few keys as literal rows. Cached before the first
   * look: the keys are a distinct aggregate, which a limit computes whole, and the count then reads the cache. A
   * set kept cached is added to {@code cached}, which the caller releases after the night.
   */
  static KeySet of(List<Dataset<Row>> cached, Dataset<Row> keys) {
    Dataset<Row> kept = keys.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> literalRows = literal ? MergeSources.collectIfFits(kept) : null;
    if (literalRows != null) {
      kept.unpersist();
      return new KeySet(literalRows, true, -1, true);
    }
    cached.add(kept);
    long count = kept.count();
    return new KeySet(kept, count <= BROADCAST_MAX_ROWS, count, false);
  }

  Dataset<Row> rows() {
    return rows;
  }

  boolean small() {
    return small;
  }

  boolean literal() {
    return isLiteral;
  }

  /** The keys for the build side of a join (a hint only means something there: unions get {@link #rows}). */
  Dataset<Row> toJoin() {
    return toJoin(rows);
  }

  private Dataset<Row> toJoin(Dataset<Row> keys) {
    return small ? broadcast(keys) : keys;
  }

  /**
   * True for the rows of a scan whose {@code columns} (in the order of the keys' columns) hold one of the keys,
   * and for about 1% of the others.
   */
  Column sieve(String... columns) {
    if (bloom == null) {
      bloom = BloomSieve.of(rows, count);
    }
    return BloomSieve.mightContain(bloom, columns);
  }

  /** The rows of {@code scan} whose {@code columns} (in the order of the keys' columns) hold one of the keys. */
  Dataset<Row> keep(Dataset<Row> scan, String... columns) {
    Dataset<Row> keys = java.util.Arrays.equals(rows.columns(), columns) ? rows : rows.toDF(columns);
    Dataset<Row> read = isLiteral ? scan : scan.where(sieve(columns));
    return read.join(toJoin(keys), columns, "left_semi");
  }
}
