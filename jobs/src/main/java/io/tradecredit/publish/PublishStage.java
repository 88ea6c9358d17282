package io.tradecredit.publish;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Publish: audits the staged scores of D and, only if every check passes (or {@code --force} is given with a
 * reason), publishes them; every attempt is recorded in {@code credit.publish_log}.
 *
 * <p>The point of truth is one Delta commit: the replacement of partition D of
 * {@code credit.company_score_history}. Before it, nothing a reader sees has changed (the export is written aside),
 * so a run that fails or is killed leaves every published table and export as it was. After it, the publication
 * has happened: {@code credit.company_features} (partition D), {@code credit.company_score} (when D is the latest
 * date), the export and the log row follow from the history, and if the process dies among them, the next
 * publication completes them from the history before doing anything else ({@link PublishAttempts}). Readers who
 * need the three tables of one date consistent read the history for that date (docs/querying.md).
 */
public final class PublishStage {
  static final StructType LOG_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType)
      .add("as_of_date", DataTypes.DateType)
      .add("model_version", DataTypes.StringType)
      .add("rows", DataTypes.LongType)
      .add("checks", DataTypes.createArrayType(new StructType()
          .add("name", DataTypes.StringType)
          .add("value", DataTypes.DoubleType)
          .add("threshold", DataTypes.StringType)
          .add("verdict", DataTypes.StringType)))
      .add("psi", DataTypes.DoubleType)
      .add("published", DataTypes.BooleanType)
      .add("forced_reason", DataTypes.StringType)
      .add("delta_versions", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
      .add("export_path", DataTypes.StringType)
      .add("message", DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType)
      .add("finished_at", DataTypes.TimestampType);

  /** Columns of credit.company_score, in the contract's order. */
  static final String[] COLUMNS = io.tradecredit.score.ScoreColumns.PUBLISHED.toArray(String[]::new);

  private final RunContext ctx;
  private final Lake lake;

  public PublishStage(RunContext ctx) {
    this.ctx = ctx;
    this.lake = ctx.lake();
  }

  /** The latest publication before a date and the latest of all; null where there is none. */
  record Published(LocalDate before, LocalDate latest) {}

  /** One read for both: the publication a night compares with, and whether it is the latest (company_score follows). */
  static Published published(Lake lake, LocalDate date) {
    if (!lake.exists(Tables.COMPANY_SCORE_HISTORY)) {
      return new Published(null, null);
    }
    Row dates = lake.readSet(Tables.COMPANY_SCORE_HISTORY, "as_of_date")
        .agg(max(when(col("as_of_date").lt(lit(java.sql.Date.valueOf(date))), col("as_of_date"))), max("as_of_date"))
        .first();
    return new Published(dates.isNullAt(0) ? null : dates.getDate(0).toLocalDate(),
        dates.isNullAt(1) ? null : dates.getDate(1).toLocalDate());
  }

  /** @param forceReason null for a normal run; a reason publishes even when checks fail, and is recorded */
  public void run(LocalDate date, String forceReason) {
    long start = System.nanoTime();
    PublishAttempts attempts = new PublishAttempts(lake);
    recover(attempts);
    Timestamp startedAt = Timestamp.from(Instant.now());
    attempts.begin(new PublishAttempts.Attempt(ctx.runId(), date, startedAt, forceReason));
    java.sql.Date day = java.sql.Date.valueOf(date);
    Dataset<Row> staged = lake.read(Tables.SCORE_STAGING).where(col("as_of_date").equalTo(lit(day)));
    Published published = published(lake, date);
    LocalDate previousDate = published.before();
    Dataset<Row> previous = previousDate == null ? null : lake.read(Tables.COMPANY_SCORE_HISTORY)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(previousDate))));
    boolean laterPublished = published.latest() != null && published.latest().isAfter(date);
    Dataset<Row> rows = (previous == null
        ? staged.withColumn("prev_score", lit(null).cast(DataTypes.IntegerType))
        : staged.join(previous.select(col("company_id"), col("score").as("prev_score")), "company_id", "left"))
        .select(java.util.Arrays.stream(COLUMNS).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
        .withColumn("run_id", lit(ctx.runId()))
        // Checkpointed, not cached: the rows read the history they are then written to, and Delta has Spark compute
        // again a cached plan over a table it writes, so company_score's overwrite would compute them a second time.
        .localCheckpoint();
    PausePoints.reach(PausePoints.STAGED);
    List<Check> checks = QualityChecks.run(Night.read(lake, date, rows, previousDate, previous),
        ctx.config().publish());
    long count = (long) checks.get(0).value();
    String model = count == 0 ? null : rows.select("model_version").first().getString(0);
    Double psi = checks.stream().filter(c -> c.name().equals("score_psi")).map(Check::value).findFirst().orElse(null);
    List<Check> failed = checks.stream().filter(c -> c.verdict().equals(Check.FAIL)).collect(Collectors.toList());
    checks.forEach(c -> Console.line("publish check %s", c));
    if (!failed.isEmpty() && forceReason == null) {
      String message = "Cannot publish scores as of " + date + ": failing checks "
          + failed.stream().map(Check::toString).collect(Collectors.joining("; "))
          + " (published tables left unchanged; fix the cause and rerun, or publish --force --reason TEXT)";
      log(ctx.runId(), date, model, count, checks, psi, false, null, Map.of(), null, message, startedAt);
      attempts.end(ctx.runId());
      throw new PublishFailure(message);
    }
    PausePoints.reach(PausePoints.AUDITED);
    Path export = ScoreExport.stage(rows, ctx.config().paths().exports(), date, model, ctx.runId(), count);
    PausePoints.reach(PausePoints.EXPORT_STAGED);
    PausePoints.reach(PausePoints.BEFORE_HISTORY);
    lake.replacePartition(Tables.COMPANY_SCORE_HISTORY, rows, "as_of_date", date);
    PausePoints.reach(PausePoints.HISTORY_COMMITTED);
    Map<String, Long> versions = complete(date, rows, export, laterPublished);
    log(ctx.runId(), date, model, count, checks, psi, true, forceReason, versions,
        ScoreExport.finalDir(ctx.config().paths().exports(), date).toString(),
        forceReason == null ? "published" : "published with --force: " + forceReason, startedAt);
    attempts.end(ctx.runId());
    Console.line("publish as of %s  rows %d  model %s  versions %s  export %s  %s", date, count, model, versions,
        ScoreExport.finalDir(ctx.config().paths().exports(), date), Console.seconds(start));
  }

  /**
   * What follows the point of truth, all derived from the rows just committed to the history for D; redoing it
   * gives the same result, which is what lets {@link #recover} finish a killed publication.
   *
   * @param laterPublished whether the history holds a date after D, so that company_score stays as it is
   */
  private Map<String, Long> complete(LocalDate date, Dataset<Row> rows, Path stagedExport, boolean laterPublished) {
    Map<String, Long> versions = new LinkedHashMap<>();
    versions.put(Tables.COMPANY_SCORE_HISTORY.qualified(), lake.version(Tables.COMPANY_SCORE_HISTORY));
    lake.copyPartition(Tables.COMPANY_FEATURES_GOLD, Tables.COMPANY_FEATURES, "as_of_date", date);
    versions.put(Tables.COMPANY_FEATURES.qualified(), lake.version(Tables.COMPANY_FEATURES));
    if (!laterPublished) {
      lake.overwrite(Tables.COMPANY_SCORE, rows);
      versions.put(Tables.COMPANY_SCORE.qualified(), lake.version(Tables.COMPANY_SCORE));
    }
    ScoreExport.promote(lake.spark(), stagedExport, ctx.config().paths().exports(), date);
    return versions;
  }

  /**
   * Settles the attempts whose process died: one that committed its history partition is completed (it was
   * published); one that did not is recorded as failed, and its staged export removed. Either way it gets its
   * publish_log row.
   */
  private void recover(PublishAttempts attempts) {
    String exports = ctx.config().paths().exports();
    for (PublishAttempts.Attempt a : attempts.unfinished()) {
      if (lake.exists(Tables.PUBLISH_LOG)
          && !lake.read(Tables.PUBLISH_LOG).where(col("run_id").equalTo(a.runId())).isEmpty()) {
        attempts.end(a.runId());
        continue;
      }
      Dataset<Row> committed = lake.exists(Tables.COMPANY_SCORE_HISTORY)
          ? lake.read(Tables.COMPANY_SCORE_HISTORY).where(col("as_of_date")
              .equalTo(lit(java.sql.Date.valueOf(a.date()))).and(col("run_id").equalTo(a.runId())))
          : null;
      if (committed == null || committed.isEmpty()) {
        ScoreExport.discard(lake.spark(), exports, a.runId());
        log(a.runId(), a.date(), null, 0, List.of(), null, false, a.forceReason(), Map.of(), null,
            "interrupted: the process ended before publication; published tables unchanged (recorded by run "
                + ctx.runId() + ")", a.startedAt());
        Console.line("publish: run %s as of %s was interrupted before publication; recorded", a.runId(), a.date());
      } else {
        Dataset<Row> rows = committed.persist(StorageLevel.MEMORY_AND_DISK());
        try {
          long count = rows.count();
          String model = rows.select("model_version").first().getString(0);
          Path staged = ScoreExport.stagingDir(exports, a.runId());
          if (!ScoreExport.isStaged(lake.spark(), staged)) {
            staged = ScoreExport.stage(rows, exports, a.date(), model, a.runId(), count);
          }
          Map<String, Long> versions = complete(a.date(), rows, staged,
              published(lake, a.date()).latest().isAfter(a.date()));
          log(a.runId(), a.date(), model, count, List.of(), null, true, a.forceReason(), versions,
              ScoreExport.finalDir(exports, a.date()).toString(), "published; the process ended after the commit"
                  + " of company_score_history, and run " + ctx.runId() + " completed the rest", a.startedAt());
          Console.line("publish: completed run %s as of %s, interrupted after its commit", a.runId(), a.date());
        } finally {
          rows.unpersist();
        }
      }
      attempts.end(a.runId());
    }
  }

  private void log(String runId, LocalDate date, String model, long rows, List<Check> checks, Double psi, boolean published,
      String forced, Map<String, Long> versions, String export, String message, Timestamp startedAt) {
    List<Row> checkRows = new ArrayList<>();
    checks.forEach(c -> checkRows.add(RowFactory.create(c.name(), c.value(), c.threshold(), c.verdict())));
    Row row = RowFactory.create(runId, java.sql.Date.valueOf(date), model, rows, checkRows, psi, published,
        forced, new LinkedHashMap<>(versions), export, message, startedAt, Timestamp.from(Instant.now()));
    lake.append(Tables.PUBLISH_LOG, ctx.spark().createDataFrame(List.of(row), LOG_SCHEMA));
  }
}
