package io.tradecredit.score;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.lake.Console;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.Scorecard;
import io.tradecredit.model.ScorecardScorer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * Score: applies the configured scorecard to the features as of D and writes the result aside, to
 * {@code ops.score_staging} (the as_of_date partition replaced), for publish to audit.
 */
public final class ScoreStage {
  private final RunContext ctx;

  /** Why a risk without a configured model is null (unscored_reasons). */
  static final String NO_MODEL = "NO_MODEL: no model of this risk is configured";

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

  /**
   * Scores, grades, reasons and confidence for every row of {@code features}, with the identity match and the
   * credit limit; the fulfilment and payment risks stay null, with the reason, until a model for them is
   * configured.
   */
  public static Dataset<Row> score(Dataset<Row> features, Scorecard model, String runId) {
    Dataset<Row> scored = ScorecardScorer.score(features, model)
        .withColumn("confidence", Confidence.of(col("company_id"), col("seller_orders_365d"),
            col("buyer_orders_365d"), col("verified"), col("registry_status")));
    DataType reasons = scored.schema().apply("reasons").dataType();
    Map<String, Column> risks = new LinkedHashMap<>();
    risks.put("model_version", lit(model.version()));
    risks.put("run_id", lit(runId));
    for (String risk : List.of("fulfilment", "payment")) {
      risks.put(risk + "_pd", lit(null).cast("double"));
      risks.put(risk + "_score", lit(null).cast("int"));
      risks.put(risk + "_grade", lit(null).cast("string"));
      risks.put(risk + "_confidence", lit(null).cast("string"));
      risks.put(risk + "_reasons", lit(null).cast(reasons));
    }
    risks.put("unscored_reasons", map(lit("fulfilment"), lit(NO_MODEL), lit("payment"), lit(NO_MODEL)));
    risks.put("model_versions", map(lit("credit"), lit(model.version())));
    Column[] limit = CreditLimit.of(coalesce(col("payment_grade"), col("grade")), col("buyer_volume_usd_365d"),
        col("buyer_orders_365d"), col("months_since_first_activity"));
    Dataset<Row> withRisks = scored.withColumns(risks);
    return withRisks.select(ScoreColumns.STAGED.stream()
        .map(c -> c.equals("credit_limit_usd") ? limit[0] : c.equals("credit_limit_reason") ? limit[1] : col(c))
        .toArray(Column[]::new));
  }
}
