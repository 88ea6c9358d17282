package io.tradecredit.features;

import static org.apache.spark.sql.functions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.delta.tables.DeltaTable;
import io.tradecredit.conform.Silver;
import io.tradecredit.conform.SilverColumns;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.BloomSieve;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.MergeNotices;
import io.tradecredit.lake.MergeSources;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Keeps {@code gold.company_activity_daily} current with silver: the first night (or one after silver was restated
 * under it) computes every day's partials; each later night adds the contributions of the records its deliveries
 * changed and takes away those of the versions they replaced, so it touches only the (company, day) partials they
 * fall on, late events included.
 *
 * <p>The date the table is current to travels with the data: every write carries it as Delta commit metadata,
 * so the partials and the date they stand for change in one atomic commit and a killed night is simply done
 * again.
 */
final class ActivityDaily {
  private static final String USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Changed partials (with their counterparty maps) up to this many are broadcast to the merge. */
  private static final long BROADCAST_MERGE_ROWS = 300_000;

  /** How the partials for D were obtained. */
  enum Mode { REBUILT, UPDATED, CURRENT, COMPUTED_FOR_OLDER_DATE }

  /** @param night the last delivery date the table includes; @param conformedAt the conform log's last entry then */
  record State(LocalDate night, Timestamp conformedAt) {}

  /**
   * The partials and their bands as of D ({@link ActivityBands}) and what it took; {@code changed} counts the
   * (company, day) partials a night touched, {@code bandsMoved} tells bands moved from the night before from bands
   * computed from every partial.
   */
  record Result(Dataset<Row> partials, Dataset<Row> bands, Mode mode, long changed, boolean bandsMoved) {}

  private ActivityDaily() {}

  /**
   * The partials as of D: the table, brought to D first when it is behind. For a date before the table's, they are
   * computed from silver as of that date instead (not written): an older date is reproduced, the table stays.
   *
   * @param accounts the account-to-company map as of {@code date} ({@link Snapshot#accounts})
   */
  static Result asOf(Lake lake, LocalDate date, Dataset<Row> accounts) {
    State state = state(lake);
    Conformed conformed = Conformed.read(lake, state, date);
    if (state == null || conformed.restated()) {
      Dataset<Row> all = computedInDayRanges(lake, date, accounts);
      write(lake, date, conformed.lastAt(), () -> lake.overwrite(Tables.COMPANY_ACTIVITY_DAILY,
          SilverColumns.documented(all, ActivitySql.docs())));
      withDeletionVectors(lake);
      Dataset<Row> partials = lake.read(Tables.COMPANY_ACTIVITY_DAILY);
      return new Result(partials, bandsComputed(lake, date, partials), Mode.REBUILT, -1, false);
    }
    if (date.isBefore(state.night())) {
      Dataset<Row> partials = compute(lake, date, accounts);
      return new Result(partials, ActivityBands.computed(partials, date), Mode.COMPUTED_FOR_OLDER_DATE, -1, false);
    }
    // Read before this night writes anything: whether the bands stand for the partials as the last night left them.
    boolean bandsCurrent = ActivityBands.standsFor(lake, state.night());
    if (date.equals(state.night())) {
      Dataset<Row> partials = lake.read(Tables.COMPANY_ACTIVITY_DAILY);
      return new Result(partials, bandsCurrent ? lake.read(Tables.COMPANY_ACTIVITY_BANDS)
          : bandsComputed(lake, date, partials), Mode.CURRENT, 0, false);
    }
    Bands bands = new Bands(lake, state.night(), date, bandsCurrent);
    if (!conformed.deliveredSince()) {
      // Nothing delivered since: the partials stand as they are, only the date they are current to moves.
      advance(lake, date, conformed.lastAt());
      Dataset<Row> partials = lake.read(Tables.COMPANY_ACTIVITY_DAILY);
      return new Result(partials, bands.bring(partials, partials.limit(0), List.of()), Mode.UPDATED, 0,
          bands.moves());
    }
    Updated updated = update(lake, state.night(), date, accounts, conformed.lastAt(), bands);
    return new Result(lake.read(Tables.COMPANY_ACTIVITY_DAILY), updated.bands(), Mode.UPDATED, updated.changed(),
        bands.moves());
  }

