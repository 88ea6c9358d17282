package io.tradecredit.ingest;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.storage.StorageLevel;

/**
 * A drop's checked rows, kept for the three reads that follow (the accounting, the quarantine and bronze), so the
 * files are parsed, validated and deduplicated once.
 *
 * <p>Kept as Spark's binary rows, as they are: {@code Dataset.persist} would build compressed column batches, which
 * cost more CPU than parsing and validating the rows did (bench/RESULTS.md, "Ingest"). The rows keep their lineage,
 * so a block lost with an executor is computed again.
 *
 * @param rows the kept rows, read as a Dataset
 */
record DropRows(Dataset<Row> rows, JavaRDD<InternalRow> blocks) {

  /** {@code checked}, kept on first use; raw text only where the quarantine needs it (bronze does not keep it). */
  static DropRows keep(Dataset<Row> checked) {
    Dataset<Row> slim = checked.withColumn("raw_record",
        when(col("outcome").equalTo("QUARANTINED"), col("raw_record")));
    // Spark reuses one row object per task while it iterates: each kept row must be a copy.
    JavaRDD<InternalRow> blocks = slim.queryExecution().toRdd().toJavaRDD().map(InternalRow::copy)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> rows = ((org.apache.spark.sql.classic.SparkSession) slim.sparkSession())
        .internalCreateDataFrame(blocks.rdd(), slim.schema(), false);
    return new DropRows(rows, blocks);
  }

  void release() {
    blocks.unpersist(false);
  }
}
