package io.tradecredit.generate;

import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * How trade spreads over the days of the world: quieter weekends, a pre-Christmas peak in the autumn and a dip
 * around the Lunar New Year. Days are drawn through the cumulative weights.
 */
final class Seasonality implements Serializable {
  private final long start;
  private final double[] cumulative;

  Seasonality(WorldSpec spec) {
    this.start = spec.start().toEpochDay();
    double[] w = new double[spec.days()];
    for (int i = 0; i < w.length; i++) {
      w[i] = weight(spec.start().plusDays(i));
    }
    this.cumulative = Rng.cumulative(w);
  }

  static double weight(LocalDate d) {
    double w = 1 + 0.25 * Math.sin(2 * Math.PI * (d.getDayOfYear() - 200) / 365.0);
    if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
      w *= 0.45;
    }
    if (d.getDayOfYear() >= 30 && d.getDayOfYear() <= 45) {
      w *= 0.6;
    }
    return w;
  }

  /** An epoch day drawn with the world's seasonal weights. */
  long pickDay(double u) {
    return start + Rng.pick(cumulative, u);
  }
}
