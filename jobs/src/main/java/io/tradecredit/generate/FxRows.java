package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;
import java.io.Serializable;
import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * The fx_rates feed: a rate for every rated currency on every weekday (weekends have none: the contract's 7-day
 * fallback covers them), from ten days before the world starts. The first drop carries the history; later drops
 * carry the rates of their own day.
 */
final class FxRows implements Serializable {
  /** Rates start this many days before the first event, so amounts on the first days have a rate to fall back on. */
  static final int LEAD_DAYS = 10;

  private final WorldSpec spec;

  FxRows(WorldSpec spec) {
    this.spec = spec;
  }

  long firstDay() {
    return spec.start().toEpochDay() - LEAD_DAYS;
  }

  long dayCount() {
    return spec.lastDay().toEpochDay() - firstDay() + 1;
  }

  void day(long epochDay, Sink sink) {
    DayOfWeek dow = LocalDate.ofEpochDay(epochDay).getDayOfWeek();
    if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY) {
      return;
    }
    long drop = Math.max(epochDay, spec.firstDrop().toEpochDay());
    for (String ccy : Countries.RATED) {
      double rate = FxCurve.usdPerUnit(spec.seed(), ccy, epochDay, Countries.reference(ccy));
      sink.row(Feed.FX_RATES, Producer.CSV_UTC, drop, new String[] {Timestamps.date(epochDay), ccy,
          FxCurve.text(rate)});
    }
  }
}
