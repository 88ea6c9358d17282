package io.tradecredit.conform;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.MergeSources;
import io.tradecredit.lake.Parallel;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.ArrayList;
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
  /**
   * Feeds in merge order, in waves whose feeds are independent: rates before the amounts converted with them,
   * orders before the payments that may take their order's currency.
   */
  static final List<List<Feed>> WAVES = List.of(
      List.of(Feed.FX_RATES),
      List.of(Feed.REGISTRY, Feed.ACCOUNTS, Feed.ORDERS, Feed.SHIPMENTS, Feed.DISPUTES, Feed.CREDIT_EVENTS),
      List.of(Feed.PAYMENTS));

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
  /** The daily rates the run converts with, read once its first wave has brought them up to date. */
  private Dataset<Row> rates;

  public ConformStage(RunContext ctx) {
    this.ctx = ctx;
    this.lake = ctx.lake();
  }

  public void run(LocalDate date) {
    long start = System.nanoTime();
    synchronized (this) {
      rates = null;
    }
    Map<String, Map<LocalDate, Row>> ingested = latest(Tables.INGEST_LOG, col("status").equalTo("OK"), "started_at",
        "run_id", "accepted");
    Map<String, Map<LocalDate, Row>> conformed = latest(Tables.CONFORM_LOG, lit(true), "finished_at",
        "ingest_run_id");
    Map<Feed, Plan> plans = new java.util.EnumMap<>(Feed.class);
    for (Feed feed : Feed.values()) {
      plans.put(feed, plan(feed, date, ingested.getOrDefault(feed.id(), Map.of()),
          conformed.getOrDefault(feed.id(), Map.of())));
    }
    // A small delivery is merged as literal rows (see MergeSources), whatever the size of the others; Delta's copy of
    // merge sources is switched off only on a night all of whose deliveries are (the usual one): the setting is the
    // session's, and a larger delivery's merge reads its source more than once.
    boolean everyFits = plans.values().stream().flatMap(p -> p.deliveries().values().stream())
        .allMatch(run -> MergeSources.fits(run.getLong(1)));
    List<Row> log = java.util.Collections.synchronizedList(new ArrayList<>());
    lake.ensure(Tables.QUARANTINE, io.tradecredit.ingest.IngestStage.QUARANTINE_SCHEMA, "feed");
    try {
      Runnable waves = () -> {
        for (List<Feed> wave : WAVES) {
          List<Runnable> tasks = new ArrayList<>();
          for (Feed feed : wave) {
            tasks.add(() -> conformFeed(feed, plans.get(feed), conformed.getOrDefault(feed.id(), Map.of()), log));
          }
          Parallel.run(tasks, ctx.config().spark().parallelFeeds());
        }
      };
      if (everyFits) {
        MergeSources.literal(ctx.spark(), () -> {
          waves.run();
          return null;
        });
      } else {
        waves.run();
      }
    } finally {
      if (!log.isEmpty()) {
        lake.append(Tables.CONFORM_LOG, ctx.spark().createDataFrame(log, LOG_SCHEMA));
      }
    }
    Dataset<Row> accounts = companyAccounts(lake, date);
    // Rebuilt when the silver it is made from changed since it was built, as the lake says and not as this run
    // merged: a run killed after its merges but before this leaves the rerun nothing to merge.
    String identityFrom = accounts == null ? null : identitySources(lake);
    if (accounts != null && (!identityFrom.equals(lake.stamp(Tables.IDENTITY_REVIEW))
        || !lake.exists(Tables.COMPANY_ACCOUNTS))) {
      // The map is written and then counted by method: kept in memory so that it is computed once.
      Dataset<Row> map = SilverColumns.documented(accounts, SilverColumns.COMPANY_ACCOUNTS)
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        overwriteDescribed(Tables.COMPANY_ACCOUNTS, map, mapStamp(identityFrom, date));
        Map<String, Long> methods = new TreeMap<>();
        long[] review = {0};
        // One pass over the kept map counts both the methods and the accounts left for review.
        map.groupBy("match_method").agg(count(lit(1)), sum(when(col("match_reason").startsWith("AMBIGUOUS_NAME"), 1)
            .otherwise(0))).collectAsList().forEach(r -> {
              methods.put(r.getString(0), r.getLong(1));
              review[0] += r.getLong(2);
            });
        // Written last, so its stamp says both tables are current.
        overwriteDescribed(Tables.IDENTITY_REVIEW, SilverColumns.documented(identityReview(lake, date, map),
            SilverColumns.IDENTITY_REVIEW), identityFrom);
        Console.line("conform company_accounts as of %s  %s  ambiguous name matches for review %d (%s)", date,
            methods, review[0], Tables.IDENTITY_REVIEW.qualified());
      } finally {
        map.unpersist();
      }
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

  /**
   * The map of {@link #companyAccounts}, read from silver.company_accounts when that holds it: made as of
   * {@code date} from the silver the lake holds now, as its stamp says. A night's features then read the map its
   * conform wrote instead of matching every account again (tens of seconds at a million companies).
   */
  public static Dataset<Row> companyAccountsRead(Lake lake, LocalDate date) {
    if (!lake.exists(Tables.silver(Feed.ACCOUNTS)) || !lake.exists(Tables.silver(Feed.REGISTRY))) {
      return null;
    }
    return mapStamp(identitySources(lake), date).equals(lake.stamp(Tables.COMPANY_ACCOUNTS))
        ? lake.read(Tables.COMPANY_ACCOUNTS) : companyAccounts(lake, date);
  }

  /** What the map and its review are made from: the accounts and registry at their current versions. */
  private static String identitySources(Lake lake) {
    return stampOf(lake, Tables.silver(Feed.ACCOUNTS), Tables.silver(Feed.REGISTRY));
  }

  /** The map's stamp: its sources, and its date (the review's is its sources only, which decide a rebuild). */
  private static String mapStamp(String sources, LocalDate date) {
    return sources + " as of " + date;
  }

  /** The ambiguous name matches of {@code map} (the account-to-company map as of {@code date}), for review. */
  static Dataset<Row> identityReview(Lake lake, LocalDate date, Dataset<Row> map) {
    return Identity.ambiguous(map, Silver.asOf(lake, Feed.ACCOUNTS, date), Silver.asOf(lake, Feed.REGISTRY, date))
        .withColumn("as_of_date", lit(java.sql.Date.valueOf(date)));
  }

  /**
   * What a feed's conform does: the deliveries to merge, oldest first, and the date silver is first rewound to
   * (null when nothing is merged again).
   */
  record Plan(Map<LocalDate, Row> deliveries, LocalDate rewindFrom) {}

  /**
   * The feed's ingested deliveries up to {@code date} not merged yet (or merged from an earlier ingest of the same
   * dt); when one of them is older than a merged one, silver is rewound to it and every later delivery merged again.
   */
  private Plan plan(Feed feed, LocalDate date, Map<LocalDate, Row> ingested, Map<LocalDate, Row> conformed) {
    Map<LocalDate, Row> pending = new TreeMap<>();
    ingested.forEach((dt, run) -> {
      Row done = conformed.get(dt);
      if (!dt.isAfter(date) && (done == null || !run.getString(0).equals(done.getString(0)))) {
        pending.put(dt, run);
      }
    });
    if (pending.isEmpty()) {
      return new Plan(pending, null);
    }
    LocalDate first = pending.keySet().iterator().next();
    boolean correction = conformed.keySet().stream().anyMatch(dt -> !dt.isBefore(first));
    if (correction && lake.exists(Tables.silver(feed))) {
      ingested.forEach((dt, run) -> {
        if (!dt.isBefore(first)) {
          pending.put(dt, run);
        }
      });
      return new Plan(pending, first);
    }
    return new Plan(pending, null);
  }

  /** Carries out a feed's plan; each delivery that fits is merged from literal rows ({@link MergeSources}). */
  private void conformFeed(Feed feed, Plan plan, Map<LocalDate, Row> conformed, List<Row> log) {
    if (plan.rewindFrom() != null) {
      rewind(feed, plan.rewindFrom());
    }
    for (Map.Entry<LocalDate, Row> delivery : plan.deliveries().entrySet()) {
      log.add(conform(feed, delivery.getKey(), delivery.getValue().getString(0), delivery.getValue().getLong(1),
          conformed.containsKey(delivery.getKey()), MergeSources.fits(delivery.getValue().getLong(1))));
    }
    Table rates = Tables.silver(Feed.FX_RATES);
    if (feed == Feed.FX_RATES && lake.exists(rates)) {
      // Small (currencies x days): rebuilt whole whenever rates change, so fallbacks see late rates too; judged
      // by the stamp, as company_accounts, so that a kill between the merge and this cannot leave it behind.
      String from = stampOf(lake, rates);
      if (!from.equals(lake.stamp(Tables.FX_DAILY))) {
        overwriteDescribed(Tables.FX_DAILY, SilverColumns.documented(FxRates.daily(lake.read(rates)
            .where(col(Silver.VALID_TO).isNull())), SilverColumns.FX_DAILY), from);
      }
    }
  }

  /**
   * The daily rates, read on the first call: conform's first wave (the rates) is done by then, and the feeds of
   * later waves, converted in parallel, share one read, as literal rows when they fit.
   */
  private synchronized Dataset<Row> rates() {
    if (rates == null) {
      rates = Enrich.rates(lake);
    }
    return rates;
  }

  /** What a derived table is made from: its sources at their current versions. */
  private static String stampOf(Lake lake, Table... sources) {
    return java.util.Arrays.stream(sources).map(t -> t.qualified() + "@" + lake.version(t))
        .collect(java.util.stream.Collectors.joining(" "));
  }

  /** Replaces a table whole, stamped; a new table gets its description (kept by later overwrites). */
  private void overwriteDescribed(Table table, Dataset<Row> rows, String stamp) {
    if (lake.exists(table)) {
      lake.overwrite(table, rows, stamp);
    } else {
      lake.create(table, rows, Map.of("comment", table.comment()), stamp);
    }
  }

  /** Per feed and dt, the given columns of the latest log row that passes {@code filter}. */
  private Map<String, Map<LocalDate, Row>> latest(io.tradecredit.lake.Table table, Column filter, String orderBy,
      String... values) {
    Map<String, Map<LocalDate, Row>> out = new HashMap<>();
    if (!lake.exists(table)) {
      return out;
    }
    List<Column> cols = new ArrayList<>(List.of(col("feed"), col("dt")));
    for (String v : values) {
      cols.add(col(v));
    }
    lake.read(table)
        .where(filter)
        .withColumn("rn", row_number().over(Window.partitionBy("feed", "dt").orderBy(col(orderBy).desc())))
        .where(col("rn").equalTo(1))
        .select(cols.toArray(new Column[0])).collectAsList()
        .forEach(r -> {
          Object[] v = new Object[values.length];
          for (int i = 0; i < v.length; i++) {
            v[i] = r.get(2 + i);
          }
          out.computeIfAbsent(r.getString(0), k -> new TreeMap<>()).put(r.getDate(1).toLocalDate(),
              RowFactory.create(v));
        });
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

  /** @param again whether an earlier ingest of this delivery was conformed (its NO_FX_RATE rows are replaced) */
  private Row conform(Feed feed, LocalDate dt, String ingestRunId, long accepted, boolean again, boolean literal) {
    long start = System.nanoTime();
    if (accepted == 0) {
      Console.line("conform %-13s dt=%s  nothing delivered", feed.id(), dt);
      return RowFactory.create(ctx.runId(), feed.id(), java.sql.Date.valueOf(dt), ingestRunId, 0L, 0L, 0L, 0L,
          Timestamp.from(Instant.now()));
    }
    Dataset<Row> bronze = lake.read(Tables.bronze(feed)).where(col("dt").equalTo(lit(java.sql.Date.valueOf(dt))));
    Dataset<Row> latest = VersionMerge.latestPerKey(bronze, feed.key(), feed.hasUpdatedAt());
    Dataset<Row> computed = Enrich.apply(lake, feed, latest, accepted, this::rates);
    boolean converts = List.of(computed.columns()).contains("fx_missing");
    // The delivery's rows are read more than once (quarantine, merge): collected when small, else kept in memory.
    Dataset<Row> delivery = literal ? MergeSources.collect(computed)
        : computed.persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> enriched = delivery;
    try {
      long rowsIn;
      long missingRows;
      if (literal) {
        List<Row> rows = delivery.collectAsList();
        int fx = converts ? delivery.schema().fieldIndex("fx_missing") : -1;
        rowsIn = rows.size();
        missingRows = fx < 0 ? 0 : rows.stream().filter(r -> r.getBoolean(fx)).count();
      } else {
        // One pass fills the cache and counts both the rows and those without a rate.
        Row counts = enriched.agg(count(lit(1)), converts ? count(when(col("fx_missing"), 1)) : lit(0L)).first();
        rowsIn = counts.getLong(0);
        missingRows = counts.getLong(1);
      }
      long quarantined = 0;
      if (converts) {
        // Only a delivery conformed before can have NO_FX_RATE rows to replace; otherwise skip an empty commit.
        quarantined = again || missingRows > 0 ? quarantine(feed, dt, enriched.where(col("fx_missing")), missingRows)
            : 0;
        enriched = enriched.where(not(col("fx_missing"))).drop("fx_missing", "fx_currency");
      }
      Dataset<Row> silverRows = enriched.drop("ingested_at").withColumnRenamed("run_id", "ingest_run_id")
          .withColumnRenamed("dt", "delivered_dt");
      VersionMerge.Result merged = VersionMerge.merge(lake, Tables.silver(feed), silverRows,
          rowsIn - missingRows, literal, feed.key(), feed.hasUpdatedAt(), dt, SilverColumns.of(feed));
      long inserted = merged.versionsInserted();
      long closed = merged.versionsClosed();
      Console.line("conform %-13s dt=%s  versions inserted %d  superseded %d  quarantined %d (NO_FX_RATE)  %s",
          feed.id(), dt, inserted, closed, quarantined, Console.seconds(start));
      return RowFactory.create(ctx.runId(), feed.id(), java.sql.Date.valueOf(dt), ingestRunId, accepted, inserted,
          closed, quarantined, Timestamp.from(Instant.now()));
    } finally {
      delivery.unpersist();
    }
  }

  /** Replaces the delivery's NO_FX_RATE rows in the quarantine with {@code missing} ({@code rows} of them). */
  private long quarantine(Feed feed, LocalDate dt, Dataset<Row> missing, long rows) {
    Dataset<Row> quarantined = missing.select(
        lit("conform").as("stage"), lit(feed.id()).as("feed"), lit(java.sql.Date.valueOf(dt)).as("dt"),
        col("source_file"), col("source_line"), lit(io.tradecredit.ingest.Rules.NO_FX_RATE).as("rule"),
        concat(lit("no USD rate for "), coalesce(col("fx_currency"), lit("a missing currency")),
            lit(" rate within " + FxRates.MAX_FALLBACK_DAYS + " days before the amount's day")).as("message"),
        to_json(struct(feed.columnNames().stream().map(n -> col(n)).toArray(Column[]::new))).as("raw_record"),
        lit(ctx.runId()).as("run_id"), lit(Timestamp.from(Instant.now())).as("quarantined_at"));
    lake.replace(Tables.QUARANTINE, quarantined,
        "stage = 'conform' AND feed = '" + feed.id() + "' AND dt = '" + dt + "'", "feed");
    return rows;
  }
}
