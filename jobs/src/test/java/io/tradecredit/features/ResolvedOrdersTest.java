package io.tradecredit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.conform.Silver;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A night's snapshot resolves its orders to their companies once, held in memory for the contributions that read
 * them again and again; a full computation keeps them a plain view.
 */
class ResolvedOrdersTest extends SparkTestBase {
  @Test
  void aNightsOrdersAreResolvedOnceAndHeldUntilTheCallerReleasesThem(@TempDir Path tmp) {
    Lake lake = SampleLake.copy(tmp).lake();
    Dataset<Row> accounts = Snapshot.accounts(lake, SampleLake.SECOND);
    Dataset<Row> orders = Snapshot.versions(lake, Feed.ORDERS);
    Snapshot.Keys keys = new Snapshot.Keys(orders, orders, Snapshot.versions(lake, Feed.SHIPMENTS),
        Snapshot.versions(lake, Feed.DISPUTES), Snapshot.versions(lake, Feed.PAYMENTS));
    List<Dataset<Row>> cached = new ArrayList<>();

    Snapshot.register(lake, "all", SampleLake.SECOND, accounts, null, null);
    // Checked first: these keys are every version, so the night's held rows are also the full computation's.
    assertFalse(spark().catalog().isCached("all_resolved_orders"), "a full computation holds nothing");
    Snapshot.register(lake, "night", SampleLake.SECOND, accounts, keys, cached);
    try {
      assertEquals(2, cached.size(), "both resolved views are the caller's to release");
      assertTrue(spark().catalog().isCached("night_resolved_orders"));
      assertTrue(spark().catalog().isCached("night_resolved_refs"));
      long valid = orders.where(Silver.validOn(SampleLake.SECOND)).count();
      assertTrue(valid > 0);
      assertEquals(valid, spark().table("night_resolved_orders").count());
      assertEquals(rows(spark().table("all_resolved_orders")), rows(spark().table("night_resolved_refs")),
          "the same orders, the same companies");
    } finally {
      cached.forEach(Dataset::unpersist);
    }
    assertFalse(spark().catalog().isCached("night_resolved_orders"), "released with the caller's list");
  }
}
