package io.tradecredit.generate;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Which drop delivers each version of a record. The first delivery date brings the history: the latest version of
 * every record as of that day. Each later date brings the versions written that day; a few arrive one to three days
 * late, and a version due after the last delivery date is not delivered at all.
 */
final class Delivery implements Serializable {
  static final double LATE_SHARE = 0.03;

  private final long firstDrop;
  private final long lastDay;

  Delivery(WorldSpec spec) {
    this.firstDrop = spec.firstDrop().toEpochDay();
    this.lastDay = spec.lastDay().toEpochDay();
  }

  void deliver(Versions record, SplittableRandom r, Sink sink) {
    int snapshot = -1;
    for (int i = 0; i < record.list.size(); i++) {
      if (Timestamps.day(record.list.get(i).at()) <= firstDrop) {
        snapshot = i;
      }
    }
    if (snapshot >= 0) {
      sink.row(record.feed, record.producer, firstDrop, record.list.get(snapshot).values());
    }
    for (int i = snapshot + 1; i < record.list.size(); i++) {
      Versions.Version v = record.list.get(i);
      long day = Timestamps.day(v.at());
      if (r.nextDouble() < LATE_SHARE) {
        day += 1 + r.nextInt(3);
      }
      if (day <= lastDay) {
        sink.row(record.feed, record.producer, day, v.values());
      }
    }
  }
}
