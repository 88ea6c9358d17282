package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * A candidate against the production model of its risk (the champion) on the candidate's own held-out as-of dates:
 * the same labelled rows, each model's pd ranked against the label. Written next to the candidate's metrics as
 * {@value #FILE}, so the person who promotes sees both on one sample.
 *
 * @param champion the production model's version, null when the risk has none
 * @param note why no comparison was made (no champion, or it cannot read these features), else null
 */
@JsonPropertyOrder({"target", "candidate", "champion", "test_from", "test_to", "rows", "bads", "candidate_auc",
    "champion_auc", "note"})
public record ChampionComparison(String target, String candidate, String champion, String testFrom, String testTo,
    long rows, long bads, Double candidateAuc, Double championAuc, String note) {
  public static final String FILE = "champion.json";

  /**
   * Compares on the rows of {@code labelled} (label column {@code label}) whose as-of date lies in the candidate's
   * held-out range.
   */
  public static ChampionComparison of(Dataset<Row> labelled, String label, Target target, Scorecard candidate,
      Scorecard champion) {
    TrainingInfo t = candidate.training();
    if (champion == null) {
      return new ChampionComparison(target.id(), candidate.version(), null, t.testFrom(), t.testTo(), 0, 0, null,
          null, "no " + target + " model is promoted yet");
    }
    if (t.testFrom() == null) {
      return new ChampionComparison(target.id(), candidate.version(), champion.version(), null, null, 0, 0, null,
          null, "the candidate's held-out sample is not a range of as-of dates (" + t.split() + " split)");
    }
    try {
      ScorecardScorer.checkSchema(labelled.schema(), champion);
    } catch (IllegalArgumentException e) {
      return new ChampionComparison(target.id(), candidate.version(), champion.version(), t.testFrom(), t.testTo(),
          0, 0, null, null, "the champion cannot score these rows: " + e.getMessage());
    }
    Dataset<Row> held = labelled.where(col(label).isNotNull()
            .and(col("as_of_date").cast("string").between(t.testFrom(), t.testTo())))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row n = held.agg(count(lit(1)), sum(col(label))).first();
      double candidateAuc = Metrics.auc(ScorecardScorer.score(held, candidate), ScorecardScorer.PD_12M, label);
      double championAuc = Metrics.auc(ScorecardScorer.score(held, champion), ScorecardScorer.PD_12M, label);
      return new ChampionComparison(target.id(), candidate.version(), champion.version(), t.testFrom(), t.testTo(),
          n.getLong(0), n.isNullAt(1) ? 0 : ((Number) n.get(1)).longValue(), candidateAuc, championAuc, null);
    } finally {
      held.unpersist();
    }
  }

  public void write(Path reportDir) {
    ModelJson.write(this, reportDir.resolve(FILE));
  }

  /** One line for a person. */
  public String summary() {
    if (note != null) {
      return "champion: " + note;
    }
    return String.format("champion %s on the same held-out %s..%s (%d rows, %d bad): AUC %.4f, candidate %s %.4f",
        champion, testFrom, testTo, rows, bads, championAuc, candidate, candidateAuc);
  }
}