  private static Dataset<Row> bandsComputed(Lake lake, LocalDate date, Dataset<Row> partials) {
    return ActivityBands.write(lake, date, ActivityBands.computed(partials, date));
  }

  /**
   * Brings the bands from the night before to D once the partials are: moved when they stood for the partials the
   * night before and D is near, else computed from every partial.
   */
  record Bands(Lake lake, LocalDate from, LocalDate to, boolean current) {
    boolean moves() {
      return current && java.time.temporal.ChronoUnit.DAYS.between(from, to) <= ActivityBands.MAX_STEP;
    }

    /**
     * @param partials the partials as of D; @param delta their change in the night; @param literal delta's rows
     *     when the driver holds them (else empty), so a night without lost orders costs no job to learn it
     */
    Dataset<Row> bring(Dataset<Row> partials, Dataset<Row> delta, List<Row> literal) {
      if (!moves()) {
        return bandsComputed(lake, to, partials);
      }
      Dataset<Row> old = lake.read(Tables.COMPANY_ACTIVITY_BANDS);
      Dataset<Row> lost = lostFirstDays(old, delta, literal, partials);
      return ActivityBands.write(lake, to, ActivityBands.moved(old, delta, partials, from, to, lost));
    }

    /**
     * The companies whose first order day as of the night before lost orders in this night, with their first order
     * day now (null without one); null when there are none, as on most nights.
     */
    private Dataset<Row> lostFirstDays(Dataset<Row> old, Dataset<Row> delta, List<Row> literal,
        Dataset<Row> partials) {
      Column fewer = col("s_orders").lt(0).or(col("b_orders").lt(0));
      boolean any = literal.isEmpty() ? !delta.where(fewer).isEmpty()
          : literal.stream().anyMatch(r -> r.<Long>getAs("s_orders") < 0 || r.<Long>getAs("b_orders") < 0);
      if (!any) {
        return null;
      }
      List<Row> lost = delta.where(fewer).select("company_id", "day")
          .join(old.select("company_id", "first_order_day").distinct(), "company_id")
          .where(col("day").leq(col("first_order_day")))
          .groupBy("company_id").agg(min("first_order_day").as("was"))
          .collectAsList();
      if (lost.isEmpty()) {
        return null;
      }
      SparkSession spark = lake.spark();
      Dataset<Row> ids = spark.createDataFrame(lost, lost.get(0).schema()).select("company_id");
      java.sql.Date earliest = lost.stream().map(r -> r.<java.sql.Date>getAs("was")).min(java.util.Comparator
          .naturalOrder()).get();
      Dataset<Row> now = partials.where(col("day").geq(lit(earliest)).and(col("day").leq(lit(java.sql.Date
              .valueOf(to)))).and(col("s_orders").gt(0).or(col("b_orders").gt(0))))
          .join(ids, seq("company_id"), "left_semi")
          .groupBy("company_id").agg(min("day").as("first_order_day"));
      return MergeSources.collect(ids.join(now, seq("company_id"), "left"));
    }
  }

  /**
   * What {@code ops.conform_log} says about the partials, read in one query.
   *
   * @param lastAt the log's last entry (null without one), recorded with every write of the partials
   * @param restated conform merged (again) a delivery the table already includes after the table took it in
   * @param deliveredSince conform merged a delivery with rows dated after the table's night and by D. Judged by
   *     its rows, not by the versions its merge inserted: a conform killed after its merges but before its log
   *     leaves them to a rerun whose merges insert nothing, silver holding them already.
   */
  record Conformed(Timestamp lastAt, boolean restated, boolean deliveredSince) {
    static Conformed read(Lake lake, State state, LocalDate date) {
      if (!lake.exists(Tables.CONFORM_LOG)) {
        return new Conformed(null, false, false);
      }
      Column restated = lit(false);
      Column delivered = lit(false);
      if (state != null) {
        java.sql.Date night = java.sql.Date.valueOf(state.night());
        restated = col("dt").leq(lit(night))
            .and(state.conformedAt() == null ? lit(true) : col("finished_at").gt(lit(state.conformedAt())));
        delivered = col("dt").gt(lit(night)).and(col("dt").leq(lit(java.sql.Date.valueOf(date))))
            .and(col("rows_in").gt(0));
      }
      Row r = lake.read(Tables.CONFORM_LOG)
          .agg(max("finished_at"), max(restated.cast("int")), max(delivered.cast("int")))
          .first();
      return new Conformed(r.isNullAt(0) ? null : r.getTimestamp(0), !r.isNullAt(1) && r.getInt(1) == 1,
          !r.isNullAt(2) && r.getInt(2) == 1);
    }
  }

