package io.tradecredit.conform;

import static org.apache.spark.sql.functions.*;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where in time the current versions a merge replaces were last updated: a few spans of {@code updated_at} that hold
 * every one of them, given to the merge as a condition on the table, so that Delta skips the files none of them is
 * in by the files' own statistics instead of reading every file of the history.
 *
 * <p>It pays because a silver table's files are cut by {@code updated_at}: a merge writes a night's new versions,
 * which were updated that night, and a table is created with its rows ranged by it ({@link VersionMerge}). A record
 * changes again mostly soon after its last change, so the versions a night replaces lie in the latest files, with
 * now and then an old record changed late; a span of its own keeps that one from widening the others to the whole
 * history.
 */
final class ReplacedSpans {
  /** Spans at most: enough to keep late changes apart, few enough to keep the condition short. */
  static final int MAX_SPANS = 8;

  /** A closed span of timestamps. */
  record Span(Timestamp from, Timestamp to) {}

  private static final long DAY_MS = 86_400_000L;

  /** The spans; null when a replaced version has no updated_at, and then the whole table is read. */
  private final List<Span> spans;

  private ReplacedSpans(List<Span> spans) {
    this.spans = spans;
  }

  /** The spans of the collected winners that replace a version ({@code closes}), whose updated_at is {@code at}. */
  static ReplacedSpans of(List<Row> winners, int closes, int at) {
    Map<Long, Span> days = new TreeMap<>();
    for (Row w : winners) {
      if (w.getBoolean(closes)) {
        if (w.isNullAt(at)) {
          return new ReplacedSpans(null);
        }
        Timestamp ts = w.getTimestamp(at);
        days.merge(Math.floorDiv(ts.getTime(), DAY_MS), new Span(ts, ts), (a, b) -> new Span(
            a.from().before(b.from()) ? a.from() : b.from(), a.to().after(b.to()) ? a.to() : b.to()));
      }
    }
    return of(new ArrayList<>(days.values()));
  }

  /** The spans of {@code replaced}'s {@code _cur_at}, the updated_at of the versions replaced: one small job. */
  static ReplacedSpans of(Dataset<Row> replaced) {
    List<Span> days = new ArrayList<>();
    for (Row r : replaced.groupBy(to_date(col("_cur_at"))).agg(min("_cur_at"), max("_cur_at"),
        count(lit(1)).minus(count("_cur_at"))).collectAsList()) {
      if (r.getLong(3) > 0) {
        return new ReplacedSpans(null);
      }
      days.add(new Span(r.getTimestamp(1), r.getTimestamp(2)));
    }
    return of(days);
  }

  /**
   * The spans of the given {@code updated_at} values, each at least one value (spans of single days, for example):
   * sorted, and the closest neighbours joined until at most {@link #MAX_SPANS} are left.
   */
  static ReplacedSpans of(List<Span> parts) {
    List<Span> spans = new ArrayList<>(parts);
    spans.sort(Comparator.comparing(Span::from));
    List<Span> joined = new ArrayList<>();
    for (Span s : spans) {
      Span last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
      if (last != null && !s.from().after(last.to())) {
        joined.set(joined.size() - 1, new Span(last.from(), s.to().after(last.to()) ? s.to() : last.to()));
      } else {
        joined.add(s);
      }
    }
    while (joined.size() > MAX_SPANS) {
      int closest = 1;
      for (int i = 2; i < joined.size(); i++) {
        if (gap(joined, i) < gap(joined, closest)) {
          closest = i;
        }
      }
      Span a = joined.get(closest - 1);
      Span b = joined.remove(closest);
      joined.set(closest - 1, new Span(a.from(), b.to()));
    }
    return new ReplacedSpans(joined);
  }

  private static long gap(List<Span> spans, int i) {
    return spans.get(i).from().getTime() - spans.get(i - 1).to().getTime();
  }

  List<Span> spans() {
    return spans;
  }

  /**
   * The condition that a row of table alias {@code t} lies in one of the spans, widened by a millisecond on each
   * side (Delta keeps timestamps' statistics to the millisecond): false when nothing is replaced (no file is read),
   * null when a replaced version has no updated_at (every file is).
   */
  Column condition(String t) {
    if (spans == null) {
      return null;
    }
    return spans.stream().map(s -> col(t + ".updated_at").geq(lit(new Timestamp(s.from().getTime() - 1)))
        .and(col(t + ".updated_at").leq(lit(new Timestamp(s.to().getTime() + 1)))))
        .reduce(Column::or).orElse(lit(false));
  }
}
