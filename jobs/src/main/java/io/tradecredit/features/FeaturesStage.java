package io.tradecredit.features;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.conform.ConformStage;
import io.tradecredit.conform.Silver;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Features: one row per company as of D into {@code gold.company_features} (the as_of_date partition replaced).
 *
 * <p>Point in time: only silver versions delivered by D ({@link Silver#asOf}) and only events dated by D are seen,
 * so recomputing an old D after newer drops arrived gives the same rows.
 */
public final class FeaturesStage {
  private final RunContext ctx;

  public FeaturesStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public void run(LocalDate date) {
    long start = System.nanoTime();
    Dataset<Row> features = build(ctx.lake(), date);
    ctx.lake().replacePartition(Tables.COMPANY_FEATURES_GOLD, features, "as_of_date", date);
    Row counts = ctx.lake().read(Tables.COMPANY_FEATURES_GOLD)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(date))))
        .agg(count(lit(1)), sum(when(col("seller_orders_365d").plus(col("buyer_orders_365d")).gt(0), 1).otherwise(0)))
        .first();
    Console.line("features as of %s  companies %d (with trade in 365 d: %d)  %s", date, counts.getLong(0),
        counts.isNullAt(1) ? 0 : counts.getLong(1), Console.seconds(start));
  }

  /** The features of every known company as of {@code date}. */
  public static Dataset<Row> build(Lake lake, LocalDate date) {
    SparkSession spark = lake.spark();
    Dataset<Row> accounts = ConformStage.companyAccounts(lake, date);
    if (accounts == null) {
      throw new IllegalStateException("Cannot compute features as of " + date
          + ": silver has no accounts or registry yet (run ingest and conform first)");
    }
    accounts.createOrReplaceTempView("f_accounts");
    Silver.asOf(lake, Feed.REGISTRY, date).createOrReplaceTempView("f_registry");
    view(lake, Feed.ORDERS, date, "f_orders");
    view(lake, Feed.PAYMENTS, date, "f_payments");
    view(lake, Feed.SHIPMENTS, date, "f_shipments");
    view(lake, Feed.DISPUTES, date, "f_disputes");
    view(lake, Feed.CREDIT_EVENTS, date, "f_credit_events");
    return spark.sql(new FeatureSql(date).query());
  }

  private static void view(Lake lake, Feed feed, LocalDate date, String name) {
    Silver.asOf(lake, feed, date).createOrReplaceTempView(name);
  }
}
