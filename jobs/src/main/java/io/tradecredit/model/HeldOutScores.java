package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * A candidate's score and pd for each of its held-out rows, written as Parquet into its report folder ({@value #DIR}):
 * company_id, as_of_date, the label, score and pd_12m. The metrics say how well the candidate ranks the held-out
 * sample as a whole; these rows let it be judged on any part of it, or against outcomes the lake does not hold (a
 * generated world's true probabilities, bench/model/loop-auc.sh).
 */
public final class HeldOutScores {
  public static final String DIR = "held_out_scores";

  private HeldOutScores() {}

  /**
   * Writes the scores of the rows of {@code labelled} with a label and an as-of date in the candidate's held-out
   * range; returns where, or null when the held-out sample is not a range of as-of dates (a random split).
   */
  public static Path write(Dataset<Row> labelled, String label, Scorecard candidate, Path reportDir) {
    TrainingInfo t = candidate.training();
    if (t.testFrom() == null) {
      return null;
    }
    Path out = reportDir.resolve(DIR);
    Dataset<Row> held = labelled.where(col(label).isNotNull()
        .and(col("as_of_date").cast("string").between(t.testFrom(), t.testTo())));
    ScorecardScorer.score(held, candidate)
        .select(col("company_id"), col("as_of_date"), col(label), col(ScorecardScorer.SCORE),
            col(ScorecardScorer.PD_12M))
        .write().mode(SaveMode.Overwrite).parquet(out.toString());
    return out;
  }
}
