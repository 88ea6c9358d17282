package io.tradecredit.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.Rules;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

/**
 * The manifest of what was written and planted, per drop: what ingest must read, accept, deduplicate and
 * quarantine (by rule), and what conform must quarantine. Written as {@code truth/planted.json}.
 */
public final class Planted {
  static final String GOOD = "good";
  static final String BAD = "bad";
  static final String DUPLICATE = "duplicate";
  static final String NO_FX = "no_fx";
  static final String FILE = "file";

  /** Counts per drop ("feed|dt") and kind/rule. */
  private final Map<String, Map<String, Long>> drops = new TreeMap<>();

  void add(List<Row> counts) {
    for (Row r : counts) {
      add(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getLong(4));
    }
  }

  void add(String feed, String dt, String kind, String rule, long rows) {
    String what = rule == null ? kind : kind + ":" + rule;
    drops.computeIfAbsent(feed + "|" + dt, k -> new TreeMap<>()).merge(what, rows, Long::sum);
  }

  long good(String feed, String dt) {
    return drops.getOrDefault(feed + "|" + dt, Map.of()).getOrDefault(GOOD, 0L);
  }

  long total(String kind) {
    return drops.values().stream().flatMap(m -> m.entrySet().stream())
        .filter(e -> e.getKey().equals(kind) || e.getKey().startsWith(kind + ":"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** The document: per drop the expected ingest accounting, then every expected quarantine entry count. */
  Map<String, Object> document(WorldSpec spec, long orders) {
    List<Map<String, Object>> dropList = new ArrayList<>();
    List<Map<String, Object>> quarantine = new ArrayList<>();
    drops.forEach((key, m) -> {
      String feed = key.substring(0, key.indexOf('|'));
      String dt = key.substring(key.indexOf('|') + 1);
      long good = m.getOrDefault(GOOD, 0L);
      long dup = m.getOrDefault(DUPLICATE, 0L);
      long noFx = m.getOrDefault(NO_FX + ":" + Rules.NO_FX_RATE, 0L);
      Map<String, Long> byRule = new TreeMap<>();
      m.forEach((what, n) -> {
        if (what.startsWith(BAD + ":") || what.startsWith(FILE + ":")) {
          byRule.merge(what.substring(what.indexOf(':') + 1), n, Long::sum);
        }
      });
      long quarantined = byRule.values().stream().mapToLong(Long::longValue).sum();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("feed", feed);
      d.put("dt", dt);
      d.put("read", good + dup + noFx + quarantined);
      d.put("accepted", good + noFx);
      d.put("deduplicated", dup);
      d.put("quarantined", quarantined);
      d.put("quarantined_by_rule", byRule);
      dropList.add(d);
      byRule.forEach((rule, n) -> quarantine.add(entry("ingest", feed, dt, rule, n)));
      if (noFx > 0) {
        quarantine.add(entry("conform", feed, dt, Rules.NO_FX_RATE, noFx));
      }
    });
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("description", "What tradecredit generate wrote under landing/ and planted in it; the ingest and "
        + "conform of these drops must quarantine exactly the rows listed under quarantine.");
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("companies", spec.companies());
    s.put("days", spec.days());
    s.put("seed", spec.seed());
    s.put("start", spec.start().toString());
    s.put("drops", spec.drops());
    s.put("bad_share", spec.badShare());
    s.put("orders_per_company_year", spec.ordersPerCompanyYear());
    doc.put("spec", s);
    doc.put("orders", orders);
    doc.put("rows_written", total(GOOD) + total(DUPLICATE) + total(NO_FX) + total(BAD) + total(FILE));
    doc.put("schema_drift", schemaDrift());
    doc.put("drops", dropList);
    doc.put("quarantine", quarantine);
    return doc;
  }

  /** Per platform feed, the extra columns its JSONL producers send. */
  private static Map<String, List<String>> schemaDrift() {
    List<String> columns = Platforms.ALL.stream().filter(p -> p.jsonl() && p.driftColumn() != null)
        .map(Platforms.Platform::driftColumn).distinct().sorted().toList();
    Map<String, List<String>> drift = new TreeMap<>();
    if (!columns.isEmpty()) {
      for (Feed feed : List.of(Feed.ORDERS, Feed.PAYMENTS, Feed.DISPUTES)) {
        drift.put(feed.id(), columns);
      }
    }
    return drift;
  }

  private static Map<String, Object> entry(String stage, String feed, String dt, String rule, long rows) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("stage", stage);
    e.put("feed", feed);
    e.put("dt", dt);
    e.put("rule", rule);
    e.put("rows", rows);
    return e;
  }

  void write(String file, WorldSpec spec, long orders) {
    try {
      Path p = new Path(file);
      FileSystem fs = OutputFs.of(p);
      try (OutputStream out = fs.create(p, true)) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, document(spec, orders));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }
}
