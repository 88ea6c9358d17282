package io.tradecredit.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.conform.ReplacedSpans.Span;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class ReplacedSpansTest {
  private static Timestamp at(String ts) {
    return Timestamp.valueOf(ts);
  }

  private static Span span(String from, String to) {
    return new Span(at(from), at(to));
  }

  @Test
  void overlappingSpansAreJoinedAndDisjointOnesKeptApart() {
    List<Span> spans = ReplacedSpans.of(List.of(span("2026-10-01 10:00:00", "2026-10-01 20:00:00"),
        span("2026-01-05 08:00:00", "2026-01-05 09:00:00"), span("2026-10-01 19:00:00", "2026-10-02 03:00:00")))
        .spans();

    assertEquals(List.of(span("2026-01-05 08:00:00", "2026-01-05 09:00:00"),
        span("2026-10-01 10:00:00", "2026-10-02 03:00:00")), spans);
  }

  /** More days than spans: the closest neighbours are joined, the far one stays alone, and every value is held. */
  @Test
  void theClosestNeighboursAreJoinedUntilAtMostTheLimitIsLeft() {
    List<Span> days = new ArrayList<>();
    for (int d = 1; d <= 20; d++) {
      String day = String.format("2026-10-%02d ", d);
      days.add(span(day + "09:00:00", day + "17:00:00"));
    }
    days.add(span("2025-11-01 12:00:00", "2025-11-01 12:00:00"));

    List<Span> spans = ReplacedSpans.of(days).spans();

    assertEquals(ReplacedSpans.MAX_SPANS, spans.size());
    assertEquals(span("2025-11-01 12:00:00", "2025-11-01 12:00:00"), spans.get(0), "the late change keeps its own");
    for (Span d : days) {
      assertTrue(spans.stream().anyMatch(s -> !s.from().after(d.from()) && !s.to().before(d.to())), d + " held");
    }
  }

  @Test
  void onlyTheVersionsAMergeReplacesCountAndNoneReplacedReadsNoFile() {
    List<Row> winners = List.of(RowFactory.create("k1", true, at("2026-10-30 08:00:00")),
        RowFactory.create("k2", false, null), RowFactory.create("k3", true, at("2026-10-30 09:30:00")));

    assertEquals(List.of(span("2026-10-30 08:00:00", "2026-10-30 09:30:00")),
        ReplacedSpans.of(winners, 1, 2).spans());
    assertEquals("false", ReplacedSpans.of(List.of(RowFactory.create("k2", false, null)), 1, 2).condition("t")
        .toString());
  }

  /** A replaced version without updated_at could be in any file: no condition, every file is read. */
  @Test
  void aReplacedVersionWithoutUpdatedAtLeavesTheWholeTable() {
    List<Row> winners = List.of(RowFactory.create("k1", true, at("2026-10-30 08:00:00")),
        RowFactory.create("k2", true, null));

    assertNull(ReplacedSpans.of(winners, 1, 2).condition("t"));
  }
}
