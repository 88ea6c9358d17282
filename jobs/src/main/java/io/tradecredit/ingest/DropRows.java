package io.tradecredit.ingest;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A drop's checked rows with their outcome, spread by key so that each key's rows meet in one partition, for the
 * reads that follow (the accounting, the quarantine and bronze): the files are parsed and checked once.
 *
 * <p>The spread rows stay in the shuffle's files, and each write reads them again from there; what the first reading
 * keeps in memory ({@link FirstOfKey.Kept}) is the quarantined rows and the duplicates by file and line. Held rows of
 * a large drop (in pages of Spark's binary rows) were copied by the collector into its old generation while bronze
 * was written, and {@code Dataset.persist} would build compressed column batches, which cost more CPU than parsing
 * and validating the rows did (bench/RESULTS.md, "Ingest"). Both keep their lineage: a shuffle file or block lost
 * with an executor is computed again, and the outcomes, by file and line, are the same.
 */
final class DropRows {
  private final SparkSession spark;
  private final JavaRDD<InternalRow> spread;
  private final FirstOfKey first;
  private final JavaRDD<FirstOfKey.Kept> blocks;
  private final StructType schema;

  private DropRows(SparkSession spark, JavaRDD<InternalRow> spread, FirstOfKey first, StructType schema) {
    this.spark = spark;
    this.spread = spread;
    this.first = first;
    this.blocks = spread.mapPartitions(rows -> List.of(first.outcomes(rows)).iterator())
        .persist(StorageLevel.MEMORY_AND_DISK());
    this.schema = schema;
  }

  /**
   * The rows of {@code checked} (with its {@code outcome} column) spread over {@code partitions} by key (0: Spark's
   * own number). Of rows with the same key and updated_at (or the same key, for fx_rates, which has no updated_at)
   * the first by file and line is kept.
   */
  static DropRows keep(SparkSession spark, Dataset<Row> checked, Feed feed, int partitions) {
    List<String> key = new ArrayList<>(feed.key());
    if (feed.hasUpdatedAt()) {
      key.add("updated_at");
    }
    Column[] by = key.stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> spread = partitions > 0 ? checked.repartition(partitions, by) : checked.repartition(by);
    StructType schema = checked.schema();
    return new DropRows(spark, spread.queryExecution().toRdd().toJavaRDD(), new FirstOfKey(schema, key), schema);
  }

  /** The partitions' tallies added up: the first read, which finds the outcomes. */
  Tally tally() {
    return blocks.map(FirstOfKey.Kept::tally).collect().stream().reduce(new Tally(), Tally::add);
  }

  /** Every row. */
  Dataset<Row> rows() {
    return frame(quarantined().union(good(-1)));
  }

  /**
   * The rows of one outcome ({@link FirstOfKey}), picked before Spark reads them: its scan writes out every row it is
   * given once more, which for the quarantine's few rows was a pass over all of them.
   */
  Dataset<Row> rows(int outcome) {
    return frame(outcome == FirstOfKey.QUARANTINED ? quarantined() : good(outcome));
  }

  private JavaRDD<InternalRow> quarantined() {
    return blocks.flatMap(k -> k.quarantined().rows());
  }

  private JavaRDD<InternalRow> good(int outcome) {
    FirstOfKey first = this.first;
    return spread.zipPartitions(blocks, (rows, kept) -> first.outcomes(rows, kept.next(), outcome));
  }

  private Dataset<Row> frame(JavaRDD<InternalRow> rows) {
    return ((org.apache.spark.sql.classic.SparkSession) spark).internalCreateDataFrame(rows.rdd(), schema, false);
  }

  int partitions() {
    return blocks.getNumPartitions();
  }

  void release() {
    blocks.unpersist(false);
  }
}
