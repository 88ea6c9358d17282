package io.tradecredit.cli;

import io.tradecredit.lake.Console;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Says how far a night is: after each stage, and every {@code everyMillis} while a long stage runs, the stage,
 * the time spent and an ETA. The ETA assumes each stage still to run takes as long as it did in the latest complete
 * night ({@code ops.nightly_log}); a stage running longer than it did then counts as ending now. A first night has
 * nothing to go by and says so.
 */
final class NightProgress implements AutoCloseable {
  private final LocalDate night;
  private final List<String> stages;
  private final Optional<NightlyLog.Previous> previous;
  private final long start = System.nanoTime();
  private final Thread printer;
  private volatile int current = -1;
  private volatile long stageStart;

  NightProgress(LocalDate night, List<String> stages, Optional<NightlyLog.Previous> previous, long everyMillis) {
    this.night = night;
    this.stages = stages;
    this.previous = previous;
    this.printer = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(everyMillis);
          if (current >= 0) {
            Console.line("nightly %s  %s running for %s  elapsed %s  ETA %s", night, stages.get(current),
                Console.duration(seconds(stageStart)), Console.duration(seconds(start)), eta());
          }
        }
      } catch (InterruptedException e) {
        // the night ended
      }
    }, "nightly-progress");
    printer.setDaemon(true);
    printer.start();
    Console.line("nightly %s  ETA %s", night, eta());
  }

  void begin(int stage) {
    stageStart = System.nanoTime();
    current = stage;
  }

  void end(int stage) {
    current = stage + 1 < stages.size() ? stage + 1 : -1;
    stageStart = System.nanoTime();
    Console.line("nightly %s  %d/%d stages done  elapsed %s  ETA %s", night, stage + 1, stages.size(),
        Console.duration(seconds(start)), current < 0 ? "0s" : eta());
  }

  /** Seconds still to go, from the latest complete night; empty when there is none. */
  Optional<Double> remaining() {
    if (previous.isEmpty()) {
      return Optional.empty();
    }
    int from = Math.max(current, 0);
    double left = 0;
    for (int i = from; i < stages.size(); i++) {
      double took = previous.get().seconds().getOrDefault(stages.get(i), 0.0);
      left += i == current ? Math.max(0, took - seconds(stageStart)) : took;
    }
    return Optional.of(left);
  }

  private String eta() {
    return remaining().map(s -> Console.duration(s) + " (as the night of " + previous.get().night() + ")")
        .orElse("unknown (no complete night in ops.nightly_log yet)");
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  @Override
  public void close() {
    printer.interrupt();
  }
}
