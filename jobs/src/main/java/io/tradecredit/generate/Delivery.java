package io.tradecredit.generate;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Which drop delivers each version of a record. The first delivery date brings the history: the latest version of
 * every record as of that day. Each later date brings the versions written that day; a few arrive one to three days
 * late, and a version due after the last delivery date is not delivered at all.
 *
 * <p>Lateness is drawn from a stream of its own per company ({@link #company}), never from the stream the company's
 * events come from: how a world is delivered (one drop or many) then changes when its records arrive, not what
 * happens in it. A world generated twice from one seed with different drops has the same events.
 */
final class Delivery implements Serializable {
  static final double LATE_SHARE = 0.03;
  /** A delivery day for what is never delivered. */
  static final long NEVER = Long.MAX_VALUE;

  private final long seed;
  private final long firstDrop;
  private final long lastDay;
  private SplittableRandom late;

  Delivery(WorldSpec spec) {
    this.seed = spec.seed();
    this.firstDrop = spec.firstDrop().toEpochDay();
    this.lastDay = spec.lastDay().toEpochDay();
  }

  /** Starts the lateness draws of one company's records of one kind ({@code purpose}: records, orders). */
  Delivery company(String purpose, long id) {
    late = Rng.stream(seed, "delivery-" + purpose, id);
    return this;
  }

  /** Delivers every version of {@code record}; returns the first day any of it arrives, or {@link #NEVER}. */
  long deliver(Versions record, Sink sink) {
    return emit(record, plan(record), Long.MIN_VALUE, sink);
  }

  /**
   * The delivery day of each version ({@link #NEVER} for a version not delivered on its own: older than the history
   * snapshot, or due after the last day). Drawn apart from {@link #emit} so a record can be held back until
   * another has arrived without changing any random draw of the world.
   */
  long[] plan(Versions record) {
    if (late == null) {
      throw new IllegalStateException("Delivery.company must name whose records are delivered first");
    }
    long[] days = new long[record.list.size()];
    int snapshot = -1;
    for (int i = 0; i < days.length; i++) {
      days[i] = NEVER;
      if (Timestamps.day(record.list.get(i).at()) <= firstDrop) {
        snapshot = i;
      }
    }
    if (snapshot >= 0) {
      days[snapshot] = firstDrop;
    }
    for (int i = snapshot + 1; i < days.length; i++) {
      long day = Timestamps.day(record.list.get(i).at());
      if (late.nextDouble() < LATE_SHARE) {
        day += 1 + late.nextInt(3);
      }
      days[i] = day;
    }
    return days;
  }

  /**
   * Writes each version on its planned day, or on {@code notBefore} when that is later; what would arrive after the
   * last day is not delivered. Returns the first day any version arrives, or {@link #NEVER}.
   */
  long emit(Versions record, long[] days, long notBefore, Sink sink) {
    long first = NEVER;
    for (int i = 0; i < days.length; i++) {
      long day = days[i] == NEVER ? NEVER : Math.max(days[i], notBefore);
      if (day <= lastDay) {
        sink.row(record.feed, record.producer, day, record.list.get(i).values());
        first = Math.min(first, day);
      }
    }
    return first;
  }
}
