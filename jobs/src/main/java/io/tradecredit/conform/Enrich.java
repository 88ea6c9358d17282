package io.tradecredit.conform;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.MergeSources;
import io.tradecredit.lake.Tables;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What conform adds to a delivery's rows before they become silver versions: USD amounts at the rate of the day
 * the contract names for each feed, and company_id for registry-keyed feeds.
 */
final class Enrich {
  private Enrich() {}

  /**
   * @param rows the delivery's rows, at most {@code rowCount}
   * @param rates the daily rates ({@link #rates}), asked for only by a feed that converts: the rates' own delivery
   *     is conformed before they are brought up to date
   */
  static Dataset<Row> apply(Lake lake, Feed feed, Dataset<Row> rows, long rowCount, Supplier<Dataset<Row>> rates) {
    return switch (feed) {
      case ORDERS -> FxRates.convert(rows, rates.get(), col("amount"), col("currency"), col("order_ts"), "amount_usd");
      case PAYMENTS -> FxRates.convert(withOrderCurrency(lake, rows, rowCount), rates.get(), col("amount"),
          col("currency"), coalesce(col("paid_at"), col("updated_at")), "amount_usd");
      case DISPUTES -> FxRates.convert(rows, rates.get(), col("amount"), col("currency"), col("opened_at"),
          "amount_usd");
      case REGISTRY -> FxRates.convert(
          rows.withColumn("company_id", Identity.companyId(col("registry_country"), col("registration_number"))),
          rates.get(), col("registered_capital"), col("capital_currency"), col("updated_at"), "registered_capital_usd");
      // A default is never lost for want of a rate: credit events keep a null USD amount instead.
      case CREDIT_EVENTS -> FxRates.convert(
              rows.withColumn("company_id", Identity.companyId(col("registry_country"), col("registration_number"))),
              rates.get(), col("amount"), col("currency"), col("event_date"), "amount_usd")
          .drop("fx_missing", "fx_currency");
      case ACCOUNTS -> rows.withColumn("registration_number_norm", Identity.NORMALISE_NUMBER.apply(
          col("registration_number")));
      case SHIPMENTS, FX_RATES -> rows;
    };
  }

  /**
   * A payment without a currency is in its order's currency. A night's payments are few next to the orders: their
   * order keys are broadcast to the orders, which are read column-wise and probed, and the orders found (one each)
   * broadcast back. Joined as they are, every current order was shuffled each night, a cost that grew with the
   * history (bench/RESULTS.md).
   */
  static Dataset<Row> withOrderCurrency(Lake lake, Dataset<Row> payments, long rowCount) {
    if (!lake.exists(Tables.silver(Feed.ORDERS))) {
      return payments;
    }
    Dataset<Row> needing = payments.where(col("currency").isNull());
    Dataset<Row> orders = lake.read(Tables.silver(Feed.ORDERS)).where(col(Silver.VALID_TO).isNull())
        .select(col("platform").as("_o_platform"), col("order_id").as("_o_order_id"), col("currency").as("_o_currency"));
    if (rowCount <= VersionMerge.BROADCAST_MAX_ROWS) {
      Dataset<Row> keys = needing.select(col("platform").as("_o_platform"), col("order_id").as("_o_order_id"));
      orders = broadcast(orders.join(broadcast(keys), CollectionConverters.asScala(
          List.of("_o_platform", "_o_order_id")).toSeq(), "left_semi"));
    }
    return payments.where(col("currency").isNotNull())
        .unionByName(needing.join(orders, needing.col("platform").equalTo(orders.col("_o_platform"))
                .and(needing.col("order_id").equalTo(orders.col("_o_order_id"))), "left")
            .withColumn("currency", col("_o_currency"))
            .drop("_o_platform", "_o_order_id", "_o_currency"));
  }

  /**
   * The daily rates ({@code gold.fx_daily}); as literal rows when they fit ({@link MergeSources#collectIfFits}), so
   * that the night's deliveries are converted without each planning a read of the table.
   */
  static Dataset<Row> rates(Lake lake) {
    if (!lake.exists(Tables.FX_DAILY)) {
      return lake.spark().sql("SELECT CAST(NULL AS STRING) currency, CAST(NULL AS DATE) day, "
          + "CAST(NULL AS DATE) rate_date, CAST(NULL AS DECIMAL(20,10)) usd_per_unit").limit(0);
    }
    Dataset<Row> table = lake.read(Tables.FX_DAILY);
    Dataset<Row> literal = MergeSources.collectIfFits(table);
    return literal != null ? literal : table;
  }
}
