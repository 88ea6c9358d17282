package io.tradecredit.model;

/**
 * What {@link ScorecardTrainer#train} returns.
 *
 * @param scorecard the model artifact (its {@code metrics} are the same as below)
 * @param metrics training and held-out metrics
 */
public record TrainedScorecard(Scorecard scorecard, Metrics metrics) {}
