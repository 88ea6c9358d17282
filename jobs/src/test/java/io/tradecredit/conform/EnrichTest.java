package io.tradecredit.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnrichTest extends SparkTestBase {
  /**
   * A payment without a currency takes its order's, found without shuffling the orders: the night's order keys are
   * broadcast to them, and what is found broadcast back. With Spark's own broadcasting off, as a history too large
   * for it leaves it, joining them as they are plans a sort-merge join, which shuffles every current order.
   */
  @Test
  void aPaymentTakesItsOrdersCurrencyWithoutShufflingTheOrders(@TempDir Path tmp) {
    Lake lake = new LandingFixture(tmp).context().lake();
    // Silver orders as conform leaves them: o1 of th closed and replaced, another platform's o1 beside it.
    lake.create(Tables.silver(Feed.ORDERS), sql("SELECT * FROM VALUES "
        + "('th', 'o1', 'GBP', DATE'2026-11-02', DATE'2026-11-03'), ('th', 'o1', 'EUR', DATE'2026-11-03', NULL), "
        + "('th', 'o2', 'GBP', DATE'2026-11-02', NULL), ('sm', 'o1', 'CNY', DATE'2026-11-02', NULL) "
        + "AS o(platform, order_id, currency, valid_from, valid_to)"), Map.of(), null);
    Dataset<Row> payments = sql("SELECT * FROM VALUES ('p1', 'th', 'o1', CAST(NULL AS STRING)), "
        + "('p2', 'th', 'o2', 'USD'), ('p3', 'sm', 'o1', NULL), ('p4', 'th', 'o9', NULL) "
        + "AS p(payment_id, platform, order_id, currency)");

    String threshold = spark().conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark().conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    try {
      Dataset<Row> found = Enrich.withOrderCurrency(lake, payments, 4).select("payment_id", "currency")
          .orderBy("payment_id");
      assertEquals(rows("[p1,EUR]", "[p2,USD]", "[p3,CNY]", "[p4,null]"), rows(found));
      String plan = found.queryExecution().executedPlan().toString();
      assertFalse(plan.contains("SortMergeJoin") || plan.contains("ShuffledHashJoin"), plan);
    } finally {
      spark().conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
  }
}
