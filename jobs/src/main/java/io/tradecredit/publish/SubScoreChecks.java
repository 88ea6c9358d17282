package io.tradecredit.publish;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.config.PipelineConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The gate's checks of the fulfilment and payment risks published beside the credit score: values on their scale,
 * every null explained, and, where both publications scored a risk, its score distribution held to the same PSI
 * limit as the credit score's. A risk no model scored (every value null, each with its reason) costs the gate no
 * more than the columns of the aggregation it shares with the other checks.
 */
final class SubScoreChecks {
  /** The risks published beside the credit score: the prefix of their columns and their key in unscored_reasons. */
  static final List<String> RISKS = List.of("fulfilment", "payment");
  /** Aggregates per risk in {@link #aggregates}. */
  static final int PER_RISK = 3;

  private SubScoreChecks() {}

  /** The risks whose columns {@code scores} has (an older publication has none). */
  static List<String> present(Dataset<Row> scores) {
    List<String> columns = Arrays.asList(scores.columns());
    return RISKS.stream().filter(r -> columns.contains(r + "_pd")).toList();
  }

  /** Per risk of {@code risks}: values off their scale, unexplained nulls, companies scored. */
  static List<Column> aggregates(List<String> risks) {
    List<Column> out = new ArrayList<>();
    for (String r : risks) {
      Column pd = col(r + "_pd");
      Column score = col(r + "_score");
      Column offScale = pd.isNotNull().and(pd.lt(0).or(pd.gt(1)).or(isnan(pd)))
          .or(score.isNotNull().and(score.lt(300).or(score.gt(850))));
      Column unexplained = pd.isNull().and(col("unscored_reasons").getItem(r).isNull())
          .or(pd.isNotNull().and(score.isNull().or(col(r + "_grade").isNull()).or(col(r + "_confidence").isNull())
              .or(col(r + "_reasons").isNull())));
      out.add(sum(when(offScale, 1).otherwise(0)));
      out.add(sum(when(unexplained, 1).otherwise(0)));
      out.add(count(pd));
    }
    return out;
  }

  /**
   * The checks of {@code risks}, reading their aggregates from {@code m} at {@code first} on.
   *
   * @param judgePsi whether score distributions are judged (the lake is past young_lake_days), else recorded
   */
  static List<Check> checks(List<String> risks, Row m, int first, long rows, Dataset<Row> staged,
      Dataset<Row> previous, PipelineConfig.Publish limits, boolean judgePsi) {
    List<Check> checks = new ArrayList<>();
    for (int i = 0; i < risks.size(); i++) {
      String r = risks.get(i);
      int at = first + PER_RISK * i;
      long offScale = m.isNullAt(at) ? 0 : m.getLong(at);
      long unexplained = m.isNullAt(at + 1) ? 0 : m.getLong(at + 1);
      long scored = m.getLong(at + 2);
      checks.add(Check.failIf(r + "_unexplained_nulls", unexplained, unexplained > 0, "= 0; a null " + r
          + " risk has its reason in unscored_reasons, a scored one its score, grade, confidence and reasons"));
      if (scored == 0) {
        // No model of the risk, or no company active in its role: every value is null, its reason checked above.
        continue;
      }
      checks.add(Check.failIf(r + "_out_of_range", offScale, offScale > 0, "= 0 outside 300..850 and 0..1"));
      checks.add(Check.reported(r + "_scored_share", rows == 0 ? 0 : scored / (double) rows,
          "reported, not judged: the companies with " + r + " activity scored by its model"));
      if (previous != null && present(previous).contains(r)) {
        checks.add(psi(r, staged, previous, limits, judgePsi));
      }
    }
    return checks;
  }

  private static Check psi(String r, Dataset<Row> staged, Dataset<Row> previous, PipelineConfig.Publish limits,
      boolean judge) {
    Column score = col(r + "_score");
    Dataset<Row> before = previous.where(score.isNotNull()).select(score.as("score"));
    if (before.isEmpty()) {
      return Check.reported(r + "_score_psi", 0, "reported, not judged: the previous publication has no " + r
          + " scores (its first model)");
    }
    double value = ScorePsi.psi(staged.where(score.isNotNull()).select(score.as("score")), before);
    return judge ? Check.against(r + "_score_psi", value, limits.scorePsi())
        : Check.reported(r + "_score_psi", value, "reported, not judged: a young lake, as score_psi");
  }
}
