package io.tradecredit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.conform.ConformStage;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.BloomSieve;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.MergeSources;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.TableFiles;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The date the daily partials stand for is read from their own commits, and only trusted when ours is the last. */
class ActivityStateTest extends SparkTestBase {
  static final LocalDate THIRD = SampleLake.SECOND.plusDays(1);

  @TempDir Path tmp;
  @TempDir static Path shared;
  private static RunContext conformedThird;

  /**
   * The sample lake with the third night's drops ingested and conformed, made once for the tests that start there;
   * each works on a copy of it. Ingest and conform leave the partials as the second night made them.
   */
  private static RunContext conformedThird() {
    if (conformedThird == null) {
      RunContext ctx = SampleLake.copy(shared.resolve("third"));
      new IngestStage(ctx).run(THIRD, Arrays.asList(Feed.values()));
      new ConformStage(ctx).run(THIRD);
      conformedThird = ctx;
    }
    return conformedThird;
  }

  @Test
  void aChangeMadeByHandMakesTheNextNightComputeThePartialsAgain() {
    RunContext ctx = SampleLake.copy(tmp);
    Lake lake = ctx.lake();
    assertEquals(SampleLake.SECOND, ActivityDaily.state(lake).night());
    lake.setProperties(Tables.COMPANY_ACTIVITY_DAILY, java.util.Map.of("comment", "partials"));
    assertEquals(SampleLake.SECOND, ActivityDaily.state(lake).night(), "a property changes no partial");
    long before = lake.read(Tables.COMPANY_ACTIVITY_DAILY).count();

    lake.delta(Tables.COMPANY_ACTIVITY_DAILY).delete("day < DATE'2026-10-01'");
    assertNull(ActivityDaily.state(lake), "rows deleted by hand: the partials no longer stand for any date");

    FeaturesStage.Built again = FeaturesStage.build(lake, SampleLake.SECOND);
    assertEquals(ActivityDaily.Mode.REBUILT, again.activity());
    assertEquals(before, lake.read(Tables.COMPANY_ACTIVITY_DAILY).count());
    assertEquals(SampleLake.SECOND, ActivityDaily.state(lake).night());
  }

  /**
   * A night killed after conform merged every delivery but before it logged them: the rerun merges them again,
   * which inserts nothing (silver holds them already), yet the partials must take them in.
   */
  @Test
  void deliveriesMergedByAKilledRunAreTakenInByTheRerun() {
    RunContext ctx = SampleLake.copy(conformedThird(), tmp);
    Lake lake = ctx.lake();
    lake.delta(Tables.CONFORM_LOG).delete("dt = DATE'" + THIRD + "'");
    new ConformStage(ctx).run(THIRD);
    assertEquals(0L, lake.read(Tables.CONFORM_LOG).where("dt = DATE'" + THIRD + "'")
        .agg(org.apache.spark.sql.functions.sum("versions_inserted")).first().getLong(0),
        "the rerun's merges find every version in silver already");

    FeaturesStage.Built built = FeaturesStage.build(lake, THIRD);

    assertEquals(ActivityDaily.Mode.UPDATED, built.activity());
    assertEquals(ActivityIncrementalTest.partials(ActivityDaily.compute(lake, THIRD, Snapshot.accounts(lake, THIRD))),
        ActivityIncrementalTest.partials(lake.read(Tables.COMPANY_ACTIVITY_DAILY)));
    assertEquals(true, built.changed() > 0, "the night's deliveries changed partials: " + built.changed());
  }

