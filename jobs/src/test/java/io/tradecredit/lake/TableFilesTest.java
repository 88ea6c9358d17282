package io.tradecredit.lake;

import static io.tradecredit.lake.DeltaScansTest.collect;
import static io.tradecredit.lake.DeltaScansTest.listings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.stats.DeltaScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A small table's files come from its commits, held on the driver from one version to the next: every version read
 * after inserts, deletes with deletion vectors, merges and an optimize lists nothing with a Spark job, holds exactly
 * the files Delta's own state holds, and answers with its rows; partition filters choose the files as Delta's do; a
 * table made again or restored from a copy in the same place is read from its own commits, and a log whose first
 * commits were cleaned up is left to Delta.
 */
class TableFilesTest extends SparkTestBase {
  @Test
  void everyVersionHoldsTheFilesOfDeltasOwnStateAndIsReadWithoutAListing(@TempDir Path root) {
    String t = "delta.`" + root.resolve("t") + "`";
    sql("CREATE TABLE %s (id INT, dt DATE, v STRING) USING delta PARTITIONED BY (dt)"
        + " TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')", t);
    List<String> steps = List.of(
        "INSERT INTO %s VALUES (1, DATE'2026-11-01', 'a'), (2, DATE'2026-11-02', 'b'), (3, DATE'2026-11-02', 'c')",
        "INSERT INTO %s VALUES (4, DATE'2026-11-03', 'd'), (5, NULL, 'e')",
        "DELETE FROM %s WHERE id = 3",
        "MERGE INTO %s AS x USING (SELECT 2 AS id, DATE'2026-11-02' AS dt, 'B' AS v UNION ALL"
            + " SELECT 6, DATE'2026-11-03', 'f') AS s ON x.id = s.id"
            + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *",
        "UPDATE %s SET v = 'E' WHERE dt IS NULL",
        "OPTIMIZE %s",
        "DELETE FROM %s WHERE dt = DATE'2026-11-01'");
    List<List<String>> expected = List.of(
        List.of("[1,2026-11-01,a]", "[2,2026-11-02,b]", "[3,2026-11-02,c]"),
        List.of("[1,2026-11-01,a]", "[2,2026-11-02,b]", "[3,2026-11-02,c]", "[4,2026-11-03,d]", "[5,null,e]"),
        List.of("[1,2026-11-01,a]", "[2,2026-11-02,b]", "[4,2026-11-03,d]", "[5,null,e]"),
        List.of("[1,2026-11-01,a]", "[2,2026-11-02,B]", "[4,2026-11-03,d]", "[5,null,e]", "[6,2026-11-03,f]"),
        List.of("[1,2026-11-01,a]", "[2,2026-11-02,B]", "[4,2026-11-03,d]", "[5,null,E]", "[6,2026-11-03,f]"),
        List.of("[1,2026-11-01,a]", "[2,2026-11-02,B]", "[4,2026-11-03,d]", "[5,null,E]", "[6,2026-11-03,f]"),
        List.of("[2,2026-11-02,B]", "[4,2026-11-03,d]", "[5,null,E]", "[6,2026-11-03,f]"));
    String all = "SELECT id, CAST(dt AS STRING), v FROM " + t;
    for (int i = 0; i < steps.size(); i++) {
      sql(steps.get(i), t);
      int[] listed = new int[1];
      assertEquals(expected.get(i), collect(() -> rows(sql(all)), listed), steps.get(i));
      assertEquals(0, listed[0], "no listing job after: " + steps.get(i));
      Snapshot snapshot = DeltaLog.forTable(spark(), root.resolve("t").toString()).update(false, Option.empty(),
          Option.empty());
      assertEquals(deltas(snapshot), held(snapshot), "the files after: " + steps.get(i));
    }
  }

