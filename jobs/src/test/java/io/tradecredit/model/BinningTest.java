package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinningTest {

  private static List<Binning.Group> ranges(long[][] countsAndBads) {
    List<Binning.Group> groups = new ArrayList<>();
    for (int i = 0; i < countsAndBads.length; i++) {
      groups.add(new Binning.Group(i == 0 ? null : (double) i, i == countsAndBads.length - 1 ? null : (double) i + 1,
          null, countsAndBads[i][0], countsAndBads[i][1]));
    }
    return groups;
  }

  private static String describe(List<Binning.Group> groups) {
    return groups.toString();
  }

  @Test
  void mergesViolatorsUntilTheBadRateIsMonotone() {
    // Bad rates 30%, 20%, 25% (breaks the decrease), 10%, 12% (breaks), 5%.
    List<Binning.Group> fine = ranges(new long[][] {{100, 30}, {100, 20}, {100, 25}, {100, 10}, {100, 12}, {100, 5}});
    List<Binning.Group> merged = Binning.merge(fine, 0, 10, Characteristic.Trend.DECREASING, 498, 102);
    assertTrue(Binning.isMonotone(merged, Characteristic.Trend.DECREASING), describe(merged));
    assertEquals("[< 1 n=100 bad=30, [1, 3) n=200 bad=45, [3, 5) n=200 bad=22, >= 5 n=100 bad=5]", describe(merged));
  }

  @Test
  void increasingTrendAndRangesStayContiguous() {
    List<Binning.Group> fine = ranges(new long[][] {{50, 1}, {50, 5}, {50, 3}, {50, 9}, {50, 20}});
    List<Binning.Group> merged = Binning.merge(fine, 0, 10, Characteristic.Trend.INCREASING, 212, 38);
    assertTrue(Binning.isMonotone(merged, Characteristic.Trend.INCREASING), describe(merged));
    assertEquals(null, merged.get(0).lower);
    assertEquals(null, merged.get(merged.size() - 1).upper);
    for (int i = 1; i < merged.size(); i++) {
      assertEquals(merged.get(i - 1).upper, merged.get(i).lower);
    }
  }

  @Test
  void emptyAndSmallBinsJoinANeighbourAndMaxBinsHolds() {
    // An empty first bin (a cut at the minimum), a 3-row bin, then eight healthy ones.
    List<Binning.Group> fine = ranges(new long[][] {
        {0, 0}, {3, 2}, {100, 40}, {100, 30}, {100, 25}, {100, 20}, {100, 15}, {100, 10}, {100, 6}, {100, 3}});
    List<Binning.Group> merged = Binning.merge(fine, 50, 4, Characteristic.Trend.DECREASING, 652, 151);
    assertEquals(4, merged.size(), describe(merged));
    assertTrue(merged.stream().allMatch(g -> g.count >= 50), describe(merged));
    assertTrue(Binning.isMonotone(merged, Characteristic.Trend.DECREASING), describe(merged));
    assertEquals(803, merged.stream().mapToLong(g -> g.count).sum());
  }

  @Test
  void categoriesAreOrderedByBadRateBeforeMerging() {
    List<Binning.Group> cats = List.of(
        new Binning.Group(null, null, List.of("C"), 100, 40),
        new Binning.Group(null, null, List.of("A"), 100, 2),
        new Binning.Group(null, null, List.of("D"), 4, 2),
        new Binning.Group(null, null, List.of("B"), 100, 10));
    List<Binning.Group> merged = Binning.merge(Binning.byBadRate(cats), 10, 6, Characteristic.Trend.NONE, 250, 54);
    // D (50% bad, 4 rows) is too small and joins C, the category closest in bad rate.
    assertEquals("[[A] n=100 bad=2, [B] n=100 bad=10, [C, D] n=104 bad=42]", describe(merged));
  }
}
