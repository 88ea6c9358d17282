package io.tradecredit.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Coarse classing on the driver: fine bins (quantile ranges or single categories, with their good
 * and bad counts from one Spark aggregation) are merged until every bin is large enough, the bad
 * rate is monotone where asked, and there are at most {@code maxBins} of them.
 *
 * <p>The order of the steps matters: merging only ever grows bins and merging neighbours of a
 * monotone sequence keeps it monotone, so each step keeps what the earlier ones achieved:
 * <ol>
 *   <li>empty bins join a neighbour;
 *   <li>bins below the minimum count join the neighbour with the closer bad rate;
 *   <li>while two neighbours break the trend, the first such pair is merged (pool adjacent violators);
 *   <li>while there are too many bins, the neighbours whose merge loses the least IV are merged.
 * </ol>
 */
final class Binning {
  private Binning() {}

  /** A bin being merged: a numeric range {@code [lower, upper)} or a set of categories, with counts. */
  static final class Group {
    final Double lower;
    final Double upper;
    final List<String> values;
    final long count;
    final long bads;

    Group(Double lower, Double upper, List<String> values, long count, long bads) {
      this.lower = lower;
      this.upper = upper;
      this.values = values;
      this.count = count;
      this.bads = bads;
    }

    double badRate() {
      return count == 0 ? 0.0 : (double) bads / count;
    }

    long goods() {
      return count - bads;
    }

    Group merge(Group next) {
      List<String> merged = null;
      if (values != null) {
        merged = new ArrayList<>(values);
        merged.addAll(next.values);
      }
      return new Group(lower, next.upper, merged, count + next.count, bads + next.bads);
    }

    @Override
    public String toString() {
      return (values != null ? values.toString() : Bin.rangeLabel(lower, upper)) + " n=" + count + " bad=" + bads;
    }
  }

  /**
   * Merges an ordered list of fine bins (numeric ranges in value order, or categories in bad-rate order).
   *
   * @param fine the fine bins, in order
   * @param minCount the fewest rows a bin may have (when there is more than one bin)
   * @param maxBins the most bins to return
   * @param trend the bad-rate direction to enforce, NONE for none
   * @param totalGoods goods of the whole sample, for the IV
   * @param totalBads bads of the whole sample, for the IV
   */
  static List<Group> merge(
      List<Group> fine, long minCount, int maxBins, Characteristic.Trend trend, long totalGoods, long totalBads) {
    List<Group> groups = new ArrayList<>(fine);
    // 1. Empty bins carry no evidence; joining the next one keeps the ranges contiguous.
    for (int i = 0; i < groups.size() && groups.size() > 1; ) {
      if (groups.get(i).count == 0) {
        mergeAt(groups, i < groups.size() - 1 ? i : i - 1);
      } else {
        i++;
      }
    }
    // 2. Small bins give unstable WoE: join the neighbour most alike in bad rate.
    while (groups.size() > 1) {
      int smallest = -1;
      for (int i = 0; i < groups.size(); i++) {
        if (groups.get(i).count < minCount && (smallest < 0 || groups.get(i).count < groups.get(smallest).count)) {
          smallest = i;
        }
      }
      if (smallest < 0) {
        break;
      }
      mergeAt(groups, closerNeighbour(groups, smallest) < smallest ? smallest - 1 : smallest);
    }
    // 3. Monotone trend: merge the first pair that breaks it until none does.
    if (trend != Characteristic.Trend.NONE) {
      boolean changed = true;
      while (changed && groups.size() > 1) {
        changed = false;
        for (int i = 0; i < groups.size() - 1; i++) {
          double a = groups.get(i).badRate();
          double b = groups.get(i + 1).badRate();
          boolean breaks = trend == Characteristic.Trend.INCREASING ? b <= a : b >= a;
          if (breaks) {
            mergeAt(groups, i);
            changed = true;
            break;
          }
        }
      }
    }
    // 4. At most maxBins: merge the neighbours whose separation is worth the least IV.
    while (groups.size() > maxBins) {
      int best = 0;
      double bestLoss = Double.MAX_VALUE;
      for (int i = 0; i < groups.size() - 1; i++) {
        Group a = groups.get(i);
        Group b = groups.get(i + 1);
        double loss = iv(a, totalGoods, totalBads) + iv(b, totalGoods, totalBads) - iv(a.merge(b), totalGoods, totalBads);
        if (loss < bestLoss) {
          bestLoss = loss;
          best = i;
        }
      }
      mergeAt(groups, best);
    }
    return groups;
  }

  /** Categories in ascending bad-rate order (ties by name), the order categorical merging works in. */
  static List<Group> byBadRate(List<Group> categories) {
    List<Group> sorted = new ArrayList<>(categories);
    sorted.sort(Comparator.comparingDouble(Group::badRate).thenComparing(g -> g.values.get(0)));
    return sorted;
  }

  /** Whether the bad rates of the groups follow the trend strictly. */
  static boolean isMonotone(List<Group> groups, Characteristic.Trend trend) {
    for (int i = 0; i < groups.size() - 1; i++) {
      double a = groups.get(i).badRate();
      double b = groups.get(i + 1).badRate();
      if ((trend == Characteristic.Trend.INCREASING && b <= a) || (trend == Characteristic.Trend.DECREASING && b >= a)) {
        return false;
      }
    }
    return true;
  }

  private static double iv(Group g, long totalGoods, long totalBads) {
    return WeightOfEvidence.ivTerm(g.goods(), g.bads, totalGoods, totalBads);
  }

  private static int closerNeighbour(List<Group> groups, int i) {
    if (i == 0) {
      return 1;
    } else if (i == groups.size() - 1) {
      return i - 1;
    }
    double rate = groups.get(i).badRate();
    double left = Math.abs(groups.get(i - 1).badRate() - rate);
    double right = Math.abs(groups.get(i + 1).badRate() - rate);
    if (left != right) {
      return left < right ? i - 1 : i + 1;
    }
    return groups.get(i - 1).count <= groups.get(i + 1).count ? i - 1 : i + 1;
  }

  private static void mergeAt(List<Group> groups, int i) {
    groups.set(i, groups.get(i).merge(groups.get(i + 1)));
    groups.remove(i + 1);
  }
}
