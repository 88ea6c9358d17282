package io.tradecredit.generate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Daily reference rates as a pure function of (currency, day): a mean-reverting wobble around the country's
 * reference rate, so an order and the rate feed agree without either reading the other.
 */
public final class FxCurve {
  private FxCurve() {}

  public static double usdPerUnit(long seed, String currency, long epochDay, double reference) {
    if (currency.equals("USD")) {
      return 1.0;
    }
    long c = currency.hashCode();
    double slow = 0.04 * Math.sin(epochDay / 97.0 + Rng.uniform(seed, "fx-phase", c) * 6.283);
    double mid = 0.015 * Math.sin(epochDay / 17.0 + Rng.uniform(seed, "fx-phase2", c) * 6.283);
    double noise = 0.003 * (Rng.uniform(seed, "fx-day", c, epochDay) - 0.5);
    return reference * Math.exp(slow + mid + noise);
  }

  /** The contract's rate text: eight significant digits, at most ten fraction digits, never scientific. */
  public static String text(double rate) {
    BigDecimal d = new BigDecimal(rate).round(new MathContext(8, RoundingMode.HALF_EVEN));
    if (d.scale() > 10) {
      d = d.setScale(10, RoundingMode.HALF_EVEN);
    }
    return d.stripTrailingZeros().toPlainString();
  }
}
