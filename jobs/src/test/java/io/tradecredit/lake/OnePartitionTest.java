package io.tradecredit.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of one partition written by {@link Lake#replacePartition} without the sort Spark's file writer puts before a
 * partitioned write, where it creates the table or appends a new partition, and with every row landing in the table
 * by each of its ways. The same rows written as they are do get the sort, so its absence is the change's.
 */
class OnePartitionTest extends SparkTestBase {
  private static final Table TABLE = new Table("test", "one_partition", "rows of one date each");

  @Test
  void rowsOfOnePartitionAreWrittenWithoutASort(@TempDir Path dir) {
    Lake lake = new Lake(spark(), dir.resolve("lake").toString());
    Map<String, String> properties = Map.of("delta.dataSkippingNumIndexedCols", "0");
    LocalDate day = LocalDate.parse("2026-11-02");

    assertEquals(0, sortsWhile(() -> lake.replacePartition(TABLE, rows(day, "a"), "dt", day,
        properties)), "the table created");
    assertEquals(0, sortsWhile(() -> lake.replacePartition(TABLE, rows(day.plusDays(1), "b"),
        "dt", day.plusDays(1), properties)), "a partition appended");
    // A partition replaced (a re-delivered drop) is still sorted: the plan Delta writes with replaceWhere does not
    // keep the order. Its rows must land all the same.
    lake.replacePartition(TABLE, rows(day, "c"), "dt", day, properties);
    assertEquals(List.of("2026-11-02 c 3000", "2026-11-03 b 3000"),
        lake.read(TABLE).groupBy("dt", "batch").count().orderBy("dt").collectAsList().stream()
            .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)).toList());
    assertEquals(3000, lake.read(TABLE).where("dt = '2026-11-02'").select("id").distinct().count());

    Path plain = dir.resolve("plain");
    assertTrue(sortsWhile(() -> rows(day, "d").write().format("delta").partitionBy("dt").save(plain.toString())) > 0,
        "without it, the write sorts");
    assertEquals(3000, spark().read().format("delta").load(plain.toString()).count());
  }

  @Test
  void anUnknownColumnIsNamed() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> OnePartition.of(rows(LocalDate.parse("2026-11-02"), "a"), "day"));
    assertTrue(e.getMessage().startsWith("no column day in struct<"), e.getMessage());
  }

  private static Dataset<Row> rows(LocalDate day, String batch) {
    return spark().range(3000).repartition(2)
        .select(col("id"), concat(lit("name "), col("id")).as("name"), lit(batch).as("batch"),
            lit(java.sql.Date.valueOf(day)).as("dt"));
  }

  /** The stages with a sort among those that ran while {@code write} did. */
  private static int sortsWhile(Runnable write) {
    AtomicInteger sorts = new AtomicInteger();
    SparkListener listener = new SparkListener() {
      @Override
      public void onStageCompleted(SparkListenerStageCompleted stage) {
        if (stage.stageInfo().accumulables().values().exists(a -> a.name().contains("sort time"))) {
          sorts.incrementAndGet();
        }
      }
    };
    listening(listener, write);
    return sorts.get();
  }
}
