package io.tradecredit.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.TableFiles;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionMergeTest extends SparkTestBase {
  static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  static final String HINTS = "org.apache.spark.sql.catalyst.analysis.HintErrorLogger";

  /**
   * A merge of more rows than are merged as literal rows (a large night's) prints nothing of Delta's handling of its
   * source: neither the hint notices nor the lineage notice of its copy, which this merge caused before (a broadcast
   * hint on a source Delta copies aside and keeps in an outer join). The loggers speak again after it.
   */
  @Test
  void aLargeNightsMergePrintsNoNoticeOfItsSource(@TempDir Path tmp) {
    Lake lake = new LandingFixture(tmp).context().lake();
    Table table = new Table("silver", "large_night", "versions of a record");
    lake.overwrite(table, spark().sql("SELECT CAST(id AS STRING) AS id, 'a' AS v, DATE'2026-11-01' AS valid_from, "
        + "CAST(NULL AS DATE) AS valid_to FROM range(10)"));

    List<String> printed = warnings(() -> VersionMerge.merge(lake, table,
        spark().sql("SELECT CAST(id AS STRING) AS id, 'b' AS v FROM range(5, 15)"), 10, false, List.of("id"), false,
        LocalDate.parse("2026-11-02"), Map.of()));

    assertEquals(List.of(), printed.stream().filter(l -> l.startsWith(HINTS) || l.startsWith("org.apache.spark.rdd."))
        .toList(), "printed: " + printed);
    assertEquals(15L, lake.read(table).where("valid_to IS NULL").count());
    assertEquals(List.of(HINTS + ": a hint notice after the merge"),
        warnings(() -> LogManager.getLogger(HINTS).warn("a hint notice after the merge")));
  }

  /**
   * A silver table past small ({@link TableFiles#SMALL_BYTES}, here 0) without deletion vectors (made small, or by an
   * older release) gets them at its next merge, read from the table's log: the version the merge closes is marked
   * deleted in its file, which stays in the table, instead of the file being rewritten.
   */
  @Test
  void aTablePastSmallGetsDeletionVectorsAtItsNextMerge(@TempDir Path tmp) {
    spark().conf().set(TableFiles.SMALL_BYTES, "0");
    try {
      Closed closed = closingMerge(tmp, "past_small");
      assertEquals("true", closed.properties().get(DELETION_VECTORS));
      assertTrue(closed.after().containsAll(closed.before()),
          "the closed version's file is still the table's: its row marked deleted, the file not rewritten");
    } finally {
      spark().conf().unset(TableFiles.SMALL_BYTES);
    }
  }

  /** A small table's merge rewrites the file holding the version it closes and writes no deletion vector. */
  @Test
  void aSmallTablesMergeRewritesTheFileItTouches(@TempDir Path tmp) {
    Closed closed = closingMerge(tmp, "small");
    assertNotEquals("true", closed.properties().get(DELETION_VECTORS));
    assertTrue(java.util.Collections.disjoint(closed.after(), closed.before()),
        "the touched file is replaced: " + closed.after());
  }

  /** A table's files before and after a merge, and its properties after it. */
  private record Closed(Set<String> before, Set<String> after, Map<String, String> properties) {}

  /**
   * A table of one file with two current versions, made without deletion vectors (as an older release, or a small
   * table, has it), then a merge that closes one of them and inserts a new record: the rows are checked here, and
   * what became of the table is returned.
   */
  private static Closed closingMerge(Path tmp, String name) {
    Lake lake = new LandingFixture(tmp).context().lake();
    Table table = new Table("silver", name, "versions of a record");
    lake.overwrite(table, spark().sql("SELECT 'k1' AS id, 'a' AS v, DATE'2026-11-01' AS valid_from, "
        + "CAST(NULL AS DATE) AS valid_to UNION ALL SELECT 'k3', 'd', DATE'2026-11-01', NULL").coalesce(1));
    assertNotEquals("true", lake.properties(table).get(DELETION_VECTORS), "the table starts without them");
    Set<String> before = Set.of(lake.read(table).inputFiles());
    assertEquals(1, before.size());

    VersionMerge.Result result = VersionMerge.merge(lake, table,
        spark().sql("SELECT 'k1' AS id, 'b' AS v UNION ALL SELECT 'k2' AS id, 'c' AS v"), 2, false,
        List.of("id"), false, LocalDate.parse("2026-11-02"), Map.of());

    assertEquals(new VersionMerge.Result(2, 1), result);
    assertEquals(rows("[k1,a,2026-11-01,2026-11-02]", "[k1,b,2026-11-02,null]", "[k2,c,2026-11-02,null]",
        "[k3,d,2026-11-01,null]"),
        rows(lake.read(table).select("id", "v", "valid_from", "valid_to")));
    return new Closed(before, Set.of(lake.read(table).inputFiles()), lake.properties(table));
  }

  /**
   * A table of two files cut by updated_at: versions last updated in January (k1-k3) and in October (k4-k6), all
   * current.
   */
  private static Table twoFiles(Lake lake, String name) {
    Table table = new Table("silver", name, "versions of a record");
    String rows = "SELECT concat('k', id) AS id, 'a' AS v, %s AS updated_at, DATE'%s' AS valid_from, "
        + "CAST(NULL AS DATE) AS valid_to FROM range(%d, %d)";
    lake.overwrite(table, sql(rows, "TIMESTAMP'2026-01-05 10:00:00' + make_interval(0, 0, 0, 0, id)",
        "2026-01-10", 1, 4).coalesce(1));
    lake.append(table, sql(rows, "TIMESTAMP'2026-10-28 10:00:00' + make_interval(0, 0, 0, 0, id)", "2026-10-30", 4,
        7).coalesce(1));
    return table;
  }

  /** The table's one data file whose rows include {@code id}. */
  private static Path fileOf(Lake lake, Table table, String id) {
    return Path.of(java.net.URI.create(lake.read(table).where(org.apache.spark.sql.functions.col("id").equalTo(id))
        .select(org.apache.spark.sql.functions.input_file_name()).first().getString(0)));
  }

  /**
   * Runs a merge with {@code aside} moved away (so that reading it fails the merge) and puts it back: the merge did
   * not read it.
   */
  private static VersionMerge.Result withoutReading(List<Path> aside, java.util.function.Supplier<VersionMerge.Result>
      merge) throws java.io.IOException {
    for (Path p : aside) {
      java.nio.file.Files.move(p, Path.of(p + ".aside"));
    }
    try {
      return merge.get();
    } finally {
      for (Path p : aside) {
        java.nio.file.Files.move(Path.of(p + ".aside"), p);
      }
    }
  }

  private static VersionMerge.Result merge(Lake lake, Table table, String delivery, long rows, boolean literal) {
    return VersionMerge.merge(lake, table, sql(delivery), rows, literal, List.of("id"), true,
        LocalDate.parse("2026-10-31"), Map.of());
  }

  /**
   * A night that replaces only recently updated versions reads only the files they are in, by their updated_at
   * statistics, whether its rows are merged as literal rows or not; a version changed late (in an old file) is
   * found there, and the recent file is left unread. This holds on a table large enough for its files to be chosen
   * by their statistics; a small table's scans read all the files of the partitions they select ({@link
   * TableFiles}), so the test's table is counted as large.
   */
  @Test
  void aMergeReadsOnlyTheFilesHoldingTheVersionsItReplaces(@TempDir Path tmp) throws java.io.IOException {
    spark().conf().set(TableFiles.SMALL_BYTES, "0");
    try {
      mergesReadOnlyTheFilesHoldingTheVersionsTheyReplace(tmp);
    } finally {
      spark().conf().unset(TableFiles.SMALL_BYTES);
    }
  }

  private static void mergesReadOnlyTheFilesHoldingTheVersionsTheyReplace(Path tmp) throws java.io.IOException {
    Lake lake = new LandingFixture(tmp).context().lake();
    String recent = "SELECT 'k5' AS id, 'b' AS v, TIMESTAMP'2026-10-31 09:00:00' AS updated_at UNION ALL "
        + "SELECT 'k7', 'c', TIMESTAMP'2026-10-31 10:00:00'";
    String late = "SELECT 'k2' AS id, 'b' AS v, TIMESTAMP'2026-10-31 09:00:00' AS updated_at";
    for (boolean literal : List.of(true, false)) {
      Table table = twoFiles(lake, "replaced_" + literal);
      Path old = fileOf(lake, table, "k1");
      Path newer = fileOf(lake, table, "k4");
      assertNotEquals(old, newer);

      assertEquals(new VersionMerge.Result(2, 1),
          withoutReading(List.of(old), () -> merge(lake, table, recent, 2, literal)), "literal " + literal);
      assertEquals(new VersionMerge.Result(1, 1),
          withoutReading(List.of(newer), () -> merge(lake, table, late, 1, literal)), "literal " + literal);

      assertEquals(rows("[k1,a,null]", "[k2,a,2026-10-31]", "[k2,b,null]", "[k3,a,null]", "[k4,a,null]",
          "[k5,a,2026-10-31]", "[k5,b,null]", "[k6,a,null]", "[k7,c,null]"),
          rows(lake.read(table).select("id", "v", "valid_to")), "literal " + literal);
    }
  }

  /**
   * A table created from a large delivery is cut into files by updated_at, as later nights' merges cut theirs (here
   * files of 1,000 rows, as a platform's first night has files of {@link VersionMerge#ROWS_PER_FILE}).
   */
  @Test
  void aTableCreatedFromALargeDeliveryIsCutIntoFilesByUpdatedAt(@TempDir Path tmp) {
    Lake lake = new LandingFixture(tmp).context().lake();
    Table table = new Table("silver", "created_large", "versions of a record");
    long rowsPerFile = 1_000;
    long rows = 2 * rowsPerFile + 1;
    // Keys in another order than updated_at, and than the rows': files cut by the rows' order would each span the
    // whole range, files in updated_at order would hold their keys out of order.
    VersionMerge.merge(lake, table, sql("SELECT (id * 7919) %% %d AS id, timestamp_seconds(1790000000 + "
        + "(id * 104729) %% %d) AS updated_at FROM range(%d)", rows, rows, rows), rows, false, List.of("id"), true,
        LocalDate.parse("2026-10-31"), Map.of("id", "the key", "updated_at", "when it changed", "valid_from",
            "delivered on", "valid_to", "replaced on"), rowsPerFile);

    List<Row> files = lake.read(table).groupBy(org.apache.spark.sql.functions.input_file_name())
        .agg(org.apache.spark.sql.functions.min("updated_at"), org.apache.spark.sql.functions.max("updated_at"),
            org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)))
        .orderBy(org.apache.spark.sql.functions.min("updated_at")).collectAsList();
    assertEquals(3, files.size(), files.toString());
    assertEquals(rows, files.stream().mapToLong(f -> f.getLong(3)).sum());
    for (int i = 1; i < files.size(); i++) {
      assertTrue(files.get(i).getTimestamp(1).after(files.get(i - 1).getTimestamp(2)), "apart: " + files);
    }
    assertEquals(List.of(), lake.read(table).withColumn("file", org.apache.spark.sql.functions.input_file_name())
        .withColumn("previous", org.apache.spark.sql.functions.lag("id", 1).over(
            org.apache.spark.sql.expressions.Window.partitionBy("file").orderBy(
                org.apache.spark.sql.functions.monotonically_increasing_id())))
        .where("previous > id").limit(1).collectAsList(), "each file's rows in key order");
  }

  /**
   * A large night's merge closes the versions it replaces in a merge of its own, whose join with the files it touches
   * broadcasts the night's keys: no row of those files is shuffled. With Spark's own broadcasting off, as a table
   * too large for it leaves it, a merge that also inserts joins them with an outer join, which shuffled every row of
   * the touched files.
   */
  @Test
  void aLargeNightsMergeShufflesNoRowOfTheFilesItTouches(@TempDir Path tmp) {
    Lake lake = new LandingFixture(tmp).context().lake();
    Table table = new Table("silver", "touched", "versions of a record");
    lake.create(table, sql("SELECT CAST(id AS STRING) AS id, 'a' AS v, TIMESTAMP'2026-10-30 09:00:00' AS updated_at, "
        + "DATE'2026-10-30' AS valid_from, CAST(NULL AS DATE) AS valid_to FROM range(20000)").coalesce(1),
        Map.of(DELETION_VECTORS, "true"), null);
    String threshold = spark().conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark().conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    long[] shuffled = {0};
    try {
      listening(new org.apache.spark.scheduler.SparkListener() {
        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
          if (end.taskMetrics() != null) {
            shuffled[0] += end.taskMetrics().shuffleWriteMetrics().recordsWritten();
          }
        }
      }, () -> assertEquals(new VersionMerge.Result(10, 5), merge(lake, table, "SELECT CAST(id AS STRING) AS id, "
          + "'b' AS v, TIMESTAMP'2026-10-31 09:00:00' AS updated_at FROM range(19995, 20005)", 10, false)));
    } finally {
      spark().conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
    assertTrue(shuffled[0] < 1_000, "rows shuffled: " + shuffled[0]);
    assertEquals(rows("[a,2026-10-31,5]", "[a,null,19995]", "[b,null,10]"),
        rows(lake.read(table).groupBy("v", "valid_to").count()));
  }

  /**
   * A large night's winners are computed once. The merge that closes the versions they replace commits to the table
   * they were found in, and Spark then computes again every cached plan that reads that table: cached, the winners
   * were computed a second time for the append, the table read again. Each delivery row is computed once here.
   */
  @Test
  void aLargeNightsWinnersAreComputedOnce(@TempDir Path tmp) {
    Lake lake = new LandingFixture(tmp).context().lake();
    Table table = new Table("silver", "once", "versions of a record");
    lake.create(table, sql("SELECT CAST(id AS STRING) AS id, 'a' AS v, TIMESTAMP'2026-10-30 09:00:00' AS updated_at, "
        + "DATE'2026-10-30' AS valid_from, CAST(NULL AS DATE) AS valid_to FROM range(100)"), Map.of(), null);
    org.apache.spark.util.LongAccumulator computed = spark().sparkContext().longAccumulator("delivery rows computed");
    spark().udf().register("counted_delivery_row", (org.apache.spark.sql.api.java.UDF1<String, String>) v -> {
      computed.add(1);
      return v;
    }, org.apache.spark.sql.types.DataTypes.StringType);

    assertEquals(new VersionMerge.Result(10, 5), merge(lake, table, "SELECT CAST(id AS STRING) AS id, "
        + "counted_delivery_row(CAST(id AS STRING)) AS v, TIMESTAMP'2026-10-31 09:00:00' AS updated_at "
        + "FROM range(95, 105)", 10, false));

    assertEquals(10L, computed.value(), "delivery rows computed");
    assertEquals(105L, lake.read(table).where("valid_to IS NULL").count());
  }

  /**
   * A large night killed between its two commits (the replaced versions closed, the winners not yet appended) and
   * run again leaves silver as the night run once does: the winners find no current version left to beat and are
   * appended.
   */
  @Test
  void aLargeNightKilledBetweenClosingAndAppendingGivesTheSameSilverRunAgain(@TempDir Path tmp) {
    Lake lake = new LandingFixture(tmp).context().lake();
    String night = "SELECT CAST(id AS STRING) AS id, 'b' AS v, TIMESTAMP'2026-10-31 09:00:00' AS updated_at "
        + "FROM range(5, 15)";
    List<List<String>> silver = new ArrayList<>();
    for (boolean killed : List.of(false, true)) {
      Table table = new Table("silver", "killed_" + killed, "versions of a record");
      lake.create(table, sql("SELECT CAST(id AS STRING) AS id, 'a' AS v, TIMESTAMP'2026-10-30 09:00:00' AS updated_at, "
          + "DATE'2026-10-30' AS valid_from, CAST(NULL AS DATE) AS valid_to FROM range(10)"), Map.of(), null);
      if (killed) {
        // What the first commit leaves: the versions the night replaces closed, nothing appended.
        lake.delta(table).updateExpr("CAST(id AS INT) BETWEEN 5 AND 9", Map.of("valid_to", "DATE'2026-10-31'"));
      }
      assertEquals(new VersionMerge.Result(10, killed ? 0 : 5), merge(lake, table, night, 10, false));
      silver.add(rows(lake.read(table)));
    }
    assertEquals(silver.get(0), silver.get(1));
    assertEquals(20, silver.get(0).size());
  }
}
