package io.tradecredit.model;

/**
 * Weight of evidence and information value of a bin.
 *
 * <p>{@code woe = ln((goods / totalGoods) / (bads / totalBads))}: positive where goods are
 * over-represented (lower risk), negative where bads are. A bin with no goods or no bads would give
 * an infinite WoE, so an empty cell counts as {@value #SMOOTHING} of a row (only the empty cell;
 * the totals stay as they are). A bin with no rows at all has no evidence and gets WoE 0, the
 * population average.
 *
 * <p>{@code iv = sum over bins of (goods share - bads share) * woe}, with the same smoothed shares,
 * so every term is at least 0.
 */
public final class WeightOfEvidence {
  /** What an empty good or bad cell counts as. */
  public static final double SMOOTHING = 0.5;

  private WeightOfEvidence() {}

  /** WoE of a bin with {@code goods} and {@code bads} out of the totals. */
  public static double woe(long goods, long bads, long totalGoods, long totalBads) {
    if (goods + bads == 0) {
      return 0.0;
    }
    return Math.log(goodShare(goods, totalGoods) / badShare(bads, totalBads));
  }

  /** This bin's term of the information value. */
  public static double ivTerm(long goods, long bads, long totalGoods, long totalBads) {
    if (goods + bads == 0) {
      return 0.0;
    }
    return (goodShare(goods, totalGoods) - badShare(bads, totalBads)) * woe(goods, bads, totalGoods, totalBads);
  }

  private static double goodShare(long goods, long totalGoods) {
    return (goods == 0 ? SMOOTHING : goods) / (double) totalGoods;
  }

  private static double badShare(long bads, long totalBads) {
    return (bads == 0 ? SMOOTHING : bads) / (double) totalBads;
  }
}
