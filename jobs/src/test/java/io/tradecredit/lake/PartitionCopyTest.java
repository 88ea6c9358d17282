package io.tradecredit.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.actions.AddFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Lake#copyPartition}: a partition of a table with the same schema is replaced by a copy of the source's
 * files (no row written by Spark, one commit, statistics kept, other partitions untouched, the source's files left
 * to it); a table whose files mean something else gets the rows; a copy that fails leaves the table as it was.
 */
class PartitionCopyTest extends SparkTestBase {
  private static final Table SOURCE = new Table("test", "copy_source", "rows to publish");
  private static final Table TARGET = new Table("test", "copy_target", "rows published");
  private static final LocalDate D0 = LocalDate.parse("2026-11-01");
  private static final LocalDate D1 = LocalDate.parse("2026-11-02");
  private static final LocalDate D2 = LocalDate.parse("2026-11-03");

  @Test
  void aPartitionIsReplacedByItsFilesInOneCommit(@TempDir Path dir) {
    Lake lake = new Lake(spark(), dir.toString());
    lake.replacePartition(SOURCE, rows(D1, "new"), "dt", D1);
    lake.replacePartition(SOURCE, rows(D2, "next"), "dt", D2);
    lake.replacePartition(TARGET, rows(D0, "kept"), "dt", D0);
    lake.replacePartition(TARGET, rows(D1, "old"), "dt", D1);
    long before = lake.version(TARGET);

    assertEquals(0, recordsWritten(() -> lake.copyPartition(SOURCE, TARGET, "dt", D1)), "rows written by Spark");

    assertEquals(before + 1, lake.version(TARGET), "one commit");
    Row commit = lake.delta(TARGET).history(1).select("operation", "operationMetrics").first();
    assertEquals("WRITE", commit.getString(0));
    assertEquals("500", commit.getJavaMap(1).get("numOutputRows"), commit.getJavaMap(1).toString());
    assertSame(lake.read(SOURCE).where(col("dt").equalTo(lit(D1))),
        lake.read(TARGET).where(col("dt").equalTo(lit(D1))));
    assertEquals(List.of("2026-11-01 kept 500", "2026-11-02 new 500"), summary(lake.read(TARGET)));
    List<AddFile> copied = files(lake, TARGET, D1);
    List<String> sourceNames = files(lake, SOURCE, D1).stream().map(f -> new org.apache.hadoop.fs.Path(f.path())
        .getName()).toList();
    assertFalse(copied.isEmpty());
    for (AddFile f : copied) {
      assertTrue(f.path().startsWith("dt=2026-11-02/part-"), f.path());
      assertFalse(sourceNames.contains(new org.apache.hadoop.fs.Path(f.path()).getName()), "a file of its own");
      assertTrue(f.stats() != null && f.stats().contains("\"numRecords\""), "statistics kept: " + f.stats());
    }
    // A query by key skips the files whose statistics rule it out, as on the source.
    assertEquals(1, lake.read(TARGET).where(col("dt").equalTo(lit(D1)).and(col("id").equalTo("new-7"))).count());

    // Again (a rerun), and into a partition the target lacks.
    lake.copyPartition(SOURCE, TARGET, "dt", D1);
    lake.copyPartition(SOURCE, TARGET, "dt", D2);
    assertEquals(List.of("2026-11-01 kept 500", "2026-11-02 new 500", "2026-11-03 next 500"),
        summary(lake.read(TARGET)));
    assertEquals(List.of("2026-11-02 new 500", "2026-11-03 next 500"), summary(lake.read(SOURCE)));
  }

  @Test
  void otherwiseTheRowsAreCopied(@TempDir Path dir) {
    Lake lake = new Lake(spark(), dir.toString());
    lake.replacePartition(SOURCE, rows(D1, "new"), "dt", D1);
    // No table yet: made from the rows.
    lake.copyPartition(SOURCE, TARGET, "dt", D1);
    assertEquals(List.of("2026-11-02 new 500"), summary(lake.read(TARGET)));
    // A column new in the source: its files do not match the target's schema, the rows bring the column.
    lake.replacePartition(SOURCE, rows(D2, "next").withColumn("grade", lit("A")), "dt", D2);
    assertEquals(500, recordsWritten(() -> lake.copyPartition(SOURCE, TARGET, "dt", D2)));
    assertEquals(List.of("A"), lake.read(TARGET).where(col("dt").equalTo(lit(D2))).select("grade").distinct()
        .collectAsList().stream().map(r -> r.getString(0)).toList());
    assertEquals(500, lake.read(TARGET).where(col("dt").equalTo(lit(D1)).and(col("grade").isNull())).count());
  }

  @Test
  void aCopyThatFailsLeavesTheTableAsItWas(@TempDir Path dir) throws IOException {
    Lake lake = new Lake(spark(), dir.toString());
    lake.replacePartition(SOURCE, rows(D1, "new"), "dt", D1);
    lake.replacePartition(TARGET, rows(D1, "old"), "dt", D1);
    long before = lake.version(TARGET);
    List<AddFile> files = files(lake, SOURCE, D1);
    Files.delete(dir.resolve("test/copy_source").resolve(files.get(files.size() - 1).path()));

    UncheckedIOException e = assertThrows(UncheckedIOException.class,
        () -> lake.copyPartition(SOURCE, TARGET, "dt", D1));
    assertTrue(e.getMessage().startsWith("Cannot copy ") && e.getMessage().contains(" of test.copy_source to ")
        && e.getMessage().endsWith(" of test.copy_target"), e.getMessage());
    assertEquals(before, lake.version(TARGET));
    assertEquals(List.of("2026-11-02 old 500"), summary(lake.read(TARGET)));
  }

  /** The rows Spark's tasks wrote to files while {@code work} ran. */
  private static long recordsWritten(Runnable work) {
    java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    listening(new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        if (end.taskMetrics() != null) {
          written.addAndGet(end.taskMetrics().outputMetrics().recordsWritten());
        }
      }
    }, work);
    return written.get();
  }

  private static Dataset<Row> rows(LocalDate day, String batch) {
    return spark().range(500).repartition(3).select(concat(lit(batch + "-"), col("id")).as("id"),
        lit(batch).as("batch"), col("id").multiply(7).as("amount"), lit(java.sql.Date.valueOf(day)).as("dt"));
  }

  private static List<AddFile> files(Lake lake, Table table, LocalDate day) {
    return DeltaLog.forTable(spark(), lake.path(table)).update(false, scala.Option.empty(), scala.Option.empty())
        .allFiles().where(col("partitionValues").getItem("dt").equalTo(day.toString())).collectAsList();
  }

  private static List<String> summary(Dataset<Row> rows) {
    return rows.groupBy("dt", "batch").count().orderBy("dt").collectAsList().stream()
        .map(r -> r.get(0) + " " + r.get(1) + " " + r.get(2)).toList();
  }

  private static void assertSame(Dataset<Row> expected, Dataset<Row> actual) {
    assertEquals(0, expected.exceptAll(actual).count());
    assertEquals(0, actual.exceptAll(expected).count());
    assertEquals(expected.count(), actual.count());
  }
}
