package io.tradecredit.cli;

import io.tradecredit.conform.ConformStage;
import io.tradecredit.features.FeaturesStage;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.RunContext;
import io.tradecredit.publish.PublishStage;
import io.tradecredit.score.ScoreStage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * All five stages for one date, in order, in the caller's session. A failing stage stops the run. What each stage
 * took is appended to {@code ops.nightly_log} when the night ends, failed or not.
 */
public final class Nightly {
  /** How often a long stage reports that it is still running. */
  static final long PROGRESS_EVERY_MILLIS = 60_000;

  private record Step(String name, BiConsumer<RunContext, LocalDate> run) {}

  private static final List<Step> STEPS = List.of(
      new Step("ingest", (ctx, date) -> new IngestStage(ctx).run(date, Arrays.asList(Feed.values()))),
      new Step("conform", (ctx, date) -> new ConformStage(ctx).run(date)),
      new Step("features", (ctx, date) -> new FeaturesStage(ctx).run(date)),
      new Step("score", (ctx, date) -> new ScoreStage(ctx).run(date)),
      new Step("publish", (ctx, date) -> new PublishStage(ctx).run(date, null)));

  private Nightly() {}

  static List<String> stages() {
    return STEPS.stream().map(Step::name).toList();
  }

  public static void run(RunContext session, LocalDate date) {
    RunContext ctx = session.nextRun();
    long start = System.nanoTime();
    Console.line("== nightly %s (run %s)", date, ctx.runId());
    List<NightlyLog.Stage> ran = new ArrayList<>();
    try (NightProgress progress = new NightProgress(date, stages(),
        NightlyLog.latestComplete(ctx.lake(), STEPS.size()), PROGRESS_EVERY_MILLIS)) {
      for (int i = 0; i < STEPS.size(); i++) {
        Step step = STEPS.get(i);
        Instant began = Instant.now();
        long t0 = System.nanoTime();
        progress.begin(i);
        try {
          step.run().accept(ctx, date);
        } catch (RuntimeException | Error e) {
          ran.add(stage(step, began, t0, e));
          record(ctx, date, ran, e);
          throw e;
        }
        ran.add(stage(step, began, t0, null));
        progress.end(i);
      }
    }
    record(ctx, date, ran, null);
    Console.line("== nightly %s done in %s", date, Console.seconds(start));
  }

  private static NightlyLog.Stage stage(Step step, Instant began, long t0, Throwable failure) {
    return new NightlyLog.Stage(step.name(), began, (System.nanoTime() - t0) / 1e9,
        failure == null ? NightlyLog.OK : NightlyLog.FAILED,
        failure == null ? null : String.valueOf(failure.getMessage()));
  }

  /** A log that cannot be written must not hide why the night failed, nor fail a night that succeeded. */
  private static void record(RunContext ctx, LocalDate date, List<NightlyLog.Stage> ran, Throwable failure) {
    try {
      NightlyLog.append(ctx, date, ran);
    } catch (RuntimeException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      } else {
        Console.line("nightly %s  could not append to ops.nightly_log: %s", date, e.getMessage());
      }
    }
  }
}
