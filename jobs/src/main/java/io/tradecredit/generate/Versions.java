package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;
import java.util.ArrayList;
import java.util.List;

/**
 * The versions of one record, as its producer changes it: each a full row stamped with its {@code updated_at}.
 * Versions are strictly later than the one before (a producer never writes two states at the same instant), and
 * none lies after the end of the world.
 */
final class Versions {
  record Version(long at, String[] values) {}

  final Feed feed;
  final Producer producer;
  final List<Version> list = new ArrayList<>(6);
  private final int updatedAt;
  private final long end;

  /** @param end first second after the world's last day */
  Versions(Feed feed, Producer producer, long end) {
    this.feed = feed;
    this.producer = producer;
    this.updatedAt = feed.columnNames().indexOf("updated_at");
    this.end = end;
  }

  /** Adds a version at {@code at} (moved a minute past the previous one if needed); false once past the end. */
  boolean add(long at, String[] values) {
    if (!list.isEmpty() && at <= last()) {
      at = last() + 60;
    }
    if (at >= end) {
      return false;
    }
    String[] v = values.clone();
    v[updatedAt] = Timestamps.format(at, producer.offsetHours());
    list.add(new Version(at, v));
    return true;
  }

  long last() {
    return list.get(list.size() - 1).at();
  }
}
