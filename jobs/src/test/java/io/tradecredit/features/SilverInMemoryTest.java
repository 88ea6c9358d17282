package io.tradecredit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small silver is read from memory while held, a large one from its tables, and what is computed is the same. */
class SilverInMemoryTest extends SparkTestBase {
  @TempDir Path tmp;

  /** Whether a new read of the table is answered from Spark's cache (and so planned without Delta). */
  private static boolean fromMemory(Lake lake, Feed feed) {
    return lake.read(Tables.silver(feed)).where("valid_to IS NULL").queryExecution().withCachedData().toString()
        .contains("InMemoryRelation");
  }

  @Test
  void aSmallSilverIsReadFromMemoryWhileHeldAndTheResultIsTheSame() {
    Lake lake = SampleLake.copy(tmp).lake();
    List<String> fromTables = ActivityIncrementalTest.partials(
        ActivityDaily.compute(lake, SampleLake.SECOND, Snapshot.accounts(lake, SampleLake.SECOND)));
    assertFalse(fromMemory(lake, Feed.ORDERS));

    try (SilverInMemory held = SilverInMemory.hold(lake, SilverInMemory.MAX_BYTES)) {
      assertTrue(held.tables() >= 6, "orders, shipments, disputes, payments, accounts, registry: " + held.tables());
      for (Feed feed : List.of(Feed.ORDERS, Feed.SHIPMENTS, Feed.PAYMENTS, Feed.ACCOUNTS, Feed.REGISTRY)) {
        assertTrue(fromMemory(lake, feed), feed.id());
      }
      assertEquals(fromTables, ActivityIncrementalTest.partials(
          ActivityDaily.compute(lake, SampleLake.SECOND, Snapshot.accounts(lake, SampleLake.SECOND))));
    }
    assertFalse(fromMemory(lake, Feed.ORDERS), "released when the stage is done");
  }

  @Test
  void aSilverLargerThanTheBoundIsNotHeld() {
    Lake lake = SampleLake.copy(tmp).lake();
    try (SilverInMemory held = SilverInMemory.hold(lake, lake.sizeInBytes(Tables.silver(Feed.ORDERS)))) {
      assertEquals(0, held.tables());
      assertFalse(fromMemory(lake, Feed.ORDERS));
    }
  }
}
