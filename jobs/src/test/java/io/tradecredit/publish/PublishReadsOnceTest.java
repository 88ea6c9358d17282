package io.tradecredit.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A publication computes the night's rows (the staged scores with the previous publication's) once. They are read
 * by the checks, the export, the history's commit and company_score's overwrite; the history's commit must not send
 * the overwrite back to the tables they came from (Delta recomputes a cached plan over a table it writes).
 */
class PublishReadsOnceTest extends SparkTestBase {
  @Test
  void theStagedScoresAreReadOnceAndPublished(@TempDir Path root) {
    RunContext ctx = SampleLake.copy(root);
    Lake lake = ctx.lake();
    long staged = lake.read(Tables.SCORE_STAGING).where(col("as_of_date").equalTo(lit(
        java.sql.Date.valueOf(SampleLake.SECOND)))).count();
    assertTrue(staged > 0);

    long read = rowsScanned(Tables.SCORE_STAGING.name(), () -> new PublishStage(ctx).run(SampleLake.SECOND, null));

    assertEquals(staged, read, "staged rows read by the publication of " + SampleLake.SECOND);
    assertEquals(rows(lake.read(Tables.COMPANY_SCORE_HISTORY).where(col("as_of_date").equalTo(lit(
            java.sql.Date.valueOf(SampleLake.SECOND)))).drop("run_id", "as_of_date")),
        rows(lake.read(Tables.COMPANY_SCORE).drop("run_id", "as_of_date")));
  }
}
