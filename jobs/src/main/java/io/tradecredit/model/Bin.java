package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One bin of a characteristic: which values fall into it, what the training data showed there,
 * and the points a company in it receives.
 *
 * <p>A {@link Kind#RANGE} bin holds the numeric values in {@code [lower, upper)}; a null
 * {@code lower} or {@code upper} is unbounded on that side. A {@link Kind#VALUES} bin holds the
 * listed categorical values. {@link Kind#SPECIAL} holds listed numeric sentinel values (taken out
 * before the ranges are cut). {@link Kind#MISSING} holds nulls (and NaN).
 *
 * @param kind what the bin holds
 * @param label a short human-readable description, e.g. {@code [3, 10)} or {@code ACTIVE}
 * @param lower inclusive lower edge of a RANGE bin, null for minus infinity
 * @param upper exclusive upper edge of a RANGE bin, null for plus infinity
 * @param values the categorical values of a VALUES bin
 * @param specialValues the sentinel values of a SPECIAL bin
 * @param count training rows in the bin
 * @param badCount training rows in the bin that are bad
 * @param badRate badCount / count, 0 for an empty bin
 * @param woe weight of evidence, ln(share of goods / share of bads); see {@link WeightOfEvidence}
 * @param points the points a company in this bin adds to its score
 */
@JsonPropertyOrder({
  "kind", "label", "lower", "upper", "values", "special_values",
  "count", "bad_count", "bad_rate", "woe", "points"
})
public record Bin(
    Kind kind,
    String label,
    Double lower,
    Double upper,
    List<String> values,
    List<Double> specialValues,
    long count,
    long badCount,
    double badRate,
    double woe,
    int points) {

  /** What a bin holds. */
  public enum Kind {
    RANGE,
    VALUES,
    SPECIAL,
    MISSING
  }

  public Bin {
    Objects.requireNonNull(kind, "bin kind");
    values = values == null ? null : List.copyOf(values);
    specialValues = specialValues == null ? null : List.copyOf(specialValues);
    if (kind == Kind.VALUES && (values == null || values.isEmpty())) {
      throw new IllegalArgumentException("Invalid bin " + label + ": a VALUES bin needs values");
    }
    if (kind == Kind.SPECIAL && (specialValues == null || specialValues.isEmpty())) {
      throw new IllegalArgumentException("Invalid bin " + label + ": a SPECIAL bin needs special_values");
    }
    if (kind == Kind.RANGE && lower != null && upper != null && !(lower < upper)) {
      throw new IllegalArgumentException("Invalid bin " + label + ": lower " + lower + " is not below upper " + upper);
    }
  }

  /** The same bin with other points. */
  public Bin withPoints(int newPoints) {
    return new Bin(kind, label, lower, upper, values, specialValues, count, badCount, badRate, woe, newPoints);
  }

  /** A label for a range bin: {@code < 3}, {@code [3, 10)} or {@code >= 10}. */
  static String rangeLabel(Double lower, Double upper) {
    if (lower == null && upper == null) {
      return "all values";
    } else if (lower == null) {
      return "< " + plain(upper);
    } else if (upper == null) {
      return ">= " + plain(lower);
    }
    return "[" + plain(lower) + ", " + plain(upper) + ")";
  }

  static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
