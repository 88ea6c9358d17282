package io.tradecredit.publish;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.config.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The audit of write-audit-publish: measures on the staged scores, each held against its threshold from the
 * environment's configuration ({@code publish.*}).
 */
final class QualityChecks {
  private static final int PSI_BINS = 10;

  private QualityChecks() {}

  /**
   * @param staged the scores about to be published
   * @param previous the scores of the previous published date, or null for the first publication
   */
  static List<Check> run(Dataset<Row> staged, Dataset<Row> previous, PipelineConfig.Publish limits) {
    Column badScore = col("score").isNull().or(col("score").lt(300)).or(col("score").gt(850));
    Column badPd = col("pd_12m").isNull().or(col("pd_12m").lt(0)).or(col("pd_12m").gt(1)).or(isnan(col("pd_12m")));
    Column nulls = col("company_id").isNull().or(col("as_of_date").isNull()).or(col("grade").isNull())
        .or(col("confidence").isNull()).or(col("model_version").isNull()).or(col("reasons").isNull());
    Row m = staged.agg(
        count(lit(1)),
        countDistinct(col("company_id")),
        sum(when(badScore, 1).otherwise(0)),
        sum(when(badPd, 1).otherwise(0)),
        sum(when(nulls, 1).otherwise(0)),
        sum(when(col("confidence").equalTo("LOW"), 1).otherwise(0))).first();
    long rows = m.getLong(0);
    List<Check> checks = new ArrayList<>();
    checks.add(Check.failIf("rows", rows, rows == 0, "> 0"));
    checks.add(Check.failIf("duplicate_company_id", rows - m.getLong(1), rows != m.getLong(1), "= 0"));
    checks.add(Check.failIf("score_out_of_range", n(m, 2), n(m, 2) > 0, "= 0 outside 300..850"));
    checks.add(Check.failIf("pd_out_of_range", n(m, 3), n(m, 3) > 0, "= 0 outside 0..1"));
    checks.add(Check.failIf("required_nulls", n(m, 4), n(m, 4) > 0, "= 0"));
    double lowShare = rows == 0 ? 0 : n(m, 5) / (double) rows;
    checks.add(Check.against("low_confidence_share", lowShare, limits.lowConfidenceShare()));
    if (previous != null) {
      long prevRows = previous.count();
      double ratio = prevRows == 0 ? 1.0 : rows / (double) prevRows;
      checks.add(Check.failIf("row_ratio", ratio, ratio < limits.minRowRatio(), ">= " + limits.minRowRatio()));
      checks.add(Check.against("grade_migration_share", gradeMigration(staged, previous),
          limits.gradeMigrationShare()));
      checks.add(Check.against("score_psi", psi(staged, previous), limits.scorePsi()));
    }
    return checks;
  }

  /** Share of the companies scored on both dates whose grade is not the one they had. */
  static double gradeMigration(Dataset<Row> current, Dataset<Row> previous) {
    Row m = current.select(col("company_id"), col("grade"))
        .join(previous.select(col("company_id"), col("grade").as("prev_grade")), "company_id")
        .agg(count(lit(1)), sum(when(col("grade").equalTo(col("prev_grade")), 0).otherwise(1))).first();
    long both = m.getLong(0);
    return both == 0 ? 0.0 : m.getLong(1) / (double) both;
  }

  private static long n(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }

  /** Population stability of the score distribution, over ten equal-width bins of 300..850. */
  static double psi(Dataset<Row> current, Dataset<Row> previous) {
    Column bin = least(greatest(floor(col("score").minus(300).divide(55.0)), lit(0)), lit(PSI_BINS - 1));
    double[] cur = shares(current.groupBy(bin.as("bin")).count().collectAsList());
    double[] prev = shares(previous.groupBy(bin.as("bin")).count().collectAsList());
    double psi = 0;
    for (int i = 0; i < PSI_BINS; i++) {
      // A small floor keeps an empty bin from making the index infinite.
      double c = Math.max(cur[i], 1e-4);
      double p = Math.max(prev[i], 1e-4);
      psi += (c - p) * Math.log(c / p);
    }
    return psi;
  }

  private static double[] shares(List<Row> counts) {
    double[] s = new double[PSI_BINS];
    double total = 0;
    for (Row r : counts) {
      if (!r.isNullAt(0)) {
        s[(int) r.getLong(0)] += r.getLong(1);
        total += r.getLong(1);
      }
    }
    for (int i = 0; i < PSI_BINS && total > 0; i++) {
      s[i] /= total;
    }
    return s;
  }
}