  /** Every partial as of {@code date}, computed from silver with the account map of that date. */
  static Dataset<Row> compute(Lake lake, LocalDate date, Dataset<Row> accounts) {
    return summed(lake, contributions(lake, date, accounts));
  }

  /**
   * The partials as of D, each task's in one range of days (companies in order within a day) and sorted, so that
   * the table's files hold ranges of days that a merge or the bands' read of a few days skips by their statistics.
   * The contributions are ranged before they are summed: both sums find their rows together, so the rows are
   * shuffled once. Sorted after the sums instead (ORDER BY), they were shuffled three times, and the last sum was
   * computed twice, once for Spark to sample the ranges (bench/RESULTS.md).
   */
  static Dataset<Row> computedInDayRanges(Lake lake, LocalDate date, Dataset<Row> accounts) {
    return summed(lake, contributions(lake, date, accounts).repartitionByRange(col("day"), col("company_id")))
        .sortWithinPartitions("day", "company_id");
  }

  /** Every record's contributions as of D, from silver. */
  private static Dataset<Row> contributions(Lake lake, LocalDate date, Dataset<Row> accounts) {
    Snapshot.register(lake, "a", date, accounts, null, null);
    return lake.spark().sql(ActivitySql.contributions("a", 1));
  }

  /** The partials: contributions summed per company and day. */
  private static Dataset<Row> summed(Lake lake, Dataset<Row> contributions) {
    contributions.createOrReplaceTempView("a_contributions");
    return lake.spark().sql(ActivitySql.partials("a_contributions"));
  }

  /** The partials a night touched and the bands as of its date. */
  private record Updated(long changed, Dataset<Row> bands) {}

