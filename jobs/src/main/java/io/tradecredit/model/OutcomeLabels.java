package io.tradecredit.model;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.conform.Silver;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The fulfilment and payment outcomes of companies after as-of dates, from the trade the lake knew on the training
 * date D: silver as of D (drops with {@code dt <= D}) and events dated by D. A delivery, payment or dispute resolution
 * reported later changes nothing for D.
 *
 * <p>Each event counts for the as-of dates A with {@code A < event day <= A + horizon}: an order by its order day,
 * a payment by its due date, a NON_PAYMENT dispute by its opening day. Per company and A: {@code activity} (orders
 * as seller, payments due as buyer), {@code failures}, and {@code bad}: null below the target's minimum activity
 * (unlabelled, not good), else 1 when failures exceed {@link Target#badShare} of the activity.
 */
public final class OutcomeLabels {
  private static final StructType AS_OF = new StructType().add("as_of_date", DataTypes.DateType);

  private OutcomeLabels() {}

  /**
   * company_id, as_of_date, activity, failures, bad for every company with activity or failures after one of
   * {@code asOfDates}.
   *
   * @param accounts the account-to-company map (platform, account_id, company_id) known on D
   */
  public static Dataset<Row> of(Lake lake, LocalDate date, Target target, Dataset<Row> accounts,
      List<LocalDate> asOfDates) {
    Dataset<Row> events = switch (target) {
      case FULFILMENT -> fulfilment(lake, date, accounts);
      case PAYMENT -> payment(lake, date, accounts);
      case CREDIT -> throw new IllegalArgumentException("Credit labels come from credit events, not from trade");
    };
    Dataset<Row> dates = lake.spark().createDataFrame(
        asOfDates.stream().map(d -> RowFactory.create(java.sql.Date.valueOf(d))).toList(), AS_OF);
    Column activity = sum("activity");
    Column failures = sum("failed");
    return events
        .join(broadcast(dates), col("day").gt(col("as_of_date"))
            .and(col("day").leq(date_add(col("as_of_date"), target.horizonDays()))))
        .groupBy("company_id", "as_of_date")
        .agg(activity.as("activity"), failures.as("failures"))
        .withColumn("bad", when(col("activity").lt(target.minActivity()), lit(null).cast("int"))
            .when(col("failures").gt(col("activity").multiply(target.badShare())), lit(1))
            .otherwise(lit(0)));
  }

  /** One row per order of a known seller placed by D: company_id, day, activity 1, failed 0/1. */
  static Dataset<Row> fulfilment(Lake lake, LocalDate date, Dataset<Row> accounts) {
    Column d = lit(java.sql.Date.valueOf(date));
    Dataset<Row> orders = read(lake, Feed.ORDERS, date, "platform", "order_id", "seller_account", "order_ts", "status")
        .where(to_date(col("order_ts")).leq(d));
    Column delivered = to_date(col("delivered_at"));
    Column deliveredByD = col("delivered_at").isNotNull().and(delivered.leq(d));
    Column due = date_add(col("promised_date"), Target.DELIVERY_TOLERANCE_DAYS);
    // Late: delivered after the tolerance, or not delivered by D once the tolerance has passed.
    Column late = when(deliveredByD, delivered.gt(due)).otherwise(due.lt(d));
    Dataset<Row> shipments = read(lake, Feed.SHIPMENTS, date, "platform", "order_id", "promised_date",
        "delivered_at", "status")
        .groupBy("platform", "order_id")
        .agg(max(col("status").isin("LOST", "RETURNED").or(late).cast("int")).as("s_failed"));
    Dataset<Row> disputes = read(lake, Feed.DISPUTES, date, "platform", "order_id", "at_fault", "resolved_at")
        .where(col("at_fault").equalTo("SELLER").and(to_date(col("resolved_at")).leq(d)))
        .select("platform", "order_id").distinct().withColumn("d_failed", lit(1));
    Column notDelivered = col("s_failed").isNull()
        .and(col("status").isNull().or(not(col("status").isin("DELIVERED", "COMPLETED"))));
    Column failed = col("status").isin("CANCELLED", "REFUNDED").or(col("s_failed").equalTo(1))
        .or(col("d_failed").equalTo(1)).or(notDelivered);
    return orders
        .join(accounts.select(col("platform"), col("account_id").as("seller_account"), col("company_id")),
            seq("platform", "seller_account"))
        .join(shipments, seq("platform", "order_id"), "left")
        .join(disputes, seq("platform", "order_id"), "left")
        .select(col("company_id"), to_date(col("order_ts")).as("day"), lit(1L).as("activity"),
            coalesce(failed, lit(false)).cast("long").as("failed"));
  }

  /**
   * One row per payment of a known payer due by D (activity 1, failed when paid {@value Target#PAYMENT_LATE_DAYS}+
   * days late or unpaid that long as of D) and per NON_PAYMENT dispute lost by a known buyer (activity 0, failed 1).
   */
  static Dataset<Row> payment(Lake lake, LocalDate date, Dataset<Row> accounts) {
    Column d = lit(java.sql.Date.valueOf(date));
    Column paid = to_date(col("paid_at"));
    Column paidByD = col("paid_at").isNotNull().and(paid.leq(d));
    Column lateFrom = date_add(col("due_date"), Target.PAYMENT_LATE_DAYS);
    Column failed = when(paidByD, paid.geq(lateFrom)).otherwise(lateFrom.leq(d));
    Dataset<Row> payments = read(lake, Feed.PAYMENTS, date, "platform", "payer_account", "due_date", "paid_at")
        .where(col("due_date").leq(d))
        .join(accounts.select(col("platform"), col("account_id").as("payer_account"), col("company_id")),
            seq("platform", "payer_account"))
        .select(col("company_id"), col("due_date").as("day"), lit(1L).as("activity"), failed.cast("long").as("failed"));
    Dataset<Row> buyers = read(lake, Feed.ORDERS, date, "platform", "order_id", "buyer_account")
        .join(accounts.select(col("platform"), col("account_id").as("buyer_account"), col("company_id")),
            seq("platform", "buyer_account"))
        .select("platform", "order_id", "company_id");
    Dataset<Row> disputes = read(lake, Feed.DISPUTES, date, "platform", "order_id", "opened_at", "reason", "at_fault",
        "resolved_at")
        .where(col("reason").equalTo("NON_PAYMENT").and(col("at_fault").equalTo("BUYER"))
            .and(to_date(col("resolved_at")).leq(d)).and(to_date(col("opened_at")).leq(d)))
        .join(buyers, seq("platform", "order_id"))
        .select(col("company_id"), to_date(col("opened_at")).as("day"), lit(0L).as("activity"), lit(1L).as("failed"));
    return payments.unionByName(disputes);
  }

  /** The feed's records as known on D, with the given columns; none (with those columns) if never delivered. */
  private static Dataset<Row> read(Lake lake, Feed feed, LocalDate date, String... columns) {
    if (!lake.exists(Tables.silver(feed))) {
      StructType empty = new StructType();
      for (String c : columns) {
        empty = empty.add(c, c.endsWith("_at") || c.endsWith("_ts") ? DataTypes.TimestampType
            : c.endsWith("_date") ? DataTypes.DateType : DataTypes.StringType);
      }
      return lake.spark().createDataFrame(List.of(), empty);
    }
    return Silver.asOf(lake, feed, date).select(java.util.Arrays.stream(columns).map(c -> col(c)).toArray(Column[]::new));
  }

  private static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toList();
  }
}
