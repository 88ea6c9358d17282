package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A table version's files are listed once per set of filters, however many queries read it; a new version and other
 * filters are listed again, a table made again in the same place is another table, and every query, after merges
 * and deletes too, answers with the rows of the version it reads. The tables here are made too large for their
 * filtered scans to be answered from the files held on the driver ({@link TableFiles}), so that Delta lists them.
 */
class DeltaScansTest extends SparkTestBase {
  /** Where Delta lists a table version's files, on the stack of the job that does it. */
  static final String LISTING = "filesForScan";

  @BeforeEach
  void deltaListsFilteredScans() {
    spark().conf().set(TableFiles.SMALL_BYTES, "0");
  }

  @AfterEach
  void restore() {
    spark().conf().unset(TableFiles.SMALL_BYTES);
  }

  @Test
  void aRepeatedReadOfAVersionListsItsFilesOnceAndANewVersionIsListedAgain(@TempDir Path root) {
    String t = "delta.`" + root.resolve("t") + "`";
    sql("CREATE TABLE %s (id INT, dt DATE, v STRING) USING delta PARTITIONED BY (dt)", t);
    sql("INSERT INTO %s VALUES (1, DATE'2026-11-01', 'a'), (2, DATE'2026-11-02', 'b'), (3, DATE'2026-11-02', 'c')",
        t);
    String query = "SELECT id, v FROM " + t + " WHERE dt = DATE'2026-11-02' AND id > 1";

    assertEquals(List.of("[2,b]", "[3,c]"), rows(sql(query)));
    assertEquals(0, listings(() -> rows(sql(query))), "the same version and filters, read again");
    assertEquals(0, listings(() -> rows(sql("SELECT v FROM %s WHERE id > 1 AND dt = DATE'2026-11-02'", t))),
        "the same filters, written in another order and selecting other columns");
    int[] other = new int[1];
    assertEquals(List.of("[1]"), collect(() -> rows(sql("SELECT id FROM %s WHERE dt = DATE'2026-11-01'", t)), other));
    assertTrue(other[0] > 0, "other filters are listed");

    sql("INSERT INTO %s VALUES (4, DATE'2026-11-02', 'd')", t);
    int[] listed = new int[1];
    List<String> after = collect(() -> rows(sql(query)), listed);
    assertEquals(List.of("[2,b]", "[3,c]", "[4,d]"), after, "the new version's rows");
    assertTrue(listed[0] > 0, "a new version is listed");

    sql("DELETE FROM %s WHERE id = 3", t);
    assertEquals(List.of("[2,b]", "[4,d]"), rows(sql(query)), "after a delete");
  }

  @Test
  void aTableWithDeletionVectorsIsListedOncePerVersionAndItsDeletedRowsStayDeleted(@TempDir Path root) {
    String t = "delta.`" + root.resolve("t") + "`";
    sql("CREATE TABLE %s (id INT, v STRING) USING delta TBLPROPERTIES ('delta.enableDeletionVectors' = 'true')", t);
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b'), (3, 'c')", t);
    String query = "SELECT * FROM " + t + " WHERE id > 1";
    assertEquals(List.of("[2,b]", "[3,c]"), rows(sql(query)));
    // Planning asks a table with deletion vectors for all its files, whatever the query's filters.
    assertEquals(0, listings(() -> rows(sql(query))), "the same version and filters, read again");

    sql("DELETE FROM %s WHERE id = 2", t);
    int[] listed = new int[1];
    assertEquals(List.of("[3,c]"), collect(() -> rows(sql(query)), listed), "a deleted row is not read");
    assertTrue(listed[0] > 0, "a new version is listed");
    assertEquals(0, listings(() -> assertEquals(List.of("[3,c]"), rows(sql(query)))), "read again");
    assertEquals(List.of("[1,a]", "[3,c]"), rows(sql("SELECT * FROM %s", t)));
  }

  @Test
  void aTableMadeAgainInTheSamePlaceIsAnotherTable(@TempDir Path root) throws IOException {
    Path folder = root.resolve("t");
    String t = "delta.`" + folder + "`";
    sql("CREATE TABLE %s (id INT) USING delta", t);
    sql("INSERT INTO %s VALUES (1), (2)", t);
    assertEquals(List.of("[2]"), rows(sql("SELECT id FROM %s WHERE id > 1", t)));

    FileUtils.deleteDirectory(folder.toFile());
    sql("CREATE TABLE %s (id INT) USING delta", t);
    sql("INSERT INTO %s VALUES (5), (6)", t);
    assertEquals(List.of("[5]", "[6]"), rows(sql("SELECT id FROM %s WHERE id > 1", t)),
        "version 1 of the new table, not of the one before it");
  }

  @Test
  void aMergeReadsTheVersionItWritesOver(@TempDir Path root) {
    String t = "delta.`" + root.resolve("t") + "`";
    sql("CREATE TABLE %s (id INT, v STRING) USING delta", t);
    sql("INSERT INTO %s VALUES (1, 'a'), (2, 'b')", t);
    assertEquals(List.of("[2,b]"), rows(sql("SELECT * FROM %s WHERE id = 2", t)));
    sql("MERGE INTO %s AS x USING (SELECT 2 AS id, 'B' AS v UNION ALL SELECT 3, 'c') AS s ON x.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *", t);
    sql("MERGE INTO %s AS x USING (SELECT 2 AS id, 'BB' AS v) AS s ON x.id = s.id"
        + " WHEN MATCHED THEN UPDATE SET *", t);
    assertEquals(List.of("[2,BB]"), rows(sql("SELECT * FROM %s WHERE id = 2", t)));
    assertEquals(List.of("[1,a]", "[2,BB]", "[3,c]"), rows(sql("SELECT * FROM %s", t)));
  }

  /** Listing jobs started while {@code work} ran. */
  static int listings(Runnable work) {
    int[] listed = new int[1];
    collect(() -> {
      work.run();
      return null;
    }, listed);
    return listed[0];
  }

  /** What {@code work} gives, with the listing jobs it started counted into {@code listed[0]}. */
  static <T> T collect(Supplier<T> work, int[] listed) {
    return counting(start -> CollectionConverters.asJava(start.stageInfos()).stream()
        .anyMatch(stage -> stage.details().contains(LISTING)), listed, work);
  }
}
