package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fitted logistic regression: {@code ln(P(bad) / P(good)) = intercept + sum(coefficient_i * woe_i)}.
 * Coefficients are negative (a higher WoE means fewer bads); the trainer drops characteristics whose
 * coefficient comes out positive.
 *
 * @param intercept the model's intercept
 * @param coefficients characteristic name to coefficient, in characteristic order
 */
@JsonPropertyOrder({"intercept", "coefficients"})
public record Logistic(double intercept, Map<String, Double> coefficients) {
  public Logistic {
    coefficients = Collections.unmodifiableMap(new LinkedHashMap<>(coefficients));
  }
}
