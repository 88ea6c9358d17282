package io.tradecredit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A small silver is read from memory while held and from its tables once released; one over the bound is not held.
 * That the features computed with silver held equal a computation from the tables is ActivityIncrementalTest's.
 */
class SilverInMemoryTest extends SparkTestBase {
  /** Whether a new read of the table is answered from Spark's cache (and so planned without Delta). */
  private static boolean fromMemory(Lake lake, Feed feed) {
    return lake.read(Tables.silver(feed)).where("valid_to IS NULL").queryExecution().withCachedData().toString()
        .contains("InMemoryRelation");
  }

  @Test
  void aSmallSilverIsReadFromMemoryWhileHeldAndOneOverTheBoundFromItsTables() {
    // Holding only reads the lake: the shared sample lake serves.
    Lake lake = SampleLake.twoNights().lake();
    assertFalse(fromMemory(lake, Feed.ORDERS));

    try (SilverInMemory held = SilverInMemory.hold(lake, SilverInMemory.MAX_BYTES, 2)) {
      assertTrue(held.tables() >= 6, "orders, shipments, disputes, payments, accounts, registry: " + held.tables());
      for (Feed feed : List.of(Feed.ORDERS, Feed.SHIPMENTS, Feed.PAYMENTS, Feed.ACCOUNTS, Feed.REGISTRY)) {
        assertTrue(fromMemory(lake, feed), feed.id());
      }
    }
    assertFalse(fromMemory(lake, Feed.ORDERS), "released when the stage is done");

    try (SilverInMemory held = SilverInMemory.hold(lake, lake.sizeInBytes(Tables.silver(Feed.ORDERS)), 2)) {
      assertEquals(0, held.tables());
      assertFalse(fromMemory(lake, Feed.ORDERS));
    }
  }
}
