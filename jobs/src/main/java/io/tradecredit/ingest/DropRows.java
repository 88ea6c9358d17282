package io.tradecredit.ingest;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A drop's checked rows with their outcome, kept for the reads that follow (the accounting, the quarantine and
 * bronze), so the files are parsed, validated and deduplicated once.
 *
 * <p>Kept as Spark's binary rows, as they are, in pages ({@link RowPages}, one per partition): {@code
 * Dataset.persist} would build compressed column batches, which cost more CPU than parsing and validating the rows
 * did (bench/RESULTS.md, "Ingest"). The rows keep their lineage, so a block lost with an executor is computed again.
 */
final class DropRows {
  private final SparkSession spark;
  private final JavaRDD<FirstOfKey.Kept> blocks;
  private final StructType schema;

  private DropRows(SparkSession spark, JavaRDD<FirstOfKey.Kept> blocks, StructType schema) {
    this.spark = spark;
    this.blocks = blocks;
    this.schema = schema;
  }

  /** Rows of {@code schema} (with its {@code outcome} column), kept on first use. */
  static DropRows keep(SparkSession spark, JavaRDD<FirstOfKey.Kept> partitions, StructType schema) {
    return new DropRows(spark, partitions.persist(StorageLevel.MEMORY_AND_DISK()), schema);
  }

  /** The partitions' tallies added up: the first read, which deduplicates and keeps the rows. */
  Tally tally() {
    return blocks.map(FirstOfKey.Kept::tally).collect().stream().reduce(new Tally(), Tally::add);
  }

  /** Every kept row. */
  Dataset<Row> rows() {
    return frame(blocks.flatMap(k -> k.rows().rows()));
  }

  /**
   * The kept rows of one outcome ({@link FirstOfKey}), picked from the pages before Spark reads them: its scan
   * writes out every row it is given once more, which for the quarantine's few rows was a pass over all of them.
   */
  Dataset<Row> rows(int outcome) {
    int at = schema.fieldIndex("outcome");
    return frame(blocks.flatMap(k -> k.rows().rows(at, outcome)));
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
