package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.trim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits labelled rows into a training and a held-out sample.
 *
 * <p>With an as-of date column the split is out-of-time: the latest as-of dates are held out,
 * whole dates at a time, until at least the test fraction of rows is held out; this is how the
 * model will be used (trained on the past, applied to the future). Without one (or with a single
 * date) it is a stratified random split: {@code sampleBy} on the bad flag holds out the test
 * fraction of the bads and of the goods alike, so both samples keep the bad rate. A split column, when one is named,
 * overrides both: its {@code test} rows are held out and its {@code train} rows train.
 */
final class DataSplit {
  private static final Logger LOG = LoggerFactory.getLogger(DataSplit.class);
  private static final String ROW_ID = "__row_id";
  private static final String TRAIN = "train";
  private static final String TEST = "test";

  /**
   * Both samples, persisted (call {@link #unpersist} when done).
   *
   * @param method {@link TrainingInfo#OUT_OF_TIME} or {@link TrainingInfo#STRATIFIED_RANDOM}
   */
  record Split(Dataset<Row> train, Dataset<Row> test, String method,
      String trainFrom, String trainTo, String testFrom, String testTo) {
    void unpersist() {
      train.unpersist();
      test.unpersist();
    }
  }

  private DataSplit() {}

  static Split split(Dataset<Row> labelled, String badColumn, TrainerOptions options, long rows) {
    if (options.splitColumn() != null) {
      return given(labelled, options.splitColumn());
    }
    String asOf = options.asOfColumn();
    if (asOf != null && Arrays.asList(labelled.columns()).contains(asOf)) {
      // One row per as-of date: a handful of rows however large the table.
      // Dates travel as strings: collecting java.sql.Date needs JDK internals opened on Java 17.
      List<Row> perDate = labelled.where(BinExpressions.column(asOf).isNotNull())
          .groupBy(BinExpressions.column(asOf).as("d")).agg(count(lit(1)).as("n"))
          .orderBy(col("d").desc())
          .select(col("d").cast("string"), col("n"))
          .collectAsList();
      List<Object> held = new ArrayList<>();
      long heldRows = 0;
      for (Row r : perDate) {
        if (heldRows >= options.testFraction() * rows) {
          break;
        }
        held.add(r.get(0));
        heldRows += r.getLong(1);
      }
      if (perDate.size() >= 2 && held.size() < perDate.size()) {
        Column isTest = BinExpressions.column(asOf).cast("string").isin(held.toArray());
        Dataset<Row> test = labelled.where(isTest).persist(StorageLevel.MEMORY_AND_DISK());
        // Rows without an as-of date cannot be placed in time; they train.
        Dataset<Row> train = labelled.where(not(isTest).or(BinExpressions.column(asOf).isNull()))
            .persist(StorageLevel.MEMORY_AND_DISK());
        String trainTo = String.valueOf(perDate.get(held.size()).get(0));
        String trainFrom = String.valueOf(perDate.get(perDate.size() - 1).get(0));
        LOG.info("Out-of-time split on {}: training {}..{}, held out {}..{} ({} rows)",
            asOf, trainFrom, trainTo, held.get(held.size() - 1), held.get(0), heldRows);
        return new Split(train, test, TrainingInfo.OUT_OF_TIME, trainFrom, trainTo,
            String.valueOf(held.get(held.size() - 1)), String.valueOf(held.get(0)));
      }
      LOG.warn("Column {} has {} distinct as-of date(s), too few to hold out the latest {} of rows by date; "
          + "using a stratified random split instead", asOf, perDate.size(), options.testFraction());
    }
    // Ids pin each row down so the training sample is exactly the rows sampleBy did not take.
    Dataset<Row> withId = labelled.withColumn(ROW_ID, monotonically_increasing_id())
        .persist(StorageLevel.MEMORY_AND_DISK());
    double f = options.testFraction();
    Dataset<Row> testWithId = withId.stat().sampleBy(badColumn, Map.of(0, f, 1, f), options.seed())
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> train = withId
        .join(testWithId.select(col(ROW_ID).as("__held")), col(ROW_ID).equalTo(col("__held")), "left_anti")
        .drop(ROW_ID)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> test = testWithId.drop(ROW_ID).persist(StorageLevel.MEMORY_AND_DISK());
    // Materialise both before their sources go: the training rows must be exactly those sampleBy left.
    train.count();
    test.count();
    testWithId.unpersist();
    withId.unpersist();
    return new Split(train, test, TrainingInfo.STRATIFIED_RANDOM, null, null, null, null);
  }

  /** The samples a split column names; any other value is refused, as a typo would otherwise train silently. */
  private static Split given(Dataset<Row> labelled, String column) {
    Column sample = lower(trim(BinExpressions.column(column).cast("string")));
    List<String> other = labelled.where(sample.isNull().or(not(sample.isin(TRAIN, TEST))))
        .select(BinExpressions.column(column).cast("string")).distinct().limit(5).collectAsList().stream()
        .map(r -> String.valueOf(r.getString(0))).sorted().toList();
    if (!other.isEmpty()) {
      throw new IllegalArgumentException(String.format(
          "Cannot split on column %s: every labelled row must say %s or %s; other values seen: %s",
          column, TRAIN, TEST, other));
    }
    Dataset<Row> train = labelled.where(sample.equalTo(TRAIN)).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> test = labelled.where(sample.equalTo(TEST)).persist(StorageLevel.MEMORY_AND_DISK());
    LOG.info("Split given by column {}: {} training and {} held-out rows", column, train.count(), test.count());
    return new Split(train, test, TrainingInfo.GIVEN, null, null, null, null);
  }
}
