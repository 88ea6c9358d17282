package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's size is read from its version's checksum file, without a Spark job to rebuild the table's state; the
 * checksum is written without one too.
 */
class TableSizeTest extends SparkTestBase {
  private static final Table TABLE = new Table("test", "sized", "rows to size");

  @Test
  void aTablesSizeComesFromItsChecksumWithoutASparkJob(@TempDir Path dir) throws IOException {
    Lake lake = new Lake(spark(), dir.resolve("lake").toString());
    lake.overwrite(TABLE, spark().range(5000).selectExpr("id", "concat('row ', id) AS name").repartition(3));
    lake.append(TABLE, spark().range(100).selectExpr("id", "concat('more ', id) AS name"));
    // A cold log, as in a new process: nothing of the table's state is computed yet.
    org.apache.spark.sql.delta.DeltaLog.clearCache();

    AtomicLong size = new AtomicLong();
    assertEquals(0, jobsWhile(() -> size.set(lake.sizeInBytes(TABLE))));

    long files = 0;
    for (String file : lake.read(TABLE).inputFiles()) {
      files += Files.size(Path.of(java.net.URI.create(file)));
    }
    assertEquals(files, size.get(), "the size of the version's files");
  }

  @Test
  void aNewTablesFirstVersionIsCommittedWithoutRebuildingAFileListForItsChecksum(@TempDir Path dir) throws IOException {
    String key = "spark.databricks.delta.allFilesInCrc.enabled";
    assertEquals("false", spark().conf().get(key), "the session's setting (SparkSessions)");
    Lake lake = new Lake(spark(), dir.resolve("lake").toString());
    int without = jobsWhile(() -> lake.create(TABLE, spark().range(3).selectExpr("id"), java.util.Map.of(), null));
    // Delta's default: the checksum lists the table's files, and the first version's list is rebuilt from the empty
    // one before it, in a job of its own.
    Lake other = new Lake(spark(), dir.resolve("other").toString());
    spark().conf().set(key, "true");
    int with;
    try {
      with = jobsWhile(() -> other.create(TABLE, spark().range(3).selectExpr("id"), java.util.Map.of(), null));
    } finally {
      spark().conf().set(key, "false");
    }
    assertEquals(with - 1, without);

    String checksum = Files.readString(Path.of(lake.path(TABLE), "_delta_log", "00000000000000000000.crc"));
    assertFalse(checksum.contains("\"allFiles\""), checksum);
    long files;
    try (var listed = Files.list(Path.of(lake.path(TABLE)))) {
      files = listed.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
    }
    assertTrue(checksum.contains("\"numFiles\":" + files + ","), "the checksum still counts the files: " + checksum);
    assertTrue(Files.readString(Path.of(other.path(TABLE), "_delta_log", "00000000000000000000.crc"))
        .contains("\"allFiles\""));
  }
}