  @Test
  void partitionFiltersChooseTheFilesDeltaWouldAndOtherFiltersTheRows(@TempDir Path root) {
    String t = "delta.`" + root.resolve("t") + "`";
    sql("CREATE TABLE %s (id INT, dt DATE, feed STRING) USING delta PARTITIONED BY (dt, feed)", t);
    sql("INSERT INTO %s VALUES (1, DATE'2026-11-01', 'orders'), (2, DATE'2026-11-02', 'orders'),"
        + " (3, DATE'2026-11-02', 'payments'), (4, NULL, 'orders'), (5, DATE'2026-11-03', NULL)", t);
    String[][] cases = {
        {"dt = DATE'2026-11-02'", "[2]", "[3]"},
        {"dt IS NULL", "[4]"},
        {"feed IS NULL OR dt < DATE'2026-11-02'", "[1]", "[5]"},
        {"dt >= '2026-11-02' AND feed = 'orders'", "[2]"},
        {"FEED IN ('payments') OR id = 1", "[1]", "[3]"},
        {"dt > DATE'2026-11-01' AND id > 2", "[3]", "[5]"},
        {"false"},
    };
    for (String[] c : cases) {
      int[] listed = new int[1];
      List<String> got = collect(() -> rows(sql("SELECT id FROM %s WHERE %s", t, c[0])), listed);
      assertEquals(List.of(c).subList(1, c.length), got, c[0]);
      assertEquals(0, listed[0], c[0]);
    }
    int[] listed = new int[1];
    List<String> one = collect(() -> rows(sql("SELECT id FROM %s WHERE dt = DATE'2026-11-02' LIMIT 1", t)), listed);
    assertEquals(1, one.size());
    assertTrue(List.of("[2]", "[3]").containsAll(one), "a row of the partition: " + one);
    assertEquals(0, listed[0], "a limit");
  }

  @Test
  void aTableMadeAgainOrRestoredFromACopyInTheSamePlaceIsReadFromItsOwnCommits(@TempDir Path root)
      throws IOException {
    File folder = root.resolve("t").toFile();
    String t = "delta.`" + folder + "`";
    sql("CREATE TABLE %s (id INT) USING delta", t);
    sql("INSERT INTO %s VALUES (1)", t);
    FileUtils.copyDirectory(folder, root.resolve("copy").toFile());
    sql("INSERT INTO %s VALUES (2)", t);
    assertEquals(List.of("[1]", "[2]"), rows(sql("SELECT id FROM %s", t)));

    // The same table id and version number, another commit.
    FileUtils.deleteDirectory(folder);
    FileUtils.copyDirectory(root.resolve("copy").toFile(), folder);
    sql("INSERT INTO %s VALUES (3)", t);
    assertEquals(List.of("[1]", "[3]"), rows(sql("SELECT id FROM %s", t)), "the restored table's version 2");

    FileUtils.deleteDirectory(folder);
    sql("CREATE TABLE %s (id INT) USING delta", t);
    sql("INSERT INTO %s VALUES (5), (6)", t);
    sql("INSERT INTO %s VALUES (7)", t);
    assertEquals(List.of("[5]", "[6]", "[7]"), rows(sql("SELECT id FROM %s", t)), "the new table's version 2");
  }

  @Test
  void aLogWhoseFirstCommitsAreGoneIsListedByDelta(@TempDir Path root) throws IOException {
    Path folder = root.resolve("t");
    String t = "delta.`" + folder + "`";
    sql("CREATE TABLE %s (id INT) USING delta", t);
    for (int i = 1; i <= 11; i++) {
      sql("INSERT INTO %s VALUES (%d)", t, i);
    }
    // Version 10 has a checkpoint; the commits before it are cleaned up as Delta's log retention would.
    try (Stream<Path> log = Files.list(folder.resolve("_delta_log"))) {
      for (Path p : log.filter(p -> p.getFileName().toString().matches("0{19}[0-9]\\.(json|crc)")).toList()) {
        Files.delete(p);
      }
    }
    String copy = "delta.`" + root.resolve("copy") + "`";
    FileUtils.copyDirectory(folder.toFile(), root.resolve("copy").toFile());
    int[] listed = new int[1];
    List<String> got = collect(() -> rows(sql("SELECT count(*), sum(id) FROM %s WHERE id > 0", copy)), listed);
    assertEquals(List.of("[11,66]"), got);
    assertTrue(listed[0] > 0, "Delta lists a version its commits cannot give");
    assertEquals(0, listings(() -> rows(sql("SELECT count(*) FROM %s WHERE id > 0", copy))), "then remembers it");
  }

  /** The version's files as Delta's state holds them: path and deletion vector. */
  private static Set<String> deltas(Snapshot snapshot) {
    return paths(CollectionConverters.asScala(snapshot.allFiles().collectAsList()).toSeq());
  }

  private static Set<String> held(Snapshot snapshot) {
    DeltaScan scan = TableFiles.scan(snapshot, Option.empty(), CollectionConverters.asScala(
        List.<org.apache.spark.sql.catalyst.expressions.Expression>of()).toSeq());
    return paths(scan.files());
  }

  private static Set<String> paths(scala.collection.Seq<AddFile> files) {
    return CollectionConverters.asJava(files).stream()
        .map(f -> f.path() + " " + f.getDeletionVectorUniqueId().getOrElse(() -> "-"))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
