package io.tradecredit.lake;

import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The source of a small Delta MERGE as literal rows.
 *
 * <p>Delta reads a MERGE source more than once (to find the touched files, to write the changes, to mark the
 * deletion vectors), so by default it first copies a source it cannot prove deterministic aside: one more job per
 * merge and a locally checkpointed RDD. A night's few changed rows are cheaper collected once to the driver: literal
 * rows read the same every time, so the copy is switched off around the merges that use them ({@link #literal})
 * when every merge running then does (the setting is the session's), and their exact size lets the planner
 * broadcast them to the joins where Delta can build from the source, and nowhere else (no hint that Delta's outer
 * join has to ignore). Beside a larger merge they are still collected once, and copied aside by Delta.
 *
 * <p>Larger sources keep Delta's copy: they are read where they are, never through the driver. The same holds for
 * any small set a stage reads several times ({@link #collectIfFits}): literal rows are computed once, cost no job to
 * count, hold no cache, and as the keys of a semi join become a filter ({@link LiteralSemiJoins}). Broadcast to any
 * other join they still cost a job: Spark collects a broadcast's rows in a job of its own.
 */
public final class MergeSources {
  /** Rows up to which a merge source is collected to the driver (a few hundred kilobytes). */
  public static final long LITERAL_MAX_ROWS = 5_000;

  private static final String MATERIALIZE = "spark.databricks.delta.merge.materializeSource";

  private MergeSources() {}

  /** Whether a source of {@code rows} rows is merged as literal rows. */
  public static boolean fits(long rows) {
    return rows <= LITERAL_MAX_ROWS;
  }

  /** The rows of {@code source}, collected (one job), as a dataset of literal rows; empty when it has none. */
  public static Dataset<Row> collect(Dataset<Row> source) {
    List<Row> rows = source.collectAsList();
    return source.sparkSession().createDataFrame(rows, source.schema());
  }

  /**
   * The rows of {@code source} as literal rows when it has at most {@link #LITERAL_MAX_ROWS}, else null: one job
   * either way (it stops reading at one row more), where counting first would take more. Above an aggregate the
   * limit still computes the aggregate whole: a caller that reads a large source again materialises it first.
   */
  public static Dataset<Row> collectIfFits(Dataset<Row> source) {
    List<Row> rows = source.limit((int) LITERAL_MAX_ROWS + 1).collectAsList();
    return fits(rows.size()) ? source.sparkSession().createDataFrame(rows, source.schema()) : null;
  }

  /**
   * Runs {@code merges} with Delta's copy of merge sources switched off: every merge inside must read literal rows
   * ({@link #collect}) or Delta tables no one writes meanwhile. Restores the session's setting afterwards.
   */
  public static <T> T literal(SparkSession spark, Supplier<T> merges) {
    String before = spark.conf().get(MATERIALIZE, null);
    spark.conf().set(MATERIALIZE, "none");
    try {
      return merges.get();
    } finally {
      if (before == null) {
        spark.conf().unset(MATERIALIZE);
      } else {
        spark.conf().set(MATERIALIZE, before);
      }
    }
  }
}
