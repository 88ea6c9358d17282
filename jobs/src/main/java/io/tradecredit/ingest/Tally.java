package io.tradecredit.ingest;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a drop's rows came to, counted where their outcome is decided ({@link FirstOfKey}): accepted, duplicates,
 * quarantined by rule, and the names of extra columns seen. Counted there, the accounting costs no pass of its own
 * over the kept rows.
 */
final class Tally implements Serializable {
  private static final long serialVersionUID = 1L;

  long accepted;
  long duplicates;
  final Map<String, Long> quarantinedByRule = new HashMap<>();
  final TreeSet<String> extraColumns = new TreeSet<>();

  long quarantined() {
    return quarantinedByRule.values().stream().mapToLong(Long::longValue).sum();
  }

  Map<String, Long> byRule() {
    return new TreeMap<>(quarantinedByRule);
  }

  Tally add(Tally other) {
    accepted += other.accepted;
    duplicates += other.duplicates;
    other.quarantinedByRule.forEach((rule, n) -> quarantinedByRule.merge(rule, n, Long::sum));
    extraColumns.addAll(other.extraColumns);
    return this;
  }
}
