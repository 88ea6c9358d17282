package io.tradecredit.cli;

import io.tradecredit.conform.ConformStage;
import io.tradecredit.features.FeaturesStage;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.publish.PublishStage;
import io.tradecredit.score.ScoreStage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One command per stage; each runs its stage for one date in its own Spark session, holding the lake lock
 * ({@link LakeLock}): the whole lake, except {@code ingest}, which holds one scope per feed it ingests.
 */
final class StageCommands {
  private StageCommands() {}

  abstract static class StageCommand implements Callable<Integer> {
    @Mixin CommonOptions common;
    @ArgGroup(exclusive = false) DateRange range = new DateRange();

    @Override
    public Integer call() {
      var dates = range.dates();
      RunContext ctx = Session.start(common.load());
      String command = getClass().getAnnotation(Command.class).name() + " " + range.describe() + options();
      try (LakeLock lock = Locking.acquire(ctx, command, scopes())) {
        for (var date : dates) {
          run(ctx, date);
        }
      }
      return 0;
    }

    abstract void run(RunContext ctx, java.time.LocalDate date);

    /** What this command keeps other runs from while it runs: by default, the whole lake. */
    List<String> scopes() {
      return List.of(LakeLock.LAKE);
    }

    /** Options that say what the command does, for the lock file (never a --set value: it may be a secret). */
    String options() {
      return "";
    }
  }

  @Command(name = "ingest", description = "Ingest complete landing drops with dt <= D into bronze and quarantine.")
  static final class Ingest extends StageCommand {
    @Option(names = "--feed", paramLabel = "FEED", description = "Only this feed (repeatable); default all.")
    List<String> feeds = new ArrayList<>();

    @Override
    void run(RunContext ctx, java.time.LocalDate date) {
      new IngestStage(ctx).run(date, feeds(feeds));
    }

    /** One scope per feed: the scheduler's ingests of different feeds run side by side; a night excludes them all. */
    @Override
    List<String> scopes() {
      return feeds(feeds).stream().map(LakeLock::ingest).toList();
    }

    @Override
    String options() {
      return feeds.stream().map(f -> " --feed " + f).collect(java.util.stream.Collectors.joining());
    }
  }

  static List<Feed> feeds(List<String> names) {
    if (names.isEmpty()) {
      return Arrays.asList(Feed.values());
    }
    List<Feed> feeds = new ArrayList<>();
    for (String name : names) {
      feeds.add(Feed.find(name).orElseThrow(() -> new IllegalArgumentException(
          "Unknown feed '" + name + "' (feeds: " + Feed.names() + ")")));
    }
    return feeds;
  }

  @Command(name = "conform", description = "Merge ingested drops into silver: latest wins, USD, company identity.")
  static final class Conform extends StageCommand {
    @Override
    void run(RunContext ctx, java.time.LocalDate date) {
      new ConformStage(ctx).run(date);
    }
  }

  @Command(name = "features", description = "Compute company features as of D into gold.company_features.")
  static final class Features extends StageCommand {
    @Override
    void run(RunContext ctx, java.time.LocalDate date) {
      new FeaturesStage(ctx).run(date);
    }
  }

  @Command(name = "score", description = "Score the features as of D into the staging table.")
  static final class Score extends StageCommand {
    @Override
    void run(RunContext ctx, java.time.LocalDate date) {
      new ScoreStage(ctx).run(date);
    }
  }

  @Command(name = "publish", description = "Audit the staged scores of D and publish them if every check passes.")
  static final class Publish extends StageCommand {
    @Option(names = "--force", description = "Publish even if checks fail (needs --reason).")
    boolean force;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why --force is needed; recorded in publish_log.")
    String reason;

    @Override
    void run(RunContext ctx, java.time.LocalDate date) {
      if (force && (reason == null || reason.isBlank())) {
        throw new IllegalArgumentException("--force needs --reason TEXT, recorded in credit.publish_log");
      }
      new PublishStage(ctx).run(date, force ? reason : null);
    }
  }
}
