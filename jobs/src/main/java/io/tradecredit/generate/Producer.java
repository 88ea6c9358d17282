package io.tradecredit.generate;

import java.io.Serializable;

/**
 * How a producer writes its files: CSV or JSONL, the zone of its timestamps, and an extra column the contract
 * does not know (schema drift), if any.
 */
record Producer(boolean jsonl, int offsetHours, String driftColumn) implements Serializable {
  static final Producer CSV_UTC = new Producer(false, 0, null);

  static Producer of(Platforms.Platform p) {
    return new Producer(p.jsonl(), p.offsetHours(), p.driftColumn());
  }

  static Producer of(Platforms.Carrier c) {
    return new Producer(true, c.offsetHours(), null);
  }
}
