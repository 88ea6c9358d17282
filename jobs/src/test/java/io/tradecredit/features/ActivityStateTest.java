package io.tradecredit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The date the daily partials stand for is read from their own commits, and only trusted when ours is the last. */
class ActivityStateTest extends SparkTestBase {
  @TempDir Path tmp;

  @Test
  void aChangeMadeByHandMakesTheNextNightComputeThePartialsAgain() {
    RunContext ctx = SampleLake.copy(tmp);
    Lake lake = ctx.lake();
    assertEquals(SampleLake.SECOND, ActivityDaily.state(lake).night());
    lake.setProperties(Tables.COMPANY_ACTIVITY_DAILY, java.util.Map.of("comment", "partials"));
    assertEquals(SampleLake.SECOND, ActivityDaily.state(lake).night(), "a property changes no partial");
    long before = lake.read(Tables.COMPANY_ACTIVITY_DAILY).count();

    lake.delta(Tables.COMPANY_ACTIVITY_DAILY).delete("day < DATE'2026-10-01'");
    assertNull(ActivityDaily.state(lake), "rows deleted by hand: the partials no longer stand for any date");

    FeaturesStage.Built again = FeaturesStage.build(lake, SampleLake.SECOND);
    assertEquals(ActivityDaily.Mode.REBUILT, again.activity());
    assertEquals(before, lake.read(Tables.COMPANY_ACTIVITY_DAILY).count());
    assertEquals(SampleLake.SECOND, ActivityDaily.state(lake).night());
  }

  @Test
  void aFactFeedNeverDeliveredReadsAsEmptyWithItsColumns() {
    Lake empty = new Lake(spark(), tmp.toString());
    for (io.tradecredit.ingest.Feed feed : Snapshot.COLUMNS.keySet()) {
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = Snapshot.asOf(empty, feed,
          SampleLake.SECOND);
      assertEquals(0, rows.count(), feed.id());
      assertEquals(true, java.util.Arrays.asList(rows.columns()).containsAll(java.util.List.of("valid_from",
          "valid_to")), feed.id());
    }
  }
}
