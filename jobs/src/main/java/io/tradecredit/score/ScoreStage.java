package io.tradecredit.score;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.lake.Console;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.Scorecard;
import io.tradecredit.model.ScorecardScorer;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Score: applies the configured scorecard to the features as of D and writes the result aside, to
 * {@code ops.score_staging} (the as_of_date partition replaced), for publish to audit.
 */
public final class ScoreStage {
  private final RunContext ctx;

  public ScoreStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public void run(LocalDate date) {
    long start = System.nanoTime();
    Scorecard model = Scorecard.read(Path.of(ctx.config().model().path()));
    Dataset<Row> features = ctx.lake().read(Tables.COMPANY_FEATURES_GOLD)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(date))));
    ModelFit.check(model, features.schema(), Tables.COMPANY_FEATURES_GOLD.qualified(), ctx.config().model().path());
    Dataset<Row> scored = score(features, model, ctx.runId());
    ctx.lake().replacePartition(Tables.SCORE_STAGING, scored, "as_of_date", date);
    Row summary = ctx.lake().read(Tables.SCORE_STAGING)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(date))))
        .agg(count(lit(1)), min("score"), max("score"), avg("score"),
            sum(when(col("confidence").equalTo("LOW"), 1).otherwise(0)))
        .first();
    Console.line("score as of %s  model %s  companies %d  score min %s max %s mean %.0f  LOW confidence %s  %s",
        date, model.version(), summary.getLong(0), summary.get(1), summary.get(2),
        summary.isNullAt(3) ? 0.0 : summary.getDouble(3), summary.get(4), Console.seconds(start));
  }

  /** Scores, grades, reasons and confidence for every row of {@code features}. */
  public static Dataset<Row> score(Dataset<Row> features, Scorecard model, String runId) {
    return ScorecardScorer.score(features, model)
        .withColumn("confidence", Confidence.of(col("company_id"), col("seller_orders_365d"),
            col("buyer_orders_365d"), col("verified"), col("registry_status")))
        .select(col("company_id"), col("registry_country"), col("registration_number"), col("legal_name"),
            col("as_of_date"), col("score"), col("pd_12m"), col("grade"), col("confidence"), col("reasons"),
            lit(model.version()).as("model_version"), lit(runId).as("run_id"));
  }
}
