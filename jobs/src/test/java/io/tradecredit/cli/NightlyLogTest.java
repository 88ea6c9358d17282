package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.RunContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which night the ETA goes by, and how the ETA counts down as stages end. */
class NightlyLogTest extends SparkTestBase {
  static final List<String> STAGES = Nightly.stages();

  static List<NightlyLog.Stage> night(Instant start, double[] seconds, int failedAt) {
    List<NightlyLog.Stage> stages = new ArrayList<>();
    for (int i = 0; i < seconds.length; i++) {
      boolean failed = i == failedAt;
      stages.add(new NightlyLog.Stage(STAGES.get(i), start.plusSeconds(i), seconds[i],
          failed ? NightlyLog.FAILED : NightlyLog.OK, failed ? "boom" : null));
    }
    return stages;
  }

  @Test
  void theEtaGoesByTheLatestNightThatRanEveryStage(@TempDir Path root) {
    RunContext ctx = SampleLake.context(root, root.resolve("landing"));
    assertEquals(Optional.empty(), NightlyLog.latestComplete(ctx.lake(), STAGES.size()));
    Instant t = Instant.parse("2026-11-02T01:00:00Z");
    NightlyLog.append(ctx.nextRun(), LocalDate.parse("2026-11-01"), night(t, new double[] {1, 2, 3, 4, 5}, -1));
    RunContext second = ctx.nextRun();
    NightlyLog.append(second, LocalDate.parse("2026-11-02"),
        night(t.plusSeconds(86_400), new double[] {100, 200, 300, 40, 50}, -1));
    // Later, but failed in conform; and a rerun of an older date that stopped after two stages.
    NightlyLog.append(ctx.nextRun(), LocalDate.parse("2026-11-03"),
        night(t.plusSeconds(2 * 86_400), new double[] {7, 8}, 1));
    NightlyLog.append(ctx.nextRun(), LocalDate.parse("2026-10-30"),
        night(t.plusSeconds(3 * 86_400), new double[] {7, 8}, -1));

    NightlyLog.Previous previous = NightlyLog.latestComplete(ctx.lake(), STAGES.size()).orElseThrow();

    assertEquals(second.runId(), previous.runId());
    assertEquals(LocalDate.parse("2026-11-02"), previous.night());
    assertEquals(List.of("ingest", "conform", "features", "score", "publish"),
        List.copyOf(previous.seconds().keySet()));
    assertEquals(List.of(100.0, 200.0, 300.0, 40.0, 50.0), List.copyOf(previous.seconds().values()));
  }

  @Test
  void theEtaCountsDownAsStagesEnd() {
    var previous = new NightlyLog.Previous("r", LocalDate.parse("2026-11-02"),
        Map.of("ingest", 100.0, "conform", 200.0, "features", 300.0, "score", 40.0, "publish", 0.0));
    try (NightProgress progress = new NightProgress(LocalDate.parse("2026-11-03"), STAGES, Optional.of(previous),
        3_600_000)) {
      assertEquals(640.0, progress.remaining().orElseThrow(), 0.5);
      progress.begin(0);
      assertEquals(640.0, progress.remaining().orElseThrow(), 0.5);
      progress.end(0);
      assertEquals(540.0, progress.remaining().orElseThrow(), 0.5);
      progress.begin(1);
      progress.end(1);
      progress.begin(2);
      assertEquals(340.0, progress.remaining().orElseThrow(), 0.5);
      progress.end(2);
      progress.begin(3);
      progress.end(3);
      progress.begin(4);
      // A stage that already ran longer than it took last time counts as ending now.
      assertEquals(0.0, progress.remaining().orElseThrow(), 0.5);
    }
    try (NightProgress first = new NightProgress(LocalDate.parse("2026-11-03"), STAGES, Optional.empty(), 1)) {
      assertTrue(first.remaining().isEmpty());
    }
  }
}
