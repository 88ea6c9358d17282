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
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionMergeTest extends SparkTestBase {
  static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  /**
   * A silver table made before merges used deletion vectors (no such property, as an older release wrote it) gets
   * them at its next merge, read from the table's log: the version the merge closes is marked deleted in its file,
   * which stays in the table, instead of the file being rewritten.
   */
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
