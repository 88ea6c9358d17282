package io.tradecredit.conform;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Conform: merges each ingested delivery into silver, oldest first, from the new bronze rows only: latest
 * updated_at wins, money in USD, registry-keyed rows with their company_id; then rebuilds the account-to-company
 * map as of D.
 *
 * <p>A delivery is conformed once per ingest of it ({@code ops.conform_log}). A corrected re-delivery of an
 * earlier date rewinds the feed's silver to that date and merges the deliveries from there again, so silver always
 * equals the merge of the latest delivery of every date in order.
 */
public final class ConformStage {
  /** Feeds in merge order: rates before the amounts converted with them. */
  static final List<Feed> ORDER = List.of(Feed.FX_RATES, Feed.REGISTRY, Feed.ACCOUNTS, Feed.ORDERS, Feed.PAYMENTS,
      Feed.SHIPMENTS, Feed.DISPUTES, Feed.CREDIT_EVENTS);

  static final StructType LOG_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType)
      .add("feed", DataTypes.StringType)
      .add("dt", DataTypes.DateType)
      .add("ingest_run_id", DataTypes.StringType)
      .add("rows_in", DataTypes.LongType)
      .add("versions_inserted", DataTypes.LongType)
      .add("versions_closed", DataTypes.LongType)
      .add("quarantined", DataTypes.LongType)
      .add("finished_at", DataTypes.TimestampType);

  private final RunContext ctx;
  private final Lake lake;

  public ConformStage(RunContext ctx) {
    this.ctx = ctx;
    this.lake = ctx.lake();
  }

  public void run(LocalDate date) {
    long start = System.nanoTime();
    for (Feed feed : ORDER) {
      Map<LocalDate, String> pending = pending(feed, date);
      for (Map.Entry<LocalDate, String> delivery : pending.entrySet()) {
        conform(feed, delivery.getKey(), delivery.getValue());
      }
      if (feed == Feed.FX_RATES && !pending.isEmpty()) {
        // Small (currencies x days): rebuilt whole whenever rates arrive, so fallbacks see late rates too.
        lake.overwrite(Tables.FX_DAILY, FxRates.daily(lake.read(Tables.silver(Feed.FX_RATES))
            .where(col(Silver.VALID_TO).isNull())));
      }
    }
    Dataset<Row> accounts = companyAccounts(lake, date);
    if (accounts != null) {
      lake.overwrite(Tables.COMPANY_ACCOUNTS, accounts.withColumn("as_of_date", lit(java.sql.Date.valueOf(date))));
      Map<String, Long> methods = new TreeMap<>();
      lake.read(Tables.COMPANY_ACCOUNTS).groupBy("match_method").count().collectAsList()
          .forEach(r -> methods.put(r.getString(0), r.getLong(1)));
      Console.line("conform company_accounts as of %s  %s", date, methods);
    }
    Console.line("conform done for %s in %s", date, Console.seconds(start));
  }

  /** The account-to-company map as of {@code date}, or null before any account or registry record arrived. */
  public static Dataset<Row> companyAccounts(Lake lake, LocalDate date) {
    if (!lake.exists(Tables.silver(Feed.ACCOUNTS)) || !lake.exists(Tables.silver(Feed.REGISTRY))) {
      return null;
    }
    return Identity.companyAccounts(Silver.asOf(lake, Feed.ACCOUNTS, date), Silver.asOf(lake, Feed.REGISTRY, date));
  }

  /** Ingested deliveries of the feed up to {@code date} still to merge: dt to the ingest run that wrote it. */
  private Map<LocalDate, String> pending(Feed feed, LocalDate date) {
    Map<LocalDate, String> ingested = latest(Tables.INGEST_LOG, feed, "run_id", col("status").equalTo("OK"),
        "started_at");
    Map<LocalDate, String> conformed = latest(Tables.CONFORM_LOG, feed, "ingest_run_id", lit(true), "finished_at");
    Map<LocalDate, String> pending = new TreeMap<>();
    ingested.forEach((dt, run) -> {
      if (!dt.isAfter(date) && !run.equals(conformed.get(dt))) {
        pending.put(dt, run);
      }
    });
    if (pending.isEmpty()) {
      return pending;
    }
    LocalDate first = pending.keySet().iterator().next();
    boolean correction = conformed.keySet().stream().anyMatch(dt -> !dt.isBefore(first));
    if (correction && lake.exists(Tables.silver(feed))) {
      rewind(feed, first);
      ingested.forEach((dt, run) -> {
        if (!dt.isBefore(first)) {
          pending.put(dt, run);
        }
      });
    }
    return pending;
  }

  private Map<LocalDate, String> latest(io.tradecredit.lake.Table log, Feed feed, String value, Column filter,
      String orderBy) {
    Map<LocalDate, String> out = new TreeMap<>();
    if (!lake.exists(log)) {
      return out;
    }
    lake.read(log).where(col("feed").equalTo(feed.id()))
        .withColumn("rn", row_number().over(Window.partitionBy("dt").orderBy(col(orderBy).desc())))
        .where(col("rn").equalTo(1).and(filter))
        .select("dt", value).collectAsList()
        .forEach(r -> out.put(r.getDate(0).toLocalDate(), r.getString(1)));
    return out;
  }

  /** Undoes every version delivered on or after {@code from}, so those deliveries can be merged again. */
  private void rewind(Feed feed, LocalDate from) {
    String day = "DATE'" + from + "'";
    var table = lake.delta(Tables.silver(feed));
    table.delete(Silver.VALID_FROM + " >= " + day);
    table.updateExpr(Silver.VALID_TO + " >= " + day, Map.of(Silver.VALID_TO, "CAST(NULL AS DATE)"));
    Console.line("conform %-13s rewound to %s for a corrected re-delivery", feed.id(), from);
  }

  private void conform(Feed feed, LocalDate dt, String ingestRunId) {
    long start = System.nanoTime();
    Dataset<Row> bronze = lake.read(Tables.bronze(feed)).where(col("dt").equalTo(lit(java.sql.Date.valueOf(dt))));
    Dataset<Row> latest = VersionMerge.latestPerKey(bronze, feed.key(), feed.hasUpdatedAt());
    Dataset<Row> enriched = Enrich.apply(lake, feed, latest).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long quarantined = 0;
      if (List.of(enriched.columns()).contains("fx_missing")) {
        Dataset<Row> missing = enriched.where(col("fx_missing"));
        quarantined = quarantine(feed, dt, missing);
        enriched = enriched.where(not(col("fx_missing"))).drop("fx_missing", "fx_currency");
      }
      Dataset<Row> silverRows = enriched.drop("ingested_at").withColumnRenamed("run_id", "ingest_run_id")
          .withColumnRenamed("dt", "delivered_dt");
      Map<String, String> metrics = VersionMerge.merge(lake, Tables.silver(feed), silverRows, feed.key(),
          feed.hasUpdatedAt(), dt);
      long inserted = parse(metrics.get("numTargetRowsInserted"));
      long closed = parse(metrics.get("numTargetRowsUpdated"));
      Row log = RowFactory.create(ctx.runId(), feed.id(), java.sql.Date.valueOf(dt), ingestRunId, -1L, inserted,
          closed, quarantined, Timestamp.from(Instant.now()));
      lake.append(Tables.CONFORM_LOG, ctx.spark().createDataFrame(List.of(log), LOG_SCHEMA));
      Console.line("conform %-13s dt=%s  versions inserted %s  superseded %d  quarantined %d (NO_FX_RATE)  %s",
          feed.id(), dt, inserted < 0 ? "all" : String.valueOf(inserted), Math.max(closed, 0), quarantined,
          Console.seconds(start));
    } finally {
      enriched.unpersist();
    }
  }

  private static long parse(String v) {
    try {
      return v == null ? -1 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private long quarantine(Feed feed, LocalDate dt, Dataset<Row> missing) {
    Dataset<Row> rows = missing.select(
        lit("conform").as("stage"), lit(feed.id()).as("feed"), lit(java.sql.Date.valueOf(dt)).as("dt"),
        col("source_file"), col("source_line"), lit(io.tradecredit.ingest.Rules.NO_FX_RATE).as("rule"),
        concat(lit("no USD rate for "), coalesce(col("fx_currency"), lit("a missing currency")),
            lit(" rate within " + FxRates.MAX_FALLBACK_DAYS + " days before the amount's day")).as("message"),
        to_json(struct(feed.columnNames().stream().map(n -> col(n)).toArray(Column[]::new))).as("raw_record"),
        lit(ctx.runId()).as("run_id"), lit(Timestamp.from(Instant.now())).as("quarantined_at"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      lake.replace(Tables.QUARANTINE, rows,
          "stage = 'conform' AND feed = '" + feed.id() + "' AND dt = '" + dt + "'", "feed");
      return rows.count();
    } finally {
      rows.unpersist();
    }
  }
}
