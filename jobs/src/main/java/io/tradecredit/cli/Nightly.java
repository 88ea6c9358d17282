package io.tradecredit.cli;

import io.tradecredit.conform.ConformStage;
import io.tradecredit.features.FeaturesStage;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
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
 * took is appended to {@code ops.nightly_log} when the night ends, failed or not; a night whose process dies is
 * recorded there by the run that takes its lock over ({@link NightlyLog#recordDied}).
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

  /** Runs the night of {@code date} without a lock (tests, and callers that hold one another way). */
  public static void run(RunContext session, LocalDate date) {
    run(session, date, null);
  }

  /**
   * Runs the night of {@code date}. Under {@code lock}, the night and each stage are recorded in the lock file as
   * they begin, so that a run finding this process dead can say which night died in which stage. A night that
   * published records its inputs ({@link NightInputs}, as they stood when it began) in {@code ops.nightly_inputs}.
   */
  public static void run(RunContext session, LocalDate date, LakeLock lock) {
    RunContext ctx = session.nextRun();
    run(ctx, date, lock, NightInputs.of(ctx, date));
  }

  /** @param ctx the night's own run, as {@link RunContext#nextRun} gives it */
  static void run(RunContext ctx, LocalDate date, LakeLock lock, NightInputs inputs) {
    long start = System.nanoTime();
    Console.line("== nightly %s (run %s)", date, ctx.runId());
    if (lock != null) {
      lock.beginNight(date, ctx.runId());
    }
    try {
      runStages(ctx, date, lock);
    } finally {
      if (lock != null) {
        lock.endNight();
      }
    }
    try {
      inputs.record(ctx, date);
    } catch (RuntimeException e) {
      // The night published; only a later backfill's skip depends on this row, and without it that date reruns.
      Console.line("nightly %s  could not append to %s: %s", date, Tables.NIGHTLY_INPUTS, e.getMessage());
    }
    Console.line("== nightly %s done in %s", date, Console.seconds(start));
  }

  private static void runStages(RunContext ctx, LocalDate date, LakeLock lock) {
    List<NightlyLog.Stage> ran = new ArrayList<>();
    try (NightProgress progress = new NightProgress(date, stages(),
        NightlyLog.latestComplete(ctx.lake(), STEPS.size()), PROGRESS_EVERY_MILLIS)) {
      for (int i = 0; i < STEPS.size(); i++) {
        Step step = STEPS.get(i);
        if (lock != null) {
          lock.beginStage(step.name());
        }
        Pause.at(Pause.beforeStage(step.name()));
        Instant began = Instant.now();
        long t0 = System.nanoTime();
        progress.begin(i);
        try {
          step.run().accept(ctx, date);
        } catch (RuntimeException | Error e) {
          progress.close(); // no "still running" line after the failure
          Console.line("nightly %s  %s failed after %s: %s", date, step.name(),
              Console.duration((System.nanoTime() - t0) / 1e9), e.getMessage());
          ran.add(stage(step, began, t0, e));
          record(ctx, date, ran, e);
          throw e;
        }
        ran.add(stage(step, began, t0, null));
        progress.end(i);
      }
    }
    record(ctx, date, ran, null);
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