  /**
   * On a large table a night's merge marks the partials it replaces in deletion vectors rather than rewriting their
   * files; setting them leaves the date the partials stand for as it was. A small table keeps rewriting.
   */
  @Test
  void aNightsMergeMarksReplacedPartialsInDeletionVectors() {
    RunContext ctx = SampleLake.copy(conformedThird(), tmp);
    Lake lake = ctx.lake();
    String vectors = "delta.enableDeletionVectors";
    long size = lake.sizeInBytes(Tables.COMPANY_ACTIVITY_DAILY);
    assertEquals(true, size > 0 && size <= TableFiles.smallBytes(lake.spark()), "the sample's partials: " + size);
    assertEquals(null, lake.properties(Tables.COMPANY_ACTIVITY_DAILY).get(vectors), "a small table rewrites");
    lake.deletionVectorsFrom(Tables.COMPANY_ACTIVITY_DAILY, size);
    assertEquals("true", lake.properties(Tables.COMPANY_ACTIVITY_DAILY).get(vectors), "as large as the bound");
    assertEquals(SampleLake.SECOND, ActivityDaily.state(lake).night());

    FeaturesStage.Built built = FeaturesStage.build(lake, THIRD);

    assertEquals(ActivityDaily.Mode.UPDATED, built.activity());
    assertEquals("true", lake.properties(Tables.COMPANY_ACTIVITY_DAILY).get(vectors));
    assertEquals(THIRD, ActivityDaily.state(lake).night());
    // The night's new partials appended last, after the merge of those the table held (updateThenAppend).
    List<Row> commits = lake.delta(Tables.COMPANY_ACTIVITY_DAILY).history(2)
        .select("operation", "operationMetrics").collectAsList();
    assertEquals("WRITE", commits.get(0).getString(0));
    Row merge = commits.get(1);
    assertEquals("MERGE", merge.getString(0));
    java.util.Map<String, String> metrics = merge.getJavaMap(1);
    assertEquals("0", metrics.get("numTargetFilesRemoved"), "no file rewritten: " + metrics);
    assertEquals(true, Long.parseLong(metrics.get("numTargetDeletionVectorsAdded")) > 0, metrics.toString());
    assertEquals(ActivityIncrementalTest.partials(ActivityDaily.compute(lake, THIRD, Snapshot.accounts(lake, THIRD))),
        ActivityIncrementalTest.partials(lake.read(Tables.COMPANY_ACTIVITY_DAILY)));
  }

