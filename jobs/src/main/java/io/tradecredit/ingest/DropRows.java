package io.tradecredit.ingest;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * A drop's checked rows, kept for the three reads that follow (the accounting, the quarantine and bronze), so the
 * files are parsed, validated and deduplicated once.
 *
 * <p>Kept as Spark's binary rows, as they are, in pages ({@link RowPages}, one per partition): {@code
 * Dataset.persist} would build compressed column batches, which cost more CPU than parsing and validating the rows
 * did (bench/RESULTS.md, "Ingest"). The rows keep their lineage, so a block lost with an executor is computed again.
 *
 * @param rows the kept rows, read as a Dataset
 */
record DropRows(Dataset<Row> rows, JavaRDD<RowPages> blocks) {

  /** Rows of {@code schema}, kept on first use. */
  static DropRows keep(SparkSession spark, JavaRDD<RowPages> pages, StructType schema) {
    JavaRDD<RowPages> blocks = pages.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> kept = ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(blocks.flatMap(RowPages::rows).rdd(), schema, false);
    return new DropRows(kept, blocks);
  }

  void release() {
    blocks.unpersist(false);
  }
}
