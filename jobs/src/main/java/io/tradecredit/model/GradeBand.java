package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A grade and the highest pd_12m it admits: a company gets the first grade whose
 * {@code pdUpper} is at or above its pd. Bands are ordered best first and the last one is 1.0.
 *
 * @param grade AAA, AA, A, BBB, BB, B, CCC, CC or C
 * @param pdUpper inclusive upper pd limit
 */
@JsonPropertyOrder({"grade", "pd_upper"})
public record GradeBand(String grade, double pdUpper) {

  /**
   * Default bands, roughly the one-year default rates of the agency grades widened for small
   * companies in trade: AAA up to 0.1%, ..., CCC up to 10%, CC up to 20%, C the rest.
   */
  public static final List<GradeBand> DEFAULTS = List.of(
      new GradeBand("AAA", 0.001),
      new GradeBand("AA", 0.0025),
      new GradeBand("A", 0.005),
      new GradeBand("BBB", 0.01),
      new GradeBand("BB", 0.025),
      new GradeBand("B", 0.05),
      new GradeBand("CCC", 0.10),
      new GradeBand("CC", 0.20),
      new GradeBand("C", 1.0));

  /** Checks that bands are non-empty, strictly increasing in pd and end at 1.0. */
  public static List<GradeBand> validate(List<GradeBand> bands) {
    if (bands == null || bands.isEmpty()) {
      throw new IllegalArgumentException("Invalid grade bands: none given");
    }
    for (int i = 1; i < bands.size(); i++) {
      if (!(bands.get(i).pdUpper() > bands.get(i - 1).pdUpper())) {
        throw new IllegalArgumentException("Invalid grade bands: pd limits must increase, but "
            + bands.get(i).grade() + " " + bands.get(i).pdUpper() + " follows "
            + bands.get(i - 1).grade() + " " + bands.get(i - 1).pdUpper());
      }
    }
    if (bands.get(bands.size() - 1).pdUpper() != 1.0) {
      throw new IllegalArgumentException("Invalid grade bands: the last band must end at pd 1.0 so every company gets a grade");
    }
    return List.copyOf(bands);
  }
}