  /**
   * A night's change on a table with deletion vectors: the partials the table holds updated in one commit, the new
   * ones appended in a second that carries the night. The same partials as one MERGE that also inserts, and with
   * Spark's own broadcasting off no row of the table is shuffled (that MERGE shuffles every partial of the days the
   * change spans, unless a Bloom filter of the change's keys sieves them first). Killed after the first commit, the
   * table is current to no night, and the next night computes the partials again.
   */
  @Test
  void aChangeIsMergedIntoThePartialsHeldAndAppendedAsNewOnesWithoutShufflingTheTable() {
    Lake split = SampleLake.copy(tmp.resolve("split")).lake();
    Lake single = SampleLake.copy(tmp.resolve("single")).lake();
    Lake killed = SampleLake.copy(tmp.resolve("killed")).lake();
    Lake sieved = SampleLake.copy(tmp.resolve("sieved")).lake();
    for (Lake lake : List.of(split, single, killed, sieved)) {
      lake.deletionVectorsFrom(Tables.COMPANY_ACTIVITY_DAILY, 0);
    }
    Dataset<Row> partials = split.read(Tables.COMPANY_ACTIVITY_DAILY);
    Row days = partials.agg(min("day"), max("day")).first();
    java.sql.Date first = days.getDate(0);
    java.sql.Date last = days.getDate(1);
    Dataset<Row> inRange = partials.where(col("day").between(lit(first), lit(last)));
    long spanned = inRange.count();
    long held = partials.count();
    // Partials held (the same again: sums and counterparties doubled) and new ones (a day after the last).
    Dataset<Row> change = MergeSources.collect(inRange.orderBy("company_id", "day").limit(8)
        .union(inRange.where(col("day").equalTo(lit(last))).limit(3).withColumn("day", date_add(col("day"), 1))));
    java.sql.Date to = java.sql.Date.valueOf(last.toLocalDate().plusDays(1));
    LocalDate night = THIRD;

    String threshold = spark().conf().get("spark.sql.autoBroadcastJoinThreshold");
    spark().conf().set("spark.sql.autoBroadcastJoinThreshold", "-1");
    long[] shuffled = {0, 0, 0};
    // The sieve a change too large to broadcast is merged with: a Bloom filter of its keys.
    Column sieve = BloomSieve.mightContain(BloomSieve.of(change.select("company_id", "day"), change.count()),
        "t.company_id", "t.day");
    try {
      for (int i = 0; i < 3; i++) {
        int at = i;
        Runnable merge = i == 0
            ? () -> ActivityDaily.updateThenAppend(split, change, change.count(), first, to, night, null)
            : i == 1 ? () -> ActivityDaily.mergeInOne(single, change, first, to, night, null, null)
            : () -> ActivityDaily.mergeInOne(sieved, change, first, to, night, null, sieve);
        listening(new org.apache.spark.scheduler.SparkListener() {
          @Override
          public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
              shuffled[at] += end.taskMetrics().shuffleWriteMetrics().recordsWritten();
            }
          }
        }, merge);
      }
    } finally {
      spark().conf().set("spark.sql.autoBroadcastJoinThreshold", threshold);
    }
    assertTrue(shuffled[1] >= spanned, "one MERGE shuffled " + shuffled[1] + " of " + spanned + " partials");
    assertTrue(shuffled[0] < spanned, "rows shuffled: " + shuffled[0] + " (partials spanned: " + spanned + ")");
    assertTrue(shuffled[2] < spanned, "sieved MERGE shuffled " + shuffled[2] + " of " + spanned + " partials");
    assertEquals(ActivityIncrementalTest.partials(single.read(Tables.COMPANY_ACTIVITY_DAILY)),
        ActivityIncrementalTest.partials(split.read(Tables.COMPANY_ACTIVITY_DAILY)));
    assertEquals(ActivityIncrementalTest.partials(single.read(Tables.COMPANY_ACTIVITY_DAILY)),
        ActivityIncrementalTest.partials(sieved.read(Tables.COMPANY_ACTIVITY_DAILY)));
    assertEquals(night, ActivityDaily.state(sieved).night());
    assertEquals(held, split.read(Tables.COMPANY_ACTIVITY_DAILY).where(col("day").leq(lit(last)))
        .count(), "every partial held is still there");
    long added = change.where(col("day").equalTo(lit(to))).count();
    assertTrue(added > 0);
    assertEquals(added, split.read(Tables.COMPANY_ACTIVITY_DAILY).where(col("day").equalTo(lit(to))).count());
    assertEquals(night, ActivityDaily.state(split).night());
    List<Row> commits = split.delta(Tables.COMPANY_ACTIVITY_DAILY).history(2).select("operation").collectAsList();
    assertEquals("WRITE", commits.get(0).getString(0));
    assertEquals("MERGE", commits.get(1).getString(0));

    ActivityDaily.updateHeld(killed, change.where(col("day").leq(lit(last))), first, last, night);
    assertNull(ActivityDaily.state(killed), "updated, not appended: current to no night");
    FeaturesStage.Built again = FeaturesStage.build(killed, SampleLake.SECOND);
    assertEquals(ActivityDaily.Mode.REBUILT, again.activity());
    assertEquals(ActivityIncrementalTest.partials(ActivityDaily.compute(killed, SampleLake.SECOND,
        Snapshot.accounts(killed, SampleLake.SECOND))),
        ActivityIncrementalTest.partials(killed.read(Tables.COMPANY_ACTIVITY_DAILY)));
  }

  /**
   * A change of more partials than are merged as literal rows: the days' rows meet a Bloom filter of its keys before
   * its hash table, in the probe for the partials the table holds and in the merge; the partials are those of one
   * MERGE.
   */
  @Test
  void aLargeChangeSievesThePartialsByItsKeysAndGivesTheSamePartials() {
    Lake split = SampleLake.copy(tmp.resolve("large-split")).lake();
    Lake single = SampleLake.copy(tmp.resolve("large-single")).lake();
    for (Lake lake : List.of(split, single)) {
      lake.deletionVectorsFrom(Tables.COMPANY_ACTIVITY_DAILY, 0);
    }
    Dataset<Row> partials = split.read(Tables.COMPANY_ACTIVITY_DAILY);
    Row days = partials.agg(min("day"), max("day")).first();
    java.sql.Date first = days.getDate(0);
    java.sql.Date last = days.getDate(1);
    // Every partial held (sums and counterparties doubled), and those of the last day again a day later (new).
    Dataset<Row> change = partials.union(partials.where(col("day").equalTo(lit(last)))
        .withColumn("day", date_add(col("day"), 1))).localCheckpoint();
    long changed = change.count();
    assertTrue(changed > MergeSources.LITERAL_MAX_ROWS, changed + " partials changed");
    java.sql.Date to = java.sql.Date.valueOf(last.toLocalDate().plusDays(1));

    int sieved = plansMentioning("key_bloom",
        () -> ActivityDaily.updateThenAppend(split, change, changed, first, to, THIRD, null));
    ActivityDaily.mergeInOne(single, change, first, to, THIRD, null, null);
    assertTrue(sieved >= 2, "queries sieved (the partials held, the merge): " + sieved);
    assertEquals(ActivityIncrementalTest.partials(single.read(Tables.COMPANY_ACTIVITY_DAILY)),
        ActivityIncrementalTest.partials(split.read(Tables.COMPANY_ACTIVITY_DAILY)));
    assertEquals(THIRD, ActivityDaily.state(split).night());
  }

  /**
   * A rebuild's partials: the contributions are ranged by day and company before they are summed, so the plan
   * shuffles on those columns once (not once per sum and again for an ORDER BY) and sorts within its tasks only; the
   * partials are the same as summed unranged. Two partitions, so that the ranges are real.
   */
  @Test
  void aRebuildShufflesTheContributionsOnceByDayAndGivesTheSamePartials() {
    String partitions = spark().conf().get("spark.sql.shuffle.partitions");
    spark().conf().set("spark.sql.shuffle.partitions", "2");
    try {
      Lake lake = SampleLake.twoNights().lake();
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> accounts = Snapshot.accounts(lake, SampleLake.SECOND);
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> ranged = ActivityDaily.computedInDayRanges(lake,
          SampleLake.SECOND, accounts);
      String plan = ranged.queryExecution().executedPlan().toString();
      java.util.List<String> byDay = plan.lines().filter(l -> l.contains("Exchange") && l.contains("day#")).toList();
      assertEquals(1, byDay.size(), plan);
      assertTrue(byDay.get(0).contains("rangepartitioning(day#"), plan);
      assertTrue(plan.lines().noneMatch(l -> l.contains("Sort [day#") && l.contains("], true,")), plan);
      assertEquals(ActivityIncrementalTest.partials(ActivityDaily.compute(lake, SampleLake.SECOND, accounts)),
          ActivityIncrementalTest.partials(ranged));
    } finally {
      spark().conf().set("spark.sql.shuffle.partitions", partitions);
    }
  }

  @Test
  void aFactFeedNeverDeliveredReadsAsEmptyWithItsColumns() {
    Lake empty = new Lake(spark(), tmp.toString());
    for (Feed feed : Snapshot.COLUMNS.keySet()) {
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> rows = Snapshot.asOf(empty, feed,
          SampleLake.SECOND);
      assertEquals(0, rows.count(), feed.id());
      assertEquals(true, Arrays.asList(rows.columns()).containsAll(java.util.List.of("valid_from",
          "valid_to")), feed.id());
    }
  }
}
