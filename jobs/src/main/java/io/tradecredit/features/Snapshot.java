package io.tradecredit.features;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.conform.ConformStage;
import io.tradecredit.conform.Silver;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * Silver as it was known on one date, as the temp views {@link ActivitySql} reads ({@code <prefix>_orders},
 * {@code _refs}, {@code _shipments}, {@code _disputes}, {@code _payments}, {@code _accounts}), optionally only for
 * the records a night changed ({@link Keys}).
 */
final class Snapshot {
  /** The columns the features read from each fact feed, with their types for a feed never delivered yet. */
  static final Map<Feed, String> COLUMNS = Map.of(
      Feed.ORDERS, "platform STRING, order_id STRING, seller_account STRING, buyer_account STRING, "
          + "order_ts TIMESTAMP, status STRING, amount_usd DECIMAL(22,2)",
      Feed.SHIPMENTS, "carrier STRING, shipment_id STRING, platform STRING, order_id STRING, "
          + "destination_country STRING, promised_date DATE, delivered_at TIMESTAMP",
      Feed.DISPUTES, "platform STRING, dispute_id STRING, order_id STRING, opened_at TIMESTAMP, reason STRING, "
          + "at_fault STRING",
      Feed.PAYMENTS, "platform STRING, payment_id STRING, payer_account STRING, due_date DATE, paid_at TIMESTAMP, "
          + "amount_usd DECIMAL(22,2)",
      Feed.CREDIT_EVENTS, "company_id STRING, event_date DATE");

  /**
   * The versions (valid on either date of a night) of the records whose contributions the night recomputes;
   * {@code refs} are the orders whose seller, buyer and day the changed shipments and disputes need.
   */
  record Keys(Dataset<Row> orders, Dataset<Row> refs, Dataset<Row> shipments, Dataset<Row> disputes,
      Dataset<Row> payments) {}

  private Snapshot() {}

  /** Every version of a fact feed's records with the columns the features read (none if never delivered). */
  static Dataset<Row> versions(Lake lake, Feed feed) {
    String columns = COLUMNS.get(feed);
    if (!lake.exists(Tables.silver(feed))) {
      return lake.spark().createDataFrame(List.of(), org.apache.spark.sql.types.StructType.fromDDL(columns
          + ", valid_from DATE, valid_to DATE"));
    }
    List<Column> cols = new java.util.ArrayList<>();
    for (String c : org.apache.spark.sql.types.StructType.fromDDL(columns).fieldNames()) {
      cols.add(col(c));
    }
    cols.add(col(Silver.VALID_FROM));
    cols.add(col(Silver.VALID_TO));
    return lake.read(Tables.silver(feed)).select(cols.toArray(Column[]::new));
  }

  /** A fact feed as of {@code date}. */
  static Dataset<Row> asOf(Lake lake, Feed feed, LocalDate date) {
    return versions(lake, feed).where(Silver.validOn(date));
  }

  /**
   * The account-to-company map as of {@code date} (read when conform wrote that one); fails before any account or
   * registry record arrived.
   */
  static Dataset<Row> accounts(Lake lake, LocalDate date) {
    Dataset<Row> accounts = ConformStage.companyAccountsRead(lake, date);
    if (accounts == null) {
      throw new IllegalStateException("Cannot compute features as of " + date
          + ": silver has no accounts or registry yet (run ingest and conform first)");
    }
    return accounts;
  }

  /**
   * Registers the views of silver as of {@code date} with the account map of that date; all records when
   * {@code keys} is null. A night's orders are resolved to their companies once and held in memory (added to
   * {@code cached}, which the caller releases): the contributions read the orders twice and the orders the
   * shipments and disputes refer to four times, and a view is computed again at each reference, each time joining
   * the account map twice (at 1M companies some 30 shuffles of its 1.17M rows in one night; bench/RESULTS.md).
   */
  static void register(Lake lake, String prefix, LocalDate date, Dataset<Row> accounts, Keys keys,
      List<Dataset<Row>> cached) {
    accounts.createOrReplaceTempView(prefix + "_accounts");
    Column on = Silver.validOn(date);
    Dataset<Row> orders = keys == null ? asOf(lake, Feed.ORDERS, date) : keys.orders().where(on);
    orders.createOrReplaceTempView(prefix + "_orders");
    (keys == null ? orders : keys.refs().where(on)).createOrReplaceTempView(prefix + "_refs");
    (keys == null ? asOf(lake, Feed.SHIPMENTS, date) : keys.shipments().where(on))
        .createOrReplaceTempView(prefix + "_shipments");
    (keys == null ? asOf(lake, Feed.DISPUTES, date) : keys.disputes().where(on))
        .createOrReplaceTempView(prefix + "_disputes");
    (keys == null ? asOf(lake, Feed.PAYMENTS, date) : keys.payments().where(on))
        .createOrReplaceTempView(prefix + "_payments");
    Dataset<Row> resolvedOrders = lake.spark().sql(ActivitySql.resolved(prefix, prefix + "_orders"));
    Dataset<Row> resolvedRefs = keys == null ? resolvedOrders
        : lake.spark().sql(ActivitySql.resolved(prefix, prefix + "_refs"));
    if (keys != null) {
      resolvedOrders = resolvedOrders.persist(StorageLevel.MEMORY_AND_DISK());
      resolvedRefs = resolvedRefs.persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(resolvedOrders);
      cached.add(resolvedRefs);
    }
    resolvedOrders.createOrReplaceTempView(prefix + "_resolved_orders");
    resolvedRefs.createOrReplaceTempView(prefix + "_resolved_refs");
  }
}
