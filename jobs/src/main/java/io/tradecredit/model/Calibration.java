package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * pd_12m as a function of the score, fitted on the held-out sample:
 * {@code pd = 1 / (1 + exp(-(intercept + slope * score)))}, with {@code slope < 0} so that
 * a higher score always means a lower pd.
 *
 * @param method always {@code logistic} for now
 * @param intercept a in the formula above
 * @param slope b in the formula above, negative
 * @param rows held-out rows it was fitted on
 * @param bads bad rows among them
 */
@JsonPropertyOrder({"method", "intercept", "slope", "rows", "bads"})
public record Calibration(String method, double intercept, double slope, long rows, long bads) {
  public static final String LOGISTIC = "logistic";

  public Calibration {
    if (!LOGISTIC.equals(method)) {
      throw new IllegalArgumentException("Invalid calibration: unknown method " + method + ", expected " + LOGISTIC);
    }
    if (!(slope < 0)) {
      throw new IllegalArgumentException(
          "Invalid calibration: slope " + slope + " must be negative (pd must fall as the score rises)");
    }
  }

  /** pd_12m of a score. */
  public double pd(double score) {
    return 1.0 / (1.0 + Math.exp(-(intercept + slope * score)));
  }
}
