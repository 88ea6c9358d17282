package io.tradecredit.lake;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Ascending$;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.NullsFirst$;
import org.apache.spark.sql.catalyst.expressions.SortOrder;
import org.apache.spark.sql.catalyst.plans.physical.UnknownPartitioning;
import org.apache.spark.sql.execution.LogicalRDD;
import scala.Option;

/**
 * Rows that all hold one value of a table's partition column, as a relation that says it is sorted by that column,
 * which it trivially is.
 *
 * <p>Why: Spark's file writer sorts a partitioned table's rows by the partition columns unless its input says it is
 * sorted by them, and a constant column gives no such order. Writing a drop into its one dt partition of bronze, that
 * sort copied every row into the sorter's memory (350 MB for a drop of 1M orders) only to find them all equal
 * (bench/RESULTS.md, "Ingest"); a night's features and scores, one as_of_date each, are written the same way
 * ({@link Lake#replacePartition}). It spares the sort where the table is created and where a new partition is
 * appended; a partition replaced (Delta's replaceWhere) is still sorted, as the plan Delta writes then does not keep
 * the order.
 */
public final class OnePartition {
  private OnePartition() {}

  /** {@code rows}, every one of which has the same value in {@code column}, said to be sorted by it. */
  public static Dataset<Row> of(Dataset<Row> rows, String column) {
    org.apache.spark.sql.classic.Dataset<Row> ds = (org.apache.spark.sql.classic.Dataset<Row>) rows;
    scala.collection.immutable.Seq<Attribute> output = ds.queryExecution().analyzed().output();
    Attribute by = ds.queryExecution().analyzed().resolve(
        scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(column)).toSeq(),
        ds.sparkSession().sessionState().analyzer().resolver()).map(e -> (Attribute) e)
        .getOrElse(() -> {
          throw new IllegalArgumentException("no column " + column + " in " + rows.schema().simpleString());
        });
    SortOrder order = new SortOrder(by, Ascending$.MODULE$, NullsFirst$.MODULE$,
        scala.collection.immutable.List$.MODULE$.empty());
    LogicalRDD relation = new LogicalRDD(output, ds.queryExecution().toRdd(), new UnknownPartitioning(0),
        scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of(order)).toList(), false, Option.empty(),
        ds.sparkSession(), Option.empty(), Option.empty());
    return org.apache.spark.sql.classic.Dataset.ofRows(ds.sparkSession(), relation);
  }
}
