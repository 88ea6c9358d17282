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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Publish: audits the staged scores of D and, only if every check passes (or {@code --force} is given with a
 * reason), commits {@code credit.company_score_history} (partition D), {@code credit.company_features}
 * (partition D), {@code credit.company_score} (when D is the latest date) and the Parquet export; every attempt
 * is recorded in {@code credit.publish_log}.
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
  static final String[] COLUMNS = {"company_id", "registry_country", "registration_number", "legal_name",
      "as_of_date", "score", "pd_12m", "grade", "confidence", "reasons", "prev_score", "model_version", "run_id"};

  private final RunContext ctx;
  private final Lake lake;

  public PublishStage(RunContext ctx) {
    this.ctx = ctx;
    this.lake = ctx.lake();
  }

  /** @param forceReason null for a normal run; a reason publishes even when checks fail, and is recorded */
  public void run(LocalDate date, String forceReason) {
    long start = System.nanoTime();
    Timestamp startedAt = Timestamp.from(Instant.now());
    java.sql.Date day = java.sql.Date.valueOf(date);
    Dataset<Row> staged = lake.read(Tables.SCORE_STAGING).where(col("as_of_date").equalTo(lit(day)));
    Dataset<Row> previous = null;
    if (lake.exists(Tables.COMPANY_SCORE_HISTORY)) {
      Row prevDate = lake.read(Tables.COMPANY_SCORE_HISTORY).where(col("as_of_date").lt(lit(day)))
          .agg(max("as_of_date")).first();
      if (!prevDate.isNullAt(0)) {
        previous = lake.read(Tables.COMPANY_SCORE_HISTORY).where(col("as_of_date").equalTo(lit(prevDate.getDate(0))));
      }
    }
    Dataset<Row> rows = (previous == null
        ? staged.withColumn("prev_score", lit(null).cast(DataTypes.IntegerType))
        : staged.join(previous.select(col("company_id"), col("score").as("prev_score")), "company_id", "left"))
        .select(java.util.Arrays.stream(COLUMNS).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))
        .withColumn("run_id", lit(ctx.runId()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<Check> checks = QualityChecks.run(rows, previous, ctx.config().publish().minRowRatio());
      long count = (long) checks.get(0).value();
      String model = count == 0 ? null : rows.select("model_version").first().getString(0);
      Double psi = checks.stream().filter(c -> c.name().equals("score_psi")).map(Check::value).findFirst().orElse(null);
      List<Check> failed = checks.stream().filter(c -> c.verdict().equals(Check.FAIL)).collect(Collectors.toList());
      checks.forEach(c -> Console.line("publish check %s", c));
      if (!failed.isEmpty() && forceReason == null) {
        String message = "Cannot publish scores as of " + date + ": failing checks "
            + failed.stream().map(Check::toString).collect(Collectors.joining("; "))
            + " (published tables left unchanged; fix the cause and rerun, or publish --force --reason TEXT)";
        log(date, model, count, checks, psi, false, null, Map.of(), null, message, startedAt);
        throw new PublishFailure(message);
      }
      Map<String, Long> versions = new LinkedHashMap<>();
      lake.replacePartition(Tables.COMPANY_SCORE_HISTORY, rows, "as_of_date", date);
      versions.put(Tables.COMPANY_SCORE_HISTORY.qualified(), lake.version(Tables.COMPANY_SCORE_HISTORY));
      lake.replacePartition(Tables.COMPANY_FEATURES, lake.read(Tables.COMPANY_FEATURES_GOLD)
          .where(col("as_of_date").equalTo(lit(day))), "as_of_date", date);
      versions.put(Tables.COMPANY_FEATURES.qualified(), lake.version(Tables.COMPANY_FEATURES));
      Row latest = lake.read(Tables.COMPANY_SCORE_HISTORY).agg(max("as_of_date")).first();
      if (!latest.getDate(0).toLocalDate().isAfter(date)) {
        lake.overwrite(Tables.COMPANY_SCORE, rows);
        versions.put(Tables.COMPANY_SCORE.qualified(), lake.version(Tables.COMPANY_SCORE));
      }
      String export = ScoreExport.write(rows, ctx.config().paths().exports(), date, model, ctx.runId(), count);
      log(date, model, count, checks, psi, true, forceReason, versions, export,
          forceReason == null ? "published" : "published with --force: " + forceReason, startedAt);
      Console.line("publish as of %s  rows %d  model %s  versions %s  export %s  %s", date, count, model, versions,
          export, Console.seconds(start));
    } finally {
      rows.unpersist();
    }
  }

  private void log(LocalDate date, String model, long rows, List<Check> checks, Double psi, boolean published,
      String forced, Map<String, Long> versions, String export, String message, Timestamp startedAt) {
    List<Row> checkRows = new ArrayList<>();
    checks.forEach(c -> checkRows.add(RowFactory.create(c.name(), c.value(), c.threshold(), c.verdict())));
    Row row = RowFactory.create(ctx.runId(), java.sql.Date.valueOf(date), model, rows, checkRows, psi, published,
        forced, new LinkedHashMap<>(versions), export, message, startedAt, Timestamp.from(Instant.now()));
    lake.append(Tables.PUBLISH_LOG, ctx.spark().createDataFrame(List.of(row), LOG_SCHEMA));
  }
}
