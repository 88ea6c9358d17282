package io.tradecredit.cli;

import io.tradecredit.lake.Console;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import java.util.List;

/** How a command that writes the lake takes the lake lock ({@link LakeLock}) and settles what dead runs left. */
final class Locking {
  private Locking() {}

  /**
   * Takes the lock for {@code command}; with the lake-wide scope, also records in {@code ops.nightly_log} the nights
   * whose process died (their locks, taken over now or by an earlier run). Release it with try-with-resources.
   */
  static LakeLock acquire(RunContext ctx, String command, List<String> scopes) {
    LakeLock lock = LakeLock.acquire(ctx, command, scopes);
    try {
      if (scopes.contains(LakeLock.LAKE)) {
        recordDied(ctx);
      }
      Pause.at(Pause.LOCKED);
      return lock;
    } catch (RuntimeException | Error e) {
      lock.close();
      throw e;
    }
  }

  static LakeLock acquire(RunContext ctx, String command) {
    return acquire(ctx, command, List.of(LakeLock.LAKE));
  }

  /** A log that cannot be written now is written by a later run: the dead night stays in the lock folder till then. */
  private static void recordDied(RunContext ctx) {
    try {
      for (String night : NightlyLog.recordDied(ctx)) {
        Console.line("lock: %s; recorded as DIED in %s", night, io.tradecredit.lake.Tables.NIGHTLY_LOG);
      }
    } catch (RuntimeException e) {
      Console.line("lock: could not record the nights that died in %s (%s); the next run tries again",
          io.tradecredit.lake.Tables.NIGHTLY_LOG, e.getMessage());
    }
  }
}
