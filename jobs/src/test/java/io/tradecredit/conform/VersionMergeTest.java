package io.tradecredit.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Table;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionMergeTest extends SparkTestBase {
  static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  /**
   * A silver table made before merges used deletion vectors (no such property, as an older release wrote it) gets
   * them at its next merge, read from the table's log: the version the merge closes is marked deleted in its file,
   * which stays in the table, instead of the file being rewritten.
   */
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

  /** What reaches the console's level (WARN and above) from any logger while {@code action} runs. */
  static List<String> warnings(Runnable action) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    AbstractAppender appender = new AbstractAppender("warnings", null, null, true, Property.EMPTY_ARRAY) {
      @Override
      public void append(LogEvent event) {
        seen.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    LoggerConfig root = context.getConfiguration().getRootLogger();
    root.addAppender(appender, Level.WARN, null);
    context.updateLoggers();
    try {
      action.run();
    } finally {
      root.removeAppender("warnings");
      context.updateLoggers();
      appender.stop();
    }
    return new ArrayList<>(seen);
  }

  @Test
  void aTableMadeBeforeDeletionVectorsGetsThemAtItsNextMerge(@TempDir Path tmp) {
    Lake lake = new LandingFixture(tmp).context().lake();
    Table table = new Table("silver", "made_before_deletion_vectors", "versions of a record, made by an older release");
    // Two versions in one file: the merge closes one of them.
    lake.overwrite(table, spark().sql("SELECT 'k1' AS id, 'a' AS v, DATE'2026-11-01' AS valid_from, "
        + "CAST(NULL AS DATE) AS valid_to UNION ALL SELECT 'k3', 'd', DATE'2026-11-01', NULL").coalesce(1));
    assertNotEquals("true", lake.properties(table).get(DELETION_VECTORS), "the table starts without them");
    Set<String> before = Set.of(lake.read(table).inputFiles());
    assertEquals(1, before.size());

    VersionMerge.Result result = VersionMerge.merge(lake, table,
        spark().sql("SELECT 'k1' AS id, 'b' AS v UNION ALL SELECT 'k2' AS id, 'c' AS v"), 2, false,
        List.of("id"), false, LocalDate.parse("2026-11-02"), Map.of());

    assertEquals("true", lake.properties(table).get(DELETION_VECTORS));
    assertEquals(new VersionMerge.Result(2, 1), result);
    assertEquals(rows("[k1,a,2026-11-01,2026-11-02]", "[k1,b,2026-11-02,null]", "[k2,c,2026-11-02,null]",
        "[k3,d,2026-11-01,null]"),
        rows(lake.read(table).select("id", "v", "valid_from", "valid_to")));
    assertTrue(Set.of(lake.read(table).inputFiles()).containsAll(before),
        "the closed version's file is still the table's: its row marked deleted, the file not rewritten");
  }
}
