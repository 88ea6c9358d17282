package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * How log-odds become points: {@code score = offset + factor * ln(odds)} with odds = goods : bads.
 *
 * <p>{@code factor = pdo / ln 2} and {@code offset = baseScore - factor * ln(baseOdds)}: a company at
 * odds {@code baseOdds}:1 scores {@code baseScore}, and every {@code pdo} points double its odds.
 * Scores are clipped to {@code [minScore, maxScore]}.
 *
 * @param pdo points to double the odds
 * @param baseScore the score at the base odds
 * @param baseOdds the good:bad odds that score {@code baseScore}
 * @param factor pdo / ln 2
 * @param offset baseScore - factor * ln(baseOdds)
 * @param minScore lowest score reported
 * @param maxScore highest score reported
 */
@JsonPropertyOrder({"pdo", "base_score", "base_odds", "factor", "offset", "min_score", "max_score"})
public record Scaling(
    double pdo, double baseScore, double baseOdds, double factor, double offset, int minScore, int maxScore) {

  public Scaling {
    if (!(pdo > 0) || !(baseOdds > 0) || minScore >= maxScore) {
      throw new IllegalArgumentException(String.format(
          "Invalid scaling: pdo %s and base odds %s must be positive, min score %d below max score %d",
          pdo, baseOdds, minScore, maxScore));
    }
  }

  /** Scaling from the three settings a credit officer knows; factor and offset derived. */
  public static Scaling of(double pdo, double baseScore, double baseOdds, int minScore, int maxScore) {
    double factor = pdo / Math.log(2.0);
    return new Scaling(pdo, baseScore, baseOdds, factor, baseScore - factor * Math.log(baseOdds), minScore, maxScore);
  }

  /**
   * Points of one bin: {@code -(coefficient * woe + intercept / n) * factor + offset / n}, rounded.
   *
   * <p>Sign conventions: the logistic regression models P(bad), so its coefficients on WoE
   * (= ln(share of goods / share of bads)) are negative; ln(good:bad odds) is minus the model's
   * log-odds, hence the leading minus. Intercept and offset are spread evenly over the
   * {@code n} characteristics, so the points of a company's bins add up to its score.
   */
  public int points(double coefficient, double woe, double intercept, int n) {
    return (int) Math.round(-(coefficient * woe + intercept / n) * factor + offset / n);
  }
}
