package io.tradecredit.score;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.lake.Console;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.Scorecard;
import io.tradecredit.model.ScorecardScorer;
import io.tradecredit.model.Target;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

/**
 * Score: applies the production scorecards ({@link ScoringModels}: credit, and fulfilment and payment when promoted)
 * to the features as of D and writes the result aside, to {@code ops.score_staging} (the as_of_date partition
 * replaced), for publish to audit.
 */
public final class ScoreStage {
  private final RunContext ctx;

  /** Why a risk without a configured model is null (unscored_reasons). */
  static final String NO_MODEL = "NO_MODEL: no model of this risk is configured";
  /** Why the fulfilment risk of a company that did not sell is null. */
  static final String NO_SELLER_ACTIVITY = "NO_SELLER_ACTIVITY: no orders as seller in the 365 days to as_of_date";
  /** Why the payment risk of a company that did not buy is null. */
  static final String NO_BUYER_ACTIVITY = "NO_BUYER_ACTIVITY: no orders as buyer in the 365 days to as_of_date";

  /** A company's role in a risk: its activity in the role (a feature) and why the risk is null when there is none. */
  private record Role(String activity, String idleReason) {
    Column idle() {
      return coalesce(col(activity), lit(0)).equalTo(0);
    }
  }

  /** The risks scored beside the credit score, each of one role. */
  private static final Map<Target, Role> ROLES = Map.of(
      Target.FULFILMENT, new Role("seller_orders_365d", NO_SELLER_ACTIVITY),
      Target.PAYMENT, new Role("buyer_orders_365d", NO_BUYER_ACTIVITY));
  private static final List<Target> SUB_RISKS = List.of(Target.FULFILMENT, Target.PAYMENT);

  public ScoreStage(RunContext ctx) {
    this.ctx = ctx;
  }