  /** Applies the deliveries after {@code from} up to {@code to}, then brings the bands there. */
  private static Updated update(Lake lake, LocalDate from, LocalDate to, Dataset<Row> accounts,
      Timestamp conformedAt, Bands bands) {
    SparkSession spark = lake.spark();
    List<Dataset<Row>> cached = new java.util.ArrayList<>();
    long t0 = System.nanoTime();
    Dataset<Row> before = Snapshot.accounts(lake, from).persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(before);
    // The caller may keep the map of D in memory for the features too; then it is the caller's to release.
    Dataset<Row> after = accounts;
    if (accounts.storageLevel().equals(StorageLevel.NONE())) {
      after = accounts.persist(StorageLevel.MEMORY_AND_DISK());
      cached.add(after);
    }
    Snapshot.Keys keys = keys(lake, from, to, before, after, cached);
    long keysAt = System.nanoTime();
    try {
      Snapshot.register(lake, "n", to, after, keys, cached);
      Snapshot.register(lake, "o", from, before, keys, cached);
      spark.sql(ActivitySql.contributions("n", 1)).createOrReplaceTempView("n_contributions");
      spark.sql(ActivitySql.contributions("o", -1)).createOrReplaceTempView("o_contributions");
      spark.sql("SELECT * FROM n_contributions UNION ALL SELECT * FROM o_contributions")
          .createOrReplaceTempView("delta_contributions");
      // Checkpointed before anything reads it: a limit over an aggregate computes all of it, so collecting a large
      // night's change (to learn it does not fit) and then checkpointing it computed it twice. Checkpointed, not
      // cached: the merge and then the bands read it, and a cached plan was not always found again after the merge
      // (a 100k-company night computed it three times more for the bands).
      Dataset<Row> computed = spark.sql(ActivitySql.partials("delta_contributions")).where(changedSql())
          .localCheckpoint();
      // A usual night changes few partials: they are merged as literal rows (MergeSources).
      Dataset<Row> literal = MergeSources.collectIfFits(computed);
      Dataset<Row> delta = literal != null ? literal : computed;
      cached.add(delta);
      // How many partials changed and the days they lie between (literal rows are summed up here, not in a job).
      List<Row> literalRows = literal != null ? literal.collectAsList() : List.of();
      Row span = literal != null
          ? spanOf(literalRows)
          : delta.agg(count(lit(1)), min("day"), max("day")).first();
      long changed = span.getLong(0);
      long deltaAt = System.nanoTime();
      if (changed > 0) {
        // Outside the stamped write: a commit that carried the night before the merge would tell a killed night
        // from a done one wrongly.
        withDeletionVectors(lake);
      }
      boolean split = changed > 0 && changed <= BROADCAST_MERGE_ROWS
          && "true".equals(lake.properties(Tables.COMPANY_ACTIVITY_DAILY).get(Lake.DELETION_VECTORS));
      boolean broadcast = literal == null && changed <= BROADCAST_MERGE_ROWS;
      Dataset<Row> source = broadcast ? broadcast(delta) : delta;
      // Too large to broadcast, the change meets the table's rows in an outer join that shuffles every row it reads
      // of the days it spans (15.3M partials for a change of 772k at 1M companies; bench/RESULTS.md): a Bloom filter
      // of its keys keeps all but about 1% of the rows it does not change out of that shuffle.
      Column sieve = changed > 0 && literal == null && !broadcast
          ? BloomSieve.mightContain(BloomSieve.of(delta.select("company_id", "day"), changed), "t.company_id", "t.day")
          : null;
      Runnable merged = split
          ? () -> updateThenAppend(lake, delta, changed, span.getDate(1), span.getDate(2), to, conformedAt)
          : () -> mergeInOne(lake, source, span.getDate(1), span.getDate(2), to, conformedAt, sieve);
      if (changed > 0 && literal != null) {
        MergeSources.literal(spark, () -> {
          merged.run();
          return null;
        });
      } else if (changed > 0) {
        merged.run();
      } else {
        advance(lake, to, conformedAt);
      }
      long mergedAt = System.nanoTime();
      Dataset<Row> brought = bands.bring(lake.read(Tables.COMPANY_ACTIVITY_DAILY), delta, literalRows);
      Console.line("activity %s..%s  changed records found in %s, their contributions in %s, merged in %s, "
          + "bands %s in %s", from, to, Console.seconds(t0, keysAt), Console.seconds(keysAt, deltaAt),
          Console.seconds(deltaAt, mergedAt), bands.moves() ? "moved" : "computed", Console.seconds(mergedAt));
      return new Updated(changed, brought);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  /** count, min(day), max(day) of collected partials. */
  private static Row spanOf(List<Row> partials) {
    java.sql.Date first = null;
    java.sql.Date last = null;
    for (Row r : partials) {
      java.sql.Date day = r.getAs("day");
      first = first == null || day.before(first) ? day : first;
      last = last == null || day.after(last) ? day : last;
    }
    return org.apache.spark.sql.RowFactory.create((long) partials.size(), first, last);
  }

  /** True where a delta row changes anything: a sum or a counterparty. */
  private static Column changedSql() {
    return expr(ActivitySql.SUMS.keySet().stream().map(c -> c + " != 0").collect(Collectors.joining(" OR "))
        + " OR size(buyers) > 0 OR size(countries) > 0");
  }

  /**
   * A night's changed partials lie on recent days and on the days of late events, spread over the table's files: on a
   * large table the merge marks the rows it replaces in deletion vectors instead of rewriting every file that holds
   * one (at 10M orders it rewrote 384 MB; bench/RESULTS.md). On a small one rewriting the touched files costs less
   * than deletion vectors' own work on every later read and merge (the sample lake's features stage about 1.4 s a
   * night slower with them; a rewrite about 0.13 s per MB).
   */
  private static void withDeletionVectors(Lake lake) {
    lake.deletionVectorsPastSmall(Tables.COMPANY_ACTIVITY_DAILY);
  }

  /**
   * A night's change merged in two commits, so that the table's files are never shuffled: a MERGE that only updates
   * the partials the table holds ({@link #updateHeld}), which Delta joins to the files it touches with an inner join
   * and the change broadcast, then an append of the new ones, which carries the night. One MERGE that also inserts
   * is joined with an outer join from the change, which Spark cannot build from the change's side: at 10M orders it
   * shuffled the 10M partials of the five files the night touched to change 153k (bench/RESULTS.md). For a table
   * with deletion vectors only: a small table's merge rewrites the files it touches whole anyway.
   */
  static void updateThenAppend(Lake lake, Dataset<Row> delta, long changed, java.sql.Date first,
      java.sql.Date last, LocalDate night, Timestamp conformedAt) {
    Column[] key = {col("company_id"), col("day")};
    // Beyond literal rows, the days' rows (some 10M in the touched files at 10M orders) meet a Bloom filter of the
    // change's keys before its hash table, here and in the merge.
    org.apache.spark.util.sketch.BloomFilter bloom = MergeSources.fits(changed) ? null
        : BloomSieve.of(delta.select(key), changed);
    Dataset<Row> days = lake.read(Tables.COMPANY_ACTIVITY_DAILY).where(col("day").between(lit(first), lit(last)));
    // The change's keys the table holds, found by probing the days' rows with the change's keys broadcast.
    Dataset<Row> held = (bloom == null ? days : days.where(BloomSieve.mightContain(bloom, "company_id", "day")))
        .select(key)
        .join(broadcast(delta.select(key)), seq("company_id", "day"), "left_semi")
        .localCheckpoint();
    try {
      updateHeld(lake, delta.join(broadcast(held), seq("company_id", "day"), "left_semi"), first, last, night,
          bloom == null ? null : BloomSieve.mightContain(bloom, "t.company_id", "t.day"));
      Dataset<Row> inserts = delta.join(broadcast(held), seq("company_id", "day"), "left_anti");
      String[] columns = lake.read(Tables.COMPANY_ACTIVITY_DAILY).columns();
      write(lake, night, conformedAt, () -> lake.append(Tables.COMPANY_ACTIVITY_DAILY,
          inserts.select(java.util.Arrays.stream(columns).map(c -> col(c)).toArray(Column[]::new))));
    } finally {
      held.unpersist();
    }
  }

  /**
   * A night's change merged in one commit, which carries the night: the partials updated and the new inserted. A
   * {@code sieve} (a condition on the table's row {@code t} that holds for every key of the change, or null) filters
   * the table's rows before they meet the change.
   */
  static void mergeInOne(Lake lake, Dataset<Row> delta, java.sql.Date first, java.sql.Date last, LocalDate night,
      Timestamp conformedAt, Column sieve) {
    write(lake, night, conformedAt, () -> merge(lake, delta, first, last, true, sieve));
  }

  /**
   * The first commit of {@link #updateThenAppend}: the change of partials the table holds added to them. Its stamp
   * names the night it is on the way to, not a night the table stands for, so a run killed before the append finds
   * the partials current to no night and computes them again ({@link #state}).
   */
  static void updateHeld(Lake lake, Dataset<Row> updates, java.sql.Date first, java.sql.Date last,
      LocalDate night) {
    updateHeld(lake, updates, first, last, night, null);
  }

  /** {@link #updateHeld}, the partials' rows sieved by {@code sieve} (a condition on {@code t}) when not null. */
  private static void updateHeld(Lake lake, Dataset<Row> updates, java.sql.Date first, java.sql.Date last,
      LocalDate night, Column sieve) {
    SparkSession spark = lake.spark();
    spark.conf().set(USER_METADATA, "{\"updating_to\":\"" + night + "\"}");
    try {
      merge(lake, broadcast(updates), first, last, false, sieve);
    } finally {
      spark.conf().unset(USER_METADATA);
    }
  }

  /**
   * Merges the delta rows, whose days lie in [first, last]: files of other days are skipped, not scanned. Without
   * {@code insert}, only the partials the table holds are updated (or deleted when nothing is left of them). A
   * {@code sieve} (a condition on the table's row {@code t} that holds for every key of the delta) is met before the
   * keys: Spark filters the table's rows by it below the join.
   */
  private static void merge(Lake lake, Dataset<Row> delta, java.sql.Date first, java.sql.Date last,
      boolean insert, Column sieve) {
    Map<String, String> sum = new LinkedHashMap<>();
    for (Map.Entry<String, String[]> e : ActivitySql.SUMS.entrySet()) {
      sum.put(e.getKey(), "CAST(t." + e.getKey() + " + d." + e.getKey() + " AS " + e.getValue()[0] + ")");
    }
    String buyers = ActivitySql.addedBuyers("t.buyers", "d.buyers");
    String countries = ActivitySql.addedCountries("t.countries", "d.countries");
    String gone = ActivitySql.UNITS.stream().map(sum::get).map(s -> s + " = 0").collect(Collectors.joining(" AND "))
        + " AND size(" + buyers + ") = 0 AND size(" + countries + ") = 0";
    Map<String, String> update = new LinkedHashMap<>(sum);
    update.put("buyers", buyers);
    update.put("countries", countries);
    Map<String, String> inserted = new LinkedHashMap<>();
    inserted.put("company_id", "d.company_id");
    inserted.put("day", "d.day");
    ActivitySql.SUMS.keySet().forEach(c -> inserted.put(c, "d." + c));
    inserted.put("buyers", "d.buyers");
    inserted.put("countries", "d.countries");
    Column days = expr("t.day BETWEEN DATE'" + first + "' AND DATE'" + last + "'");
    DeltaTable table = lake.delta(Tables.COMPANY_ACTIVITY_DAILY);
    MergeNotices.quiet(() -> {
      var merge = table.as("t")
          .merge(delta.as("d"), (sieve == null ? days : days.and(sieve))
              .and(expr("t.company_id = d.company_id AND t.day = d.day")))
          .whenMatched(gone).delete()
          .whenMatched().updateExpr(update);
      (insert ? merge.whenNotMatched().insertExpr(inserted) : merge).execute();
      return null;
    });
  }

  /** Records that the partials stand for {@code night} too: a commit that adds no rows. */
  private static void advance(Lake lake, LocalDate night, Timestamp conformedAt) {
    write(lake, night, conformedAt, () -> lake.append(Tables.COMPANY_ACTIVITY_DAILY,
        lake.read(Tables.COMPANY_ACTIVITY_DAILY).limit(0)));
  }

  /**
   * Runs a write with the date it brings the table to, and the conform log's last entry it saw, recorded in its
   * commit.
   */
  private static void write(Lake lake, LocalDate night, Timestamp conformed, Runnable write) {
    SparkSession spark = lake.spark();
    String meta = "{\"night\":\"" + night + "\",\"conformed_at\":\"" + conformed + "\"}";
    spark.conf().set(USER_METADATA, meta);
    try {
      write.run();
    } finally {
      spark.conf().unset(USER_METADATA);
    }
  }

  /**
   * The date the table is current to, from its latest commit that changed rows ({@link Lake#stamp}); null without
   * a table, or when that commit is not ours (a RESTORE, a hand-made DELETE): the partials are then computed again.
   */
  static State state(Lake lake) {
    JsonNode m = stampOf(lake, Tables.COMPANY_ACTIVITY_DAILY);
    if (m == null || !m.has("night")) {
      return null;
    }
    try {
      String at = m.path("conformed_at").asText("null");
      return new State(LocalDate.parse(m.get("night").asText()), "null".equals(at) ? null : Timestamp.valueOf(at));
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The JSON object a table's rows are stamped with ({@link Lake#stamp}); null without one, or when not JSON. */
  static JsonNode stampOf(Lake lake, io.tradecredit.lake.Table table) {
    String stamp = lake.stamp(table);
    if (stamp == null) {
      return null;
    }
    try {
      return JSON.readTree(stamp);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /**
   * The records whose contributions may differ between silver as of {@code from} and as of {@code to}: those with a
   * version delivered in between, the orders, shipments, disputes and payments of accounts that moved to another
   * company, and the shipments and disputes of changed orders (their seller, buyer and order day come from it).
   */
  static Snapshot.Keys keys(Lake lake, LocalDate from, LocalDate to, Dataset<Row> before, Dataset<Row> after,
      List<Dataset<Row>> cached) {
    Column delivered = col(Silver.VALID_FROM).gt(lit(java.sql.Date.valueOf(from)))
        .and(col(Silver.VALID_FROM).leq(lit(java.sql.Date.valueOf(to))));
    Column either = Silver.validOn(from).or(Silver.validOn(to));
    KeySet moved = KeySet.of(cached, movedAccounts(before, after));
    boolean anyMoved = !moved.rows().isEmpty();

    Dataset<Row> orders = Snapshot.versions(lake, Feed.ORDERS);
    Dataset<Row> orderKeys = orders.where(delivered).select("platform", "order_id");
    if (anyMoved) {
      for (String side : List.of("seller_account", "buyer_account")) {
        orderKeys = orderKeys.union(moved.keep(orders.where(either), "platform", side)
            .select("platform", "order_id"));
      }
    }
    KeySet kOrders = KeySet.of(cached, orderKeys.distinct());

    Dataset<Row> shipments = Snapshot.versions(lake, Feed.SHIPMENTS).where(either);
    KeySet kShipments = KeySet.of(cached, deliveredOrOfOrders(Snapshot.versions(lake, Feed.SHIPMENTS), delivered,
        either, kOrders).select("carrier", "shipment_id").distinct());
    Dataset<Row> disputes = Snapshot.versions(lake, Feed.DISPUTES).where(either);
    KeySet kDisputes = KeySet.of(cached, deliveredOrOfOrders(Snapshot.versions(lake, Feed.DISPUTES), delivered,
        either, kOrders).select("platform", "dispute_id").distinct());
    Dataset<Row> payments = Snapshot.versions(lake, Feed.PAYMENTS);
    Dataset<Row> paymentKeys = payments.where(delivered).select("platform", "payment_id");
    if (anyMoved) {
      paymentKeys = paymentKeys.union(moved.keep(payments.where(either), "platform", "payer_account")
          .select("platform", "payment_id"));
    }
    KeySet kPayments = KeySet.of(cached, paymentKeys.distinct());
    // The versions of those records valid on either date, read once for both snapshots.
    Dataset<Row> shipmentRows = rows(cached, kShipments.keep(shipments, "carrier", "shipment_id"));
    Dataset<Row> disputeRows = rows(cached, kDisputes.keep(disputes, "platform", "dispute_id"));
    KeySet refs = KeySet.of(cached, kOrders.rows()
        .union(shipmentRows.select("platform", "order_id"))
        .union(disputeRows.select("platform", "order_id"))
        .distinct());
    Dataset<Row> refRows = rows(cached, refs.keep(orders.where(either), "platform", "order_id"));
    return new Snapshot.Keys(refRows.join(kOrders.toJoin(), seq("platform", "order_id"), "left_semi"), refRows,
        shipmentRows, disputeRows,
        rows(cached, kPayments.keep(payments.where(either), "platform", "payment_id")));
  }

  /**
   * The versions delivered in the night, and those valid on either date that belong to one of {@code orders}: one
   * read of the table for both, where a union of the two would read it twice.
   */
  private static Dataset<Row> deliveredOrOfOrders(Dataset<Row> versions, Column delivered, Column either,
      KeySet orders) {
    Dataset<Row> marked = orders.rows().select(col("platform").as("_k_platform"), col("order_id").as("_k_order_id"),
        lit(true).as("_k_changed"));
    Dataset<Row> read = versions.where(delivered.or(either));
    if (!orders.literal()) {
      read = read.where(delivered.or(orders.sieve("platform", "order_id")));
    }
    // The keys are distinct, so the outer join keeps each version once.
    return read
        .join(orders.small() ? broadcast(marked) : marked, col("platform").equalTo(col("_k_platform"))
            .and(col("order_id").equalTo(col("_k_order_id"))), "left")
        .where(delivered.or(col("_k_changed").isNotNull()));
  }

  /** Accounts whose company differs between the two dates (new accounts included). */
  private static Dataset<Row> movedAccounts(Dataset<Row> before, Dataset<Row> after) {
    return before.select(col("platform"), col("account_id"), col("company_id").as("before"))
        .join(after.select(col("platform"), col("account_id"), col("company_id").as("after")),
            seq("platform", "account_id"), "full_outer")
        .where(not(col("before").eqNullSafe(col("after"))))
        .select("platform", "account_id");
  }

  /** Materialises the versions of the changed records once. */
  private static Dataset<Row> rows(List<Dataset<Row>> cached, Dataset<Row> versions) {
    Dataset<Row> kept = versions.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(kept);
    return kept;
  }

  private static scala.collection.immutable.Seq<String> seq(String... columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(columns)).toList();
  }
}
