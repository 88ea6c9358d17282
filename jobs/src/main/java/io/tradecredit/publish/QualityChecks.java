package io.tradecredit.publish;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.config.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The audit of write-audit-publish: measures on the staged scores and on the night behind them, each held against
 * its threshold from the environment's configuration ({@code publish.*}).
 *
 * <p>The gate judges what a broken night changes, not what a young lake lacks: the share of LOW confidence is
 * recorded but judged only as its rise since the previous publication, grade migration is measured among the
 * companies whose trade evidence did not change (a grade that moves with new evidence is the score at work; one that
 * moves without it is not), and the score PSI, which moves while every company gathers its first evidence, is judged
 * once the lake holds {@code publish.young_lake_days} of trade history. A night with a daily feed missing, or with
 * far fewer active companies than the previous publication, fails at any age.
 */
final class QualityChecks {
  private QualityChecks() {}

  /** The checks of scores judged on their own (every daily feed counted as delivered, the lake not young). */
  static List<Check> run(Dataset<Row> staged, Dataset<Row> previous, PipelineConfig.Publish limits) {
    return run(Night.scoresOnly(staged, previous), limits);
  }

  /** Every check of a publication, in the order they are printed and logged ({@code rows} first). */
  static List<Check> run(Night night, PipelineConfig.Publish limits) {
    Dataset<Row> staged = night.staged();
    Dataset<Row> previous = night.previous();
    Column badScore = col("score").isNull().or(col("score").lt(300)).or(col("score").gt(850));
    Column badPd = col("pd_12m").isNull().or(col("pd_12m").lt(0)).or(col("pd_12m").gt(1)).or(isnan(col("pd_12m")));
    Column nulls = col("company_id").isNull().or(col("as_of_date").isNull()).or(col("grade").isNull())
        .or(col("confidence").isNull()).or(col("model_version").isNull()).or(col("reasons").isNull());
    List<String> risks = SubScoreChecks.present(staged);
    List<Column> measures = new ArrayList<>(List.of(
        countDistinct(col("company_id")),
        sum(when(badScore, 1).otherwise(0)),
        sum(when(badPd, 1).otherwise(0)),
        sum(when(nulls, 1).otherwise(0)),
        sum(when(col("confidence").equalTo("LOW"), 1).otherwise(0))));
    // The sub-risks' aggregates follow the count and the measures above in the row.
    int firstRisk = 1 + measures.size();
    measures.addAll(SubScoreChecks.aggregates(risks));
    // One pass over the staged scores for every measure, the fulfilment and payment risks' included.
    Row m = staged.agg(count(lit(1)), measures.toArray(new Column[0])).first();
    long rows = m.getLong(0);
    List<Check> checks = new ArrayList<>();
    checks.add(Check.failIf("rows", rows, rows == 0, "> 0"));
    checks.add(Check.failIf("duplicate_company_id", rows - m.getLong(1), rows != m.getLong(1), "= 0"));
    checks.add(Check.failIf("score_out_of_range", n(m, 2), n(m, 2) > 0, "= 0 outside 300..850"));
    checks.add(Check.failIf("pd_out_of_range", n(m, 3), n(m, 3) > 0, "= 0 outside 0..1"));
    checks.add(Check.failIf("required_nulls", n(m, 4), n(m, 4) > 0, "= 0"));
    List<String> missing = night.missingFeeds();
    checks.add(Check.failIf("daily_feeds_missing", missing.size(), !missing.isEmpty(), missing.isEmpty()
        ? "= 0; each daily feed has its drop of the date ingested"
        : "= 0; no drop of the date ingested for " + String.join(", ", missing)));
    double lowShare = rows == 0 ? 0 : n(m, 5) / (double) rows;
    checks.add(Check.reported("low_confidence_share", lowShare,
        "reported, not judged: a young lake is LOW by nature; its rise is low_confidence_rise"));
    boolean judgePsi = night.tradeDays() >= limits.youngLakeDays();
    checks.addAll(SubScoreChecks.checks(risks, m, firstRisk, rows, staged, previous, limits, judgePsi));
    if (previous == null) {
      return checks;
    }
    // The previous publication's rows and LOW share in one pass.
    Row p = previous.agg(count(lit(1)), sum(when(col("confidence").equalTo("LOW"), 1).otherwise(0))).first();
    long prevRows = p.getLong(0);
    double ratio = prevRows == 0 ? 1.0 : rows / (double) prevRows;
    checks.add(Check.failIf("row_ratio", ratio, ratio < limits.minRowRatio(), ">= " + limits.minRowRatio()));
    double prevLowShare = prevRows == 0 ? 0 : n(p, 1) / (double) prevRows;
    checks.add(Check.against("low_confidence_rise", lowShare - prevLowShare, limits.lowConfidenceRise()));
    if (night.evidence() != null && night.previousEvidence() != null) {
      checks.add(Check.against("active_companies_drop", activeDrop(night.evidence(), night.previousEvidence()),
          limits.activeCompaniesDrop()));
      Migration[] both = migrations(staged, night.evidence(), previous, night.previousEvidence());
      Migration same = both[0];
      Check judged = Check.against("grade_migration_share", same.share(), limits.gradeMigrationShare());
      checks.add(new Check(judged.name(), judged.value(), judged.threshold() + "; among the " + same.compared()
          + " companies whose evidence did not change", judged.verdict()));
      checks.add(Check.reported("grade_migration_all", both[1].share(),
          "reported, not judged: every company scored on both dates, new evidence or not"));
    } else {
      checks.add(Check.against("grade_migration_share", gradeMigration(staged, previous),
          limits.gradeMigrationShare()));
    }
    double psi = psi(staged, previous);
    checks.add(judgePsi
        ? Check.against("score_psi", psi, limits.scorePsi())
        : Check.reported("score_psi", psi, "reported, not judged: a young lake of " + night.tradeDays()
            + " days of trade history, below young_lake_days " + limits.youngLakeDays()));
    return checks;
  }

