package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;

/** Where generated rows go: one landing row of a feed, for the drop of one delivery date, in a producer's format. */
interface Sink {
  /**
   * @param producer the producer's format and zone
   * @param epochDay the delivery date
   * @param values the row's text values, aligned with {@link Feed#columnNames()} (null = empty)
   */
  void row(Feed feed, Producer producer, long epochDay, String[] values);
}
