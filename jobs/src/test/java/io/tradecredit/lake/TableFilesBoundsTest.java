package io.tradecredit.lake;

import static io.tradecredit.lake.DeltaScansTest.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.stats.DeltaScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The bounds of what {@link TableFiles} holds on the driver: a table is brought forward across at most {@link
 * TableFiles#MAX_COMMITS} commits (and replayed from its first only below that many), holds at most {@link
 * TableFiles#MAX_TABLE_FILES} files, and all tables together at most {@link TableFiles#MAX_FILES}, the least recently
 * read forgotten first; past a bound Delta lists the version. The commits are made with Delta's own transactions, as
 * its writers make them: empty ones, and ones adding many files whose data is never read (only the log is), to
 * copies of one small table.
 */
class TableFilesBoundsTest extends SparkTestBase {
  @Test
  void aHeldTableIsBroughtForwardAcrossAtMostTheBoundOfCommitsThenDeltaListsIt(@TempDir Path root) {
    String within = table(root.resolve("within"));
    String past = table(root.resolve("past"));
    assertEquals(List.of("[1]"), rows(sql("SELECT id FROM %s", within)));
    assertEquals(List.of("[1]"), rows(sql("SELECT id FROM %s", past)));

    emptyCommits(root.resolve("within"), TableFiles.MAX_COMMITS);
    emptyCommits(root.resolve("past"), TableFiles.MAX_COMMITS + 1);

    int[] listed = new int[1];
    assertEquals(List.of("[1]"), collect(() -> rows(sql("SELECT id FROM %s", within)), listed));
    assertEquals(0, listed[0], "brought forward across " + TableFiles.MAX_COMMITS + " commits");
    listed[0] = 0;
    assertEquals(List.of("[1]"), collect(() -> rows(sql("SELECT id FROM %s", past)), listed));
    assertTrue(listed[0] > 0, "Delta lists a version more commits ahead than are read, of a table past the bound");
  }

  @Test
  void aVersionOfMoreFilesThanATableMayHoldIsLeftToDeltaAndTheLeastRecentlyReadAreForgotten(@TempDir Path root)
      throws IOException {
    table(root.resolve("base"));
    AddFile one = snapshot(root.resolve("base")).allFiles().first();
    int perTable = TableFiles.MAX_TABLE_FILES;
    int tables = TableFiles.MAX_FILES / perTable;
    List<Path> full = new ArrayList<>();
    for (int i = 0; i < tables; i++) {
      full.add(root.resolve("full-" + i));
      assertEquals(perTable, scan(filesTable(one, full.get(i), perTable)).files().size(),
          "a table of the bound held");
      assertTrue(held().getValue() <= TableFiles.MAX_FILES, "files held in all: " + held().getValue());
    }
    assertEquals(logs(full), held().getKey().subList(held().getKey().size() - tables, held().getKey().size()));
    assertTrue(scan(filesTable(one, root.resolve("over"), perTable + 1)) == null,
        "a table of one file more is left to Delta");

    // One file more than the bound in all: the table read least recently goes, the one read again stays.
    assertNotNull(scan(snapshot(full.get(0))));
    assertNotNull(scan(filesTable(one, root.resolve("one"), 1)));
    List<Path> left = new ArrayList<>(full.subList(2, tables));
    left.add(full.get(0));
    left.add(root.resolve("one"));
    assertEquals(logs(left), held().getKey());
    assertEquals((long) perTable * (tables - 1) + 1, held().getValue());
  }

  /** A table with one row, no checkpoints among its next commits. */
  private static String table(Path folder) {
    String t = "delta.`" + folder + "`";
    sql("CREATE TABLE %s (id INT) USING delta TBLPROPERTIES ('delta.checkpointInterval' = '1000')", t);
    sql("INSERT INTO %s VALUES (1)", t);
    return t;
  }

  private static void emptyCommits(Path folder, int n) {
    DeltaLog log = DeltaLog.forTable(spark(), folder.toString());
    for (int i = 0; i < n; i++) {
      log.startTransaction(Option.empty(), Option.empty()).commit(seq(List.<Action>of()), append());
    }
  }

  /**
   * A copy at {@code folder} of the one-row table whose file is {@code real}, made a table of {@code n} files by a
   * commit adding others named in the place of its one (read from the log only), as of that commit.
   */
  private static Snapshot filesTable(AddFile real, Path folder, int n) throws IOException {
    FileUtils.copyDirectory(folder.resolveSibling("base").toFile(), folder.toFile());
    Snapshot snapshot = snapshot(folder);
    List<Action> adds = new ArrayList<>();
    for (int i = 1; i < n; i++) {
      adds.add(named(real, "part-added-" + i + ".parquet"));
    }
    snapshot.deltaLog().startTransaction(Option.empty(), Option.empty()).commit(seq(adds), append());
    return snapshot(folder);
  }

  /** {@code file} named {@code path}: a file of the same size and rows that exists in the log only. */
  static AddFile named(AddFile file, String path) {
    return file.copy(path, file.partitionValues(), file.size(), file.modificationTime(), true, file.stats(),
        file.tags(), file.deletionVector(), file.baseRowId(), file.defaultRowCommitVersion(),
        file.clusteringProvider(), file.backReference(), file.amtPassthrough());
  }

  /** An append as Delta's writers commit it (after a manual update Delta would rebuild the version's state). */
  private static DeltaOperations.Operation append() {
    return new DeltaOperations.Write(SaveMode.Append, Option.empty(), Option.empty(), Option.empty(), Option.empty(),
        Option.empty(), Option.empty(), Option.empty(), Option.empty());
  }

  private static Snapshot snapshot(Path folder) {
    return DeltaLog.forTable(spark(), folder.toString()).update(false, Option.empty(), Option.empty());
  }

  /** Every file of the version, as a query without filters asks for them. */
  private static DeltaScan scan(Snapshot snapshot) {
    return TableFiles.scan(snapshot, Option.empty(), CollectionConverters.asScala(List.<Expression>of()).toSeq());
  }

  private static Map.Entry<List<String>, Long> held() {
    return TableFiles.held();
  }

  private static List<String> logs(List<Path> folders) {
    return folders.stream().map(f -> snapshot(f).deltaLog().logPath().toString()).toList();
  }

  private static <T> scala.collection.immutable.Seq<T> seq(List<T> list) {
    return CollectionConverters.asScala(list).toList();
  }
}
