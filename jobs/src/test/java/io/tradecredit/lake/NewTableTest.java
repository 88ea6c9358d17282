package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the pipeline writes a table makes a new one with the jobs of writing its rows alone: none lists files to
 * remove, which Delta does with Spark jobs even over a new table's empty state (a fresh lake's first night makes some
 * thirty tables). The table made is the one asked for, also where an aborted first write left a folder behind.
 */
class NewTableTest extends SparkTestBase {
  private static final Table TABLE = new Table("test", "made", "rows made once");

  private static Dataset<Row> rows() {
    return spark().range(4).selectExpr("id", "DATE'2026-11-02' AS dt");
  }

  @Test
  void aNewTableIsMadeWithTheJobsOfWritingItsRowsAlone(@TempDir Path dir) {
    Map<String, BiConsumer<Lake, Dataset<Row>>> writes = new java.util.LinkedHashMap<>();
    writes.put("create", (lake, rows) -> lake.create(TABLE, rows, Map.of("comment", TABLE.comment()), null));
    writes.put("overwrite", (lake, rows) -> lake.overwrite(TABLE, rows));
    writes.put("overwrite with a stamp", (lake, rows) -> lake.overwrite(TABLE, rows, "{\"night\":\"2026-11-02\"}"));
    writes.put("replace", (lake, rows) -> lake.replace(TABLE, rows, "dt = '2026-11-02'", "dt"));
    writes.put("replacePartition", (lake, rows) -> lake.replacePartition(TABLE, rows, "dt",
        LocalDate.parse("2026-11-02")));
    // Warmed once, so that no count below includes a first use's work.
    new Lake(spark(), dir.resolve("warm").toString()).append(TABLE, rows());
    int append = jobsWhile(() -> new Lake(spark(), dir.resolve("append").toString()).append(TABLE, rows()));
    assertTrue(append > 0, "an append writes its rows with a job");
    for (var write : writes.entrySet()) {
      Lake lake = new Lake(spark(), dir.resolve(write.getKey().replace(' ', '-')).toString());
      assertEquals(append, jobsWhile(() -> write.getValue().accept(lake, rows())), write.getKey());
      assertEquals(0, lake.version(TABLE), write.getKey());
      assertEquals(rows(rows()), rows(lake.read(TABLE).select("id", "dt")), write.getKey());
    }
    Lake stamped = new Lake(spark(), dir.resolve("overwrite-with-a-stamp").toString());
    assertEquals("{\"night\":\"2026-11-02\"}", stamped.stamp(TABLE));
  }

  @Test
  void aTableMadeWithAStampOrOverAnAbortedWriteIsTheOneAskedFor(@TempDir Path dir) throws IOException {
    Lake lake = new Lake(spark(), dir.toString());
    lake.create(TABLE, rows(), Map.of("comment", TABLE.comment()), "{\"from\":\"silver@0\"}");
    assertEquals("{\"from\":\"silver@0\"}", lake.stamp(TABLE), "the stamp is in the commit that made the table");

    // What a process killed in its first write of another table leaves: a data file, and no commit.
    Table other = new Table("test", "aborted", "made over what a killed write left");
    Path folder = Path.of(lake.path(other));
    Files.createDirectories(folder.resolve("_delta_log"));
    Files.writeString(folder.resolve("part-00000-left.parquet"), "not a table's file");
    lake.create(other, rows(), Map.of("comment", other.comment()), null);
    assertEquals(0, lake.version(other));
    assertEquals(rows(rows()), rows(lake.read(other).select("id", "dt")));
    assertEquals(other.comment(), spark().sql("DESCRIBE DETAIL delta.`" + lake.path(other) + "`").first()
        .getAs("description"));

    // The same left by a killed overwrite that was to make a table: the next one appends its rows, the stray file
    // outside the table.
    Table overwritten = new Table("test", "overwritten", "made by an overwrite over what a killed write left");
    Path left = Path.of(lake.path(overwritten));
    Files.createDirectories(left.resolve("_delta_log"));
    Files.writeString(left.resolve("part-00000-left.parquet"), "not a table's file");
    lake.overwrite(overwritten, rows(), "{\"night\":\"2026-11-02\"}");
    assertEquals(0, lake.version(overwritten));
    assertEquals(rows(rows()), rows(lake.read(overwritten).select("id", "dt")));
    assertEquals("{\"night\":\"2026-11-02\"}", lake.stamp(overwritten));
  }
}
