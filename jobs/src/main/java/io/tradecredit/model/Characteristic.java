package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One characteristic of the scorecard: a feature column cut into bins, each bin with its points.
 *
 * <p>Every value of the column falls into exactly one bin: nulls (and NaN) into the MISSING bin,
 * numeric values into SPECIAL if listed there, else into the RANGE bin whose {@code [lower, upper)}
 * holds them (the ranges are contiguous and cover the whole line); categorical values into the VALUES
 * bin that lists them. A categorical value not seen in training scores as MISSING: the model has no
 * evidence about it.
 *
 * @param name the feature column
 * @param type NUMERIC (any numeric Spark type, read as double) or CATEGORICAL (string or boolean, read as string)
 * @param reasonCode stable code reported when this characteristic lowers a score
 * @param reasonText plain-language reason for a value in an adverse bin
 * @param missingReasonCode code reported when the value is missing and that lowers the score
 * @param missingReasonText plain-language reason for a missing value
 * @param trend the enforced direction of the bad rate over increasing values (NONE for categorical)
 * @param iv information value on the training sample
 * @param bins value bins in order, then SPECIAL, then MISSING
 */
@JsonPropertyOrder({
  "name", "type", "reason_code", "reason_text", "missing_reason_code", "missing_reason_text",
  "trend", "iv", "bins"
})
public record Characteristic(
    String name,
    Type type,
    String reasonCode,
    String reasonText,
    String missingReasonCode,
    String missingReasonText,
    Trend trend,
    double iv,
    List<Bin> bins) {

  /** How a characteristic reads its column. */
  public enum Type {
    NUMERIC,
    CATEGORICAL
  }

  /** Direction of the bad rate as the value increases. */
  public enum Trend {
    INCREASING,
    DECREASING,
    NONE
  }

  public Characteristic {
    Objects.requireNonNull(name, "characteristic name");
    Objects.requireNonNull(type, "characteristic type of " + name);
    Objects.requireNonNull(reasonCode, "reason_code of " + name);
    Objects.requireNonNull(reasonText, "reason_text of " + name);
    Objects.requireNonNull(missingReasonCode, "missing_reason_code of " + name);
    Objects.requireNonNull(missingReasonText, "missing_reason_text of " + name);
    Objects.requireNonNull(trend, "trend of " + name);
    bins = List.copyOf(Objects.requireNonNull(bins, "bins of " + name));
    validateBins(name, type, bins);
  }

  /** The highest points of any bin: the reference a company's points are compared with for reasons. */
  public int bestPoints() {
    return bins.stream().mapToInt(Bin::points).max().orElse(0);
  }

  /** The MISSING bin (every characteristic has one). */
  public Bin missingBin() {
    return bins.stream().filter(b -> b.kind() == Bin.Kind.MISSING).findFirst().orElseThrow();
  }

  /** The bins of the given kind, in order. */
  public List<Bin> bins(Bin.Kind kind) {
    return bins.stream().filter(b -> b.kind() == kind).toList();
  }

  /** The same characteristic with other bins. */
  public Characteristic withBins(List<Bin> newBins) {
    return new Characteristic(
        name, type, reasonCode, reasonText, missingReasonCode, missingReasonText, trend, iv, newBins);
  }

  private static void validateBins(String name, Type type, List<Bin> bins) {
    long missing = bins.stream().filter(b -> b.kind() == Bin.Kind.MISSING).count();
    if (missing != 1) {
      throw new IllegalArgumentException("Invalid characteristic " + name + ": needs exactly one MISSING bin, has " + missing);
    }
    if (type == Type.NUMERIC) {
      List<Bin> ranges = bins.stream().filter(b -> b.kind() == Bin.Kind.RANGE).toList();
      if (bins.stream().anyMatch(b -> b.kind() == Bin.Kind.VALUES)) {
        throw new IllegalArgumentException("Invalid characteristic " + name + ": a NUMERIC characteristic has no VALUES bins");
      }
      if (ranges.isEmpty() || ranges.get(0).lower() != null || ranges.get(ranges.size() - 1).upper() != null) {
        throw new IllegalArgumentException(
            "Invalid characteristic " + name + ": RANGE bins must start at minus infinity (lower null) and end at plus infinity (upper null)");
      }
      for (int i = 1; i < ranges.size(); i++) {
        if (!Objects.equals(ranges.get(i - 1).upper(), ranges.get(i).lower())) {
          throw new IllegalArgumentException(
              "Invalid characteristic " + name + ": RANGE bins are not contiguous at " + ranges.get(i).label());
        }
      }
    } else if (bins.stream().anyMatch(b -> b.kind() == Bin.Kind.RANGE || b.kind() == Bin.Kind.SPECIAL)) {
      throw new IllegalArgumentException("Invalid characteristic " + name + ": a CATEGORICAL characteristic has only VALUES and MISSING bins");
    }
  }
}