  public void run(LocalDate date) {
    long start = System.nanoTime();
    ScoringModels models = ScoringModels.load(ctx);
    Dataset<Row> features = ctx.lake().read(Tables.COMPANY_FEATURES_GOLD)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(date))));
    String table = Tables.COMPANY_FEATURES_GOLD.qualified();
    ModelFit.check(models.credit(), features.schema(), table, models.creditSource());
    models.risks().forEach((t, m) -> ModelFit.check(m, features.schema(), table,
        Tables.MODEL_PROMOTIONS + " (" + t + ")"));
    Dataset<Row> scored = score(features, models, ctx.runId());
    ctx.lake().replacePartition(Tables.SCORE_STAGING, scored, "as_of_date", date);
    Row summary = ctx.lake().read(Tables.SCORE_STAGING)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(date))))
        .agg(count(lit(1)), min("score"), max("score"), avg("score"),
            sum(when(col("confidence").equalTo("LOW"), 1).otherwise(0)),
            count("fulfilment_score"), count("payment_score"))
        .first();
    StringBuilder risks = new StringBuilder();
    int at = 5;
    for (Target t : SUB_RISKS) {
      Scorecard m = models.risk(t).orElse(null);
      if (m != null) {
        risks.append(String.format("  %s %s scored %d", t, m.version(), summary.getLong(at)));
      }
      at++;
    }
    Console.line("score as of %s  model %s  companies %d  score min %s max %s mean %.0f  LOW confidence %s%s  %s",
        date, models.credit().version(), summary.getLong(0), summary.get(1), summary.get(2),
        summary.isNullAt(3) ? 0.0 : summary.getDouble(3), summary.get(4), risks, Console.seconds(start));
  }

  /**
   * Scores, grades, reasons and confidence for every row of {@code features}, with the identity match and the
   * credit limit; each of the fulfilment and payment risks from its promoted model, null (with the reason in
   * unscored_reasons) without one or for a company with no orders in that role in 365 days.
   */
  public static Dataset<Row> score(Dataset<Row> features, ScoringModels models, String runId) {
    Dataset<Row> scored = ScorecardScorer.score(features, models.credit())
        .withColumn("confidence", Confidence.of(col("company_id"), col("seller_orders_365d"),
            col("buyer_orders_365d"), col("verified"), col("registry_status")));
    DataType reasons = scored.schema().apply("reasons").dataType();
    Map<String, Column> risks = new LinkedHashMap<>();
    risks.put("model_version", lit(models.credit().version()));
    risks.put("run_id", lit(runId));
    List<Column> versions = new ArrayList<>(List.of(lit("credit"), lit(models.credit().version())));
    Map<Target, Column> idle = new LinkedHashMap<>();
    for (Target risk : SUB_RISKS) {
      Scorecard model = models.risk(risk).orElse(null);
      if (model == null) {
        risks.put(risk + "_pd", lit(null).cast("double"));
        risks.put(risk + "_score", lit(null).cast("int"));
        risks.put(risk + "_grade", lit(null).cast("string"));
        risks.put(risk + "_confidence", lit(null).cast("string"));
        risks.put(risk + "_reasons", lit(null).cast(reasons));
      } else {
        scored = withRisk(scored, risk, model);
        versions.add(lit(risk.id()));
        versions.add(lit(model.version()));
        idle.put(risk, ROLES.get(risk).idle());
      }
    }
    risks.put("unscored_reasons", unscored(idle));
    risks.put("model_versions", map(versions.toArray(new Column[0])));
    Column[] limit = CreditLimit.of(coalesce(col("payment_grade"), col("grade")), col("buyer_volume_usd_365d"),
        col("buyer_orders_365d"), col("months_since_first_activity"));
    Dataset<Row> withRisks = scored.withColumns(risks);
    return withRisks.select(ScoreColumns.STAGED.stream()
        .map(c -> c.equals("credit_limit_usd") ? limit[0] : c.equals("credit_limit_reason") ? limit[1] : col(c))
        .toArray(Column[]::new));
  }

  /**
   * The risk's pd, score, grade, confidence and reasons from its model, null for a company idle in its role. The
   * scorer writes the credit columns' names: they are set aside while it runs (column renames, no extra pass).
   */
  private static Dataset<Row> withRisk(Dataset<Row> scored, Target risk, Scorecard model) {
    List<String> outputs = List.of(ScorecardScorer.SCORE, ScorecardScorer.PD_12M, ScorecardScorer.GRADE,
        ScorecardScorer.REASONS);
    Map<String, String> aside = new LinkedHashMap<>();
    Map<String, String> back = new LinkedHashMap<>();
    for (String c : outputs) {
      aside.put(c, "__credit_" + c);
      back.put("__credit_" + c, c);
    }
    Column idle = ROLES.get(risk).idle();
    Dataset<Row> sub = ScorecardScorer.score(scored.withColumnsRenamed(aside), model);
    Map<String, Column> columns = new LinkedHashMap<>();
    columns.put(risk + "_pd", when(not(idle), col(ScorecardScorer.PD_12M)));
    columns.put(risk + "_score", when(not(idle), col(ScorecardScorer.SCORE)));
    columns.put(risk + "_grade", when(not(idle), col(ScorecardScorer.GRADE)));
    Column sellerOrders = risk == Target.FULFILMENT ? col("seller_orders_365d") : lit(0);
    Column buyerOrders = risk == Target.PAYMENT ? col("buyer_orders_365d") : lit(0);
    columns.put(risk + "_confidence", when(not(idle), Confidence.of(col("company_id"), sellerOrders, buyerOrders,
        col("verified"), col("registry_status"))));
    columns.put(risk + "_reasons", when(not(idle), col(ScorecardScorer.REASONS)));
    return sub.withColumns(columns).drop(outputs.toArray(new String[0])).withColumnsRenamed(back);
  }

  /**
   * For each of fulfilment and payment left null, why: NO_MODEL without a promoted model, else the role's reason
   * where the company was idle in it ({@code idle} holds the scored risks). One literal map per combination of idle
   * roles, so its values are never null and the column keeps the type it had before any promotion.
   */
  private static Column unscored(Map<Target, Column> idle) {
    if (idle.isEmpty()) {
      return map(lit(Target.FULFILMENT.id()), lit(NO_MODEL), lit(Target.PAYMENT.id()), lit(NO_MODEL));
    }
    List<Target> scored = new ArrayList<>(idle.keySet());
    Column result = null;
    for (int mask = 0; mask < 1 << scored.size(); mask++) {
      List<Column> entries = new ArrayList<>();
      Column matches = lit(true);
      for (Target t : SUB_RISKS) {
        int at = scored.indexOf(t);
        boolean isIdle = at >= 0 && (mask & (1 << at)) != 0;
        if (at < 0 || isIdle) {
          entries.add(lit(t.id()));
          entries.add(lit(at < 0 ? NO_MODEL : ROLES.get(t).idleReason()));
        }
        if (at >= 0) {
          matches = matches.and(isIdle ? idle.get(t) : not(idle.get(t)));
        }
      }
      Column map = entries.isEmpty() ? map_filter(map(lit(""), lit("")), (k, v) -> lit(false))
          : map(entries.toArray(new Column[0]));
      result = result == null ? when(matches, map) : result.when(matches, map);
    }
    return result;
  }
}
