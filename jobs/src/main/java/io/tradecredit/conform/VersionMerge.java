package io.tradecredit.conform;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.lake.Lake;
import io.tradecredit.lake.MergeNotices;
import io.tradecredit.lake.MergeSources;
import io.tradecredit.lake.Table;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Merges one delivery's rows into a silver version table (a small delivery with one Delta MERGE, a large one with a
 * MERGE and an append): a row that beats the current version of its key closes it ({@code valid_to = dt}) and
 * becomes the current one ({@code valid_from = dt}). A small delivery none of whose rows replaces a current version
 * (new keys only) is appended instead: the same rows in one commit.
 *
 * <p>Latest wins: a row beats the current version when its {@code updated_at} is later. Ties keep the earlier
 * delivery, so a record delivered again unchanged creates no version. For fx_rates, which has no updated_at, the
 * later delivery wins. Re-merging the same delivery changes nothing: its rows no longer beat themselves.
 *
 * <p>A night costs what it brings, not what the table holds: it is written with deletion vectors (no file
 * rewritten) once the table is no longer small, when small broadcast to the joins with the table (no shuffle of the
 * history), and only the files holding the versions it replaces are read in full, the others skipped by their
 * updated_at statistics ({@link ReplacedSpans}). A large delivery is committed in two steps, the versions it
 * replaces closed and then its winners appended, so that the touched files are never shuffled ({@link
 * #closeThenAppend}).
 */
public final class VersionMerge {
  /** The updated_at of the current version a winner replaces (null when it replaces none). */
  private static final String CUR_AT = "_cur_at";

  /**
   * Rows per file of a table created from a large delivery: files small enough that the versions a night replaces
   * are found in a few, large enough that the table is not thousands of them.
   */
  static final long ROWS_PER_FILE = 500_000;

  /** Rows of a delivery up to which it is broadcast to the joins with the table rather than shuffled with it. */
  static final long BROADCAST_MAX_ROWS = 1_000_000;

  private VersionMerge() {}

  /** Keeps one row per key: the latest updated_at, ties to the first by file and line. */
  public static Dataset<Row> latestPerKey(Dataset<Row> rows, List<String> key, boolean hasUpdatedAt) {
    Column[] order = hasUpdatedAt
        ? new Column[] {col("updated_at").desc(), col("source_file"), col("source_line")}
        : new Column[] {col("source_file"), col("source_line")};
    return rows
        .withColumn("_rn", row_number().over(org.apache.spark.sql.expressions.Window
            .partitionBy(key.stream().map(k -> col(k)).toArray(Column[]::new)).orderBy(order)))
        .where(col("_rn").equalTo(1))
        .drop("_rn");
  }

  /** What one merge did to the table. */
  public record Result(long versionsInserted, long versionsClosed) {}

  /**
   * @param incoming one row per key, already in silver's columns except valid_from/valid_to
   * @param incomingRows how many rows {@code incoming} holds (the caller has counted them)
   * @param literal whether its source is collected and merged as literal rows ({@link MergeSources}), inside
   *     {@link MergeSources#literal} or not
   * @param docs description of every column, written as column comments when the table is created
   */
  public static Result merge(Lake lake, Table table, Dataset<Row> incoming, long incomingRows, boolean literal,
      List<String> key, boolean hasUpdatedAt, LocalDate dt, Map<String, String> docs) {
    return merge(lake, table, incoming, incomingRows, literal, key, hasUpdatedAt, dt, docs, ROWS_PER_FILE);
  }

  /** As above, a table created from a large delivery written in files of about {@code rowsPerFile} rows. */
  static Result merge(Lake lake, Table table, Dataset<Row> incoming, long incomingRows, boolean literal,
      List<String> key, boolean hasUpdatedAt, LocalDate dt, Map<String, String> docs, long rowsPerFile) {
    java.sql.Date day = java.sql.Date.valueOf(dt);
    Dataset<Row> versions = incoming
        .withColumn(Silver.VALID_FROM, lit(day))
        .withColumn(Silver.VALID_TO, lit(null).cast("date"));
    if (!lake.exists(table)) {
      // Files cut by updated_at, as a night's merge cuts them: the versions a later night replaces are then found
      // in few of them (ReplacedSpans). Each file's rows in key order, as the merge joins them by key (a night's
      // merge took a tenth longer on files in updated_at order; bench/RESULTS.md). A delivery of literal rows is
      // one file anyway.
      Dataset<Row> first = hasUpdatedAt && !literal ? versions.repartitionByRange(
          (int) Math.max(1, (incomingRows + rowsPerFile - 1) / rowsPerFile), col("updated_at"))
          .sortWithinPartitions(keyCols(key, "").toArray(new Column[0])) : versions;
      lake.create(table, SilverColumns.documented(first, docs), Map.of("comment", table.comment()), null);
      return new Result(incomingRows, 0);
    }
    // Deletion vectors once the table is past small (TableFiles#SMALL_BYTES): a merge that closes a few versions then
    // marks those rows deleted instead of rewriting every file that holds one, which, with a night's keys spread over
    // all files, would be every file of the table. A small table's files are rewritten: cheaper than the vectors'
    // own jobs in this merge and their reading in every later one.
    lake.deletionVectorsPastSmall(table);
    List<Column> joinCond = new ArrayList<>();
    for (String k : key) {
      joinCond.add(col("c." + k).eqNullSafe(col("n." + k)));
    }
    List<Column> curCols = keyCols(key, "");
    curCols.add(col(Silver.VALID_FROM));
    if (hasUpdatedAt) {
      curCols.add(col("updated_at"));
    }
    // A night is small next to the history: broadcast its keys, so the history is read column-wise and probed,
    // never shuffled (shuffling every current key made a night's merge grow with the history; bench/RESULTS.md).
    boolean small = incomingRows <= BROADCAST_MAX_ROWS;
    Dataset<Row> cur = lake.read(table).where(col(Silver.VALID_TO).isNull())
        .select(curCols.toArray(new Column[0]));
    if (small) {
      cur = cur.join(broadcast(incoming.select(keyCols(key, "").toArray(new Column[0]))),
          CollectionConverters.asScala(key).toSeq(), "left_semi");
    }
    cur = cur
        .withColumn("_has_current", lit(true))
        .withColumn("_cur_updated_at", hasUpdatedAt ? col("updated_at") : lit(null).cast("timestamp"))
        .withColumn("_cur_from", col(Silver.VALID_FROM));
    Column wins = hasUpdatedAt
        ? col("c._has_current").isNull().or(col("n.updated_at").gt(col("c._cur_updated_at")))
        : col("c._has_current").isNull().or(col("c._cur_from").lt(lit(day)));
    // After the semi join the current versions are at most one per incoming key: broadcast them too.
    Dataset<Row> winners = versions.as("n")
        .join((small ? broadcast(cur) : cur).as("c"), joinCond.stream().reduce(Column::and).orElseThrow(), "left")
        .where(wins)
        .select(col("n.*"), col("c._has_current").isNotNull().as("_closes"), col("c._cur_updated_at").as(CUR_AT));

    if (!literal) {
      return closeThenAppend(lake, table, winners, versions.columns(), key, hasUpdatedAt, dt, small);
    }
    List<Row> won = winners.collectAsList();
    if (won.isEmpty()) {
      // Every row is a version silver already has: nothing to commit.
      return new Result(0, 0);
    }
    int closes = winners.schema().fieldIndex("_closes");
    if (won.stream().noneMatch(w -> w.getBoolean(closes))) {
      // No winner replaces a current version: the merge would only insert them, and an append commits the same
      // rows without the merge's scans of the table and its deletion-vector pass.
      lake.append(table, winners.sparkSession().createDataFrame(won, winners.schema()).select(
          java.util.Arrays.stream(versions.columns()).map(c -> col(c)).toArray(Column[]::new)));
      return new Result(won.size(), 0);
    }
    ReplacedSpans replaced = hasUpdatedAt ? ReplacedSpans.of(won, closes, winners.schema().fieldIndex(CUR_AT)) : null;
    Map<String, String> insert = new LinkedHashMap<>();
    for (String c : versions.columns()) {
      insert.put(c, "s." + c);
    }
    Dataset<Row> source = staged(winners.sparkSession(), won, winners.schema(), key);
    Column on = closing(key, replaced);
    Row done = MergeNotices.quiet(() -> lake.delta(table).as("t")
        .merge(source.as("s"), on)
        .whenMatched().updateExpr(Map.of(Silver.VALID_TO, "DATE'" + dt + "'"))
        .whenNotMatched().insertExpr(insert)
        .execute()
        .first());
    return new Result(done.getAs("num_inserted_rows"), done.getAs("num_updated_rows"));
  }

  /**
   * A large delivery's winners in two commits: a merge that only closes the versions they replace, then an append
   * of the winners. A merge that also inserts joins its source to the touched files with an outer join, which Delta
   * plans with a shuffle of every row of those files (at 100k companies some 4 million a night for orders alone,
   * bench/RESULTS.md); a merge that only updates joins them with an inner join, the small source broadcast.
   *
   * <p>Kill-safe by order: closed first, so a run killed between the two commits leaves those records without a
   * current version, never with two. The night run again finds no current version to beat for them and appends the
   * same winners, the closed versions left as they are: the same silver, with the versions closed counted in the
   * first run's merge rather than the second's.
   */
  private static Result closeThenAppend(Lake lake, Table table, Dataset<Row> winners, String[] columns,
      List<String> key, boolean hasUpdatedAt, LocalDate dt, boolean small) {
    // Checkpointed, as the winners are counted, their spans read and then both the merge and the append read them.
    // Not cached: the merge's commit has Spark compute again every cached plan that reads the table, so cached
    // winners were computed a second time, from the table as closed, for the append (at 1M companies 23-30 s of task
    // time for each of orders and shipments; bench/RESULTS.md).
    Dataset<Row> kept = winners.localCheckpoint();
    Row counts = kept.agg(count(lit(1)), count(when(col("_closes"), 1))).first();
    long closing = counts.getLong(1);
    long closed = 0;
    if (closing > 0) {
      ReplacedSpans replaced = hasUpdatedAt ? ReplacedSpans.of(kept.where(col("_closes"))) : null;
      Dataset<Row> closers = kept.where(col("_closes"))
          .select(key.stream().map(k -> col(k).as("_mk_" + k)).toArray(Column[]::new));
      Dataset<Row> source = small ? closers.hint("broadcast") : closers;
      Row done = MergeNotices.quiet(() -> lake.delta(table).as("t")
          .merge(source.as("s"), closing(key, replaced))
          .whenMatched().updateExpr(Map.of(Silver.VALID_TO, "DATE'" + dt + "'"))
          .execute()
          .first());
      closed = done.getAs("num_updated_rows");
    }
    if (counts.getLong(0) > 0) {
      lake.append(table, kept.select(java.util.Arrays.stream(columns).map(c -> col(c)).toArray(Column[]::new)));
    }
    return new Result(counts.getLong(0), closed);
  }

  /**
   * The merge condition that finds the current version a staged row with its key ({@code _mk_<key>}) replaces,
   * within the spans of {@code updated_at} of the replaced versions when known.
   */
  private static Column closing(List<String> key, ReplacedSpans replaced) {
    Column condition = expr("t." + Silver.VALID_TO + " IS NULL AND "
        + key.stream().map(k -> "t." + k + " = s._mk_" + k).collect(Collectors.joining(" AND ")));
    Column within = replaced == null ? null : replaced.condition("t");
    return within == null ? condition : condition.and(within);
  }

  /**
   * The standard SCD2 merge source as literal rows ({@link MergeSources}): the winners collected once, each then
   * staged with its key as {@code _mk_<key>} (the row closes the current version) when it replaces one, and once
   * with null keys (the row is inserted).
   */
  private static Dataset<Row> staged(org.apache.spark.sql.SparkSession spark, List<Row> won, StructType in,
      List<String> key) {
    int closes = in.fieldIndex("_closes");
    int curAt = in.fieldIndex(CUR_AT);
    StructType schema = new StructType();
    for (String k : key) {
      schema = schema.add("_mk_" + k, in.apply(k).dataType());
    }
    for (StructField f : in.fields()) {
      if (!f.name().equals("_closes") && !f.name().equals(CUR_AT)) {
        schema = schema.add(f);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Row w : won) {
      Object[] values = new Object[schema.size()];
      int i = key.size();
      for (int c = 0; c < in.size(); c++) {
        if (c != closes && c != curAt) {
          values[i++] = w.get(c);
        }
      }
      rows.add(RowFactory.create(values.clone()));
      if (w.getBoolean(closes)) {
        for (int k = 0; k < key.size(); k++) {
          values[k] = w.get(in.fieldIndex(key.get(k)));
        }
        rows.add(RowFactory.create(values));
      }
    }
    return spark.createDataFrame(rows, schema);
  }

  private static List<Column> keyCols(List<String> key, String prefix) {
    List<Column> cols = new ArrayList<>();
    for (String k : key) {
      cols.add(col(k).as(prefix + k));
    }
    return cols;
  }
}
