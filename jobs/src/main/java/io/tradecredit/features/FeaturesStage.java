package io.tradecredit.features;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.conform.Silver;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.storage.StorageLevel;

/**
 * Features: one row per company as of D into {@code gold.company_features} (the as_of_date partition replaced).
 *
 * <p>Point in time: only silver versions delivered by D ({@link Silver#asOf}) and only events dated by D are seen,
 * so recomputing an old D after newer drops arrived gives the same rows. A night costs what its deliveries changed
 * plus a few rows per company: the partials' bands are moved to D by the days that cross their edges
 * ({@link ActivityDaily}, {@link ActivityBands}) and every window is a sum of bands ({@link FeatureSql}).
 */
public final class FeaturesStage {
  private final RunContext ctx;

  public FeaturesStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public void run(LocalDate date) {
    long start = System.nanoTime();
    Built built;
    try (SilverInMemory silver = holdSilver(ctx)) {
      // The account map is read by the night's update of the partials and by the features: computed once.
      Dataset<Row> accounts = Snapshot.accounts(ctx.lake(), date).persist(StorageLevel.MEMORY_AND_DISK());
      try {
        built = build(ctx.lake(), date, accounts);
        ctx.lake().replacePartition(Tables.COMPANY_FEATURES_GOLD, built.features(), "as_of_date", date);
      } finally {
        accounts.unpersist();
      }
    }
    Row counts = ctx.lake().read(Tables.COMPANY_FEATURES_GOLD)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(date))))
        .agg(count(lit(1)), sum(when(col("seller_orders_365d").plus(col("buyer_orders_365d")).gt(0), 1).otherwise(0)))
        .first();
    Console.line("features as of %s  companies %d (with trade in 365 d: %d)  activity %s%s  %s", date,
        counts.getLong(0), counts.isNullAt(1) ? 0 : counts.getLong(1), built.activity().toString().toLowerCase(
            java.util.Locale.ROOT).replace('_', ' '), built.changed() >= 0 ? " (" + built.changed()
            + " company-days changed)" : "", Console.seconds(start));
  }

  /**
   * A small silver held in memory for a night that updates the partials, which reads it again and again; nothing
   * for the night that computes them all (the sample lake's first night was slower with silver held).
   */
  static SilverInMemory holdSilver(RunContext ctx) {
    return ActivityDaily.state(ctx.lake()) == null ? SilverInMemory.NONE
        : SilverInMemory.hold(ctx.lake(), SilverInMemory.MAX_BYTES, ctx.config().spark().parallelFeeds());
  }

  /** The features as of D and how the daily partials and their bands were brought to D. */
  public record Built(Dataset<Row> features, ActivityDaily.Mode activity, long changed, boolean bandsMoved) {}

  /**
   * The features of every known company as of {@code date}, from {@code gold.company_activity_daily} brought up to
   * that date first (or, for a date before the table's, from partials computed for it alone).
   */
  public static Built build(Lake lake, LocalDate date) {
    return build(lake, date, Snapshot.accounts(lake, date));
  }

  /** As {@link #build(Lake, LocalDate)}, with the account map as of {@code date} given. */
  static Built build(Lake lake, LocalDate date, Dataset<Row> accounts) {
    ActivityDaily.Result activity = ActivityDaily.asOf(lake, date, accounts);
    return new Built(fromBands(lake, date, date, accounts, activity.bands()), activity.mode(), activity.changed(),
        activity.bandsMoved());
  }

  /** The features as of D from the given daily partials (their bands computed first). */
  static Dataset<Row> fromPartials(Lake lake, LocalDate date, Dataset<Row> accounts, Dataset<Row> partials) {
    return fromBands(lake, date, date, accounts, ActivityBands.computed(partials, date));
  }

  /** The features as of {@code date} from bands, registry and credit events as known on {@code knownOn}. */
  private static Dataset<Row> fromBands(Lake lake, LocalDate date, LocalDate knownOn, Dataset<Row> accounts,
      Dataset<Row> bands) {
    bands.createOrReplaceTempView("f_bands");
    accounts.createOrReplaceTempView("f_accounts");
    Silver.asOf(lake, Feed.REGISTRY, knownOn).createOrReplaceTempView("f_registry");
    Snapshot.asOf(lake, Feed.CREDIT_EVENTS, knownOn).createOrReplaceTempView("f_credit_events");
    return lake.spark().sql(new FeatureSql(date).query());
  }

  /**
   * Features as of each of {@code dates} taken by event date from what the lake knew on {@code knownOn}: trade,
   * registry and credit events dated by each date, from drops delivered up to {@code knownOn}. This is how a lake
   * whose history arrived in one onboarding drop gets features for dates before that drop; they are not point in
   * time by delivery: a payment made, a delivery completed or a registry record changed after the date but reported
   * by {@code knownOn} shows as it ended.
   *
   * <p>The account map, the daily partials and each date's features are written as Parquet under {@code workDir}
   * (which the caller removes) and the features returned are read back from there: one date's plan at a time, and
   * nothing held in memory, whatever the number of dates and companies.
   */
  public static Dataset<Row> byEventDate(Lake lake, LocalDate knownOn, java.util.List<LocalDate> dates,
      String workDir) {
    long start = System.nanoTime();
    Dataset<Row> accounts = saved(lake, Snapshot.accounts(lake, knownOn), workDir + "/accounts");
    Dataset<Row> partials = saved(lake, ActivityDaily.compute(lake, knownOn, accounts), workDir + "/partials");
    String features = workDir + "/features";
    for (LocalDate date : dates) {
      long one = System.nanoTime();
      fromBands(lake, date, knownOn, accounts, ActivityBands.computed(partials, date)).write()
          .mode(SaveMode.Append).parquet(features);
      Console.line("features by event date as of %s  %s", date, Console.seconds(one));
    }
    Console.line("features by event date: %d dates known on %s  %s", dates.size(), knownOn, Console.seconds(start));
    return lake.spark().read().parquet(features);
  }

  private static Dataset<Row> saved(Lake lake, Dataset<Row> rows, String path) {
    rows.write().mode(SaveMode.ErrorIfExists).parquet(path);
    return lake.spark().read().parquet(path);
  }

  /** The first day with trade known on {@code knownOn}, or null without any. */
  public static LocalDate firstActivityDay(Lake lake, LocalDate knownOn) {
    Row r = Snapshot.asOf(lake, Feed.ORDERS, knownOn).agg(min(to_date(col("order_ts"))).cast("string")).first();
    return r.isNullAt(0) ? null : LocalDate.parse(r.getString(0));
  }
}