  /**
   * How far the companies with trade in the last 30 days fell, as a share of the previous count; 0 if none fell.
   * Both dates counted in one job.
   */
  static double activeDrop(Dataset<Row> evidence, Dataset<Row> previousEvidence) {
    Row r = evidence.where(col("active")).select(lit(true).as("now"))
        .unionByName(previousEvidence.where(col("active")).select(lit(false).as("now")))
        .agg(count(when(col("now"), 1)), count(when(not(col("now")), 1))).first();
    long now = r.getLong(0);
    long before = r.getLong(1);
    return before == 0 ? 0.0 : Math.max(0.0, 1.0 - now / (double) before);
  }

  /**
   * Grade migration among the companies scored on both dates whose evidence is the same on both ({@code [0]}) and
   * among all of them ({@code [1]}), from one join of the two publications. A company without evidence on a date
   * counts in the second only; without evidence datasets (null) the first compares no company.
   */
  static Migration[] migrations(Dataset<Row> current, Dataset<Row> evidence, Dataset<Row> previous,
      Dataset<Row> previousEvidence) {
    Dataset<Row> now = withEvidence(current.select(col("company_id"), col("grade")), evidence, "evidence");
    Dataset<Row> before = withEvidence(previous.select(col("company_id"), col("grade").as("prev_grade")),
        previousEvidence, "prev_evidence");
    Column changed = when(col("grade").equalTo(col("prev_grade")), 0).otherwise(1);
    Column same = coalesce(col("evidence").equalTo(col("prev_evidence")), lit(false));
    Row m = now.join(before, "company_id").agg(count(lit(1)), sum(changed), sum(when(same, 1).otherwise(0)),
        sum(when(same, changed).otherwise(0))).first();
    long all = m.getLong(0);
    long compared = n(m, 2);
    return new Migration[] {
        new Migration(compared == 0 ? 0.0 : n(m, 3) / (double) compared, compared),
        new Migration(all == 0 ? 0.0 : n(m, 1) / (double) all, all)};
  }

  /** {@code grades} with each company's evidence as {@code column} (null where it has none, or without any). */
  private static Dataset<Row> withEvidence(Dataset<Row> grades, Dataset<Row> evidence, String column) {
    return evidence == null ? grades.withColumn(column, lit(null).cast("string"))
        : grades.join(evidence.select(col("company_id"), col("evidence").as(column)), "company_id", "left");
  }

  /** Share of the companies scored on both dates whose grade is not the one they had. */
  static double gradeMigration(Dataset<Row> current, Dataset<Row> previous) {
    return migrations(current, null, previous, null)[1].share();
  }

  /** @param compared the companies the share is of */
  record Migration(double share, long compared) {}

  private static long n(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }

  /** Population stability of the score distribution (see {@link ScorePsi}). */
  static double psi(Dataset<Row> current, Dataset<Row> previous) {
    return ScorePsi.psi(current, previous);
  }
}
