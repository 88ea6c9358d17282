package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WeightOfEvidenceTest {
  private static final double EPS = 1e-9;

  @Test
  void woeIsLogOfGoodShareOverBadShare() {
    // 50 of 100 goods and 2 of 20 bads: ln(0.5 / 0.1) = ln 5.
    assertEquals(Math.log(5), WeightOfEvidence.woe(50, 2, 100, 20), EPS);
    assertEquals(0.0, WeightOfEvidence.woe(30, 6, 100, 20), EPS);
    assertEquals(Math.log(1.0 / 3), WeightOfEvidence.woe(20, 12, 100, 20), EPS);
  }

  @Test
  void emptyCellCountsAsHalfARowAndEmptyBinIsNeutral() {
    // 40 goods, no bads: the bad share is 0.5 / 20.
    assertEquals(Math.log(0.4 / 0.025), WeightOfEvidence.woe(40, 0, 100, 20), EPS);
    assertEquals(Math.log(0.005 / 0.25), WeightOfEvidence.woe(0, 5, 100, 20), EPS);
    assertEquals(0.0, WeightOfEvidence.woe(0, 0, 100, 20), EPS);
    assertEquals(0.0, WeightOfEvidence.ivTerm(0, 0, 100, 20), EPS);
  }

  @Test
  void ivSumsShareDifferenceTimesWoe() {
    double iv = WeightOfEvidence.ivTerm(50, 2, 100, 20) + WeightOfEvidence.ivTerm(30, 6, 100, 20)
        + WeightOfEvidence.ivTerm(20, 12, 100, 20);
    assertEquals(0.4 * Math.log(5) + 0.4 * Math.log(3), iv, EPS);
  }

  @Test
  void pointsFollowTheStandardScaling() {
    Scaling s = Scaling.of(20, 600, 50, 300, 850);
    assertEquals(20 / Math.log(2), s.factor(), EPS);
    assertEquals(600 - 20 / Math.log(2) * Math.log(50), s.offset(), EPS);
    // One characteristic with coefficient -1 and intercept ln(B/G): points = offset + factor * ln(goods/bads in the bin).
    double intercept = Math.log(20.0 / 100);
    assertEquals(580, s.points(-1, Math.log(5), intercept, 1));
    assertEquals(534, s.points(-1, 0, intercept, 1));
    assertEquals(502, s.points(-1, Math.log(1.0 / 3), intercept, 1));
    // Two characteristics share the intercept and offset: 600 at base odds with WoE 0 everywhere.
    assertEquals(300, s.points(-1, 0, -Math.log(50), 2));
  }
}
