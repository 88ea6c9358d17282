package io.tradecredit.cli;

import io.tradecredit.conform.ConformStage;
import io.tradecredit.features.FeaturesStage;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.RunContext;
import io.tradecredit.publish.PublishStage;
import io.tradecredit.score.ScoreStage;
import java.time.LocalDate;
import java.util.Arrays;

/** All five stages for one date, in order, in the caller's session. A failing stage stops the run. */
public final class Nightly {
  private Nightly() {}

  public static void run(RunContext session, LocalDate date) {
    RunContext ctx = session.nextRun();
    long start = System.nanoTime();
    Console.line("== nightly %s (run %s)", date, ctx.runId());
    new IngestStage(ctx).run(date, Arrays.asList(Feed.values()));
    new ConformStage(ctx).run(date);
    new FeaturesStage(ctx).run(date);
    new ScoreStage(ctx).run(date);
    new PublishStage(ctx).run(date, null);
    Console.line("== nightly %s done in %s", date, Console.seconds(start));
  }
}
