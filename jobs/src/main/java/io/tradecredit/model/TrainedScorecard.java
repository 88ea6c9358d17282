package io.tradecredit.model;

import java.util.List;

/**
 * What {@link ScorecardTrainer#train} returns.
 *
 * @param scorecard the model artifact (its {@code metrics} are the same as below)
 * @param metrics training and held-out metrics
 * @param trainScores goods and bads per distinct score on the training sample, ascending
 * @param testScores goods and bads per distinct score on the held-out sample, ascending
 */
public record TrainedScorecard(Scorecard scorecard, Metrics metrics, List<Metrics.ScoreCount> trainScores,
    List<Metrics.ScoreCount> testScores) {
  public TrainedScorecard {
    trainScores = List.copyOf(trainScores);
    testScores = List.copyOf(testScores);
  }
}
