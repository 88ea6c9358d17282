package io.tradecredit.cli;

import io.tradecredit.config.PipelineConfig;
import io.tradecredit.config.PullSource;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.pull.PullStage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pull --source NAME --date D}: a platform database's changes of night D into landing drops. It holds the
 * ingest scopes of the feeds it writes, so no ingest reads a drop of those feeds while it is being replaced, and
 * pulls of sources with other feeds run side by side.
 */
@Command(name = "pull", description = "Read a platform database's rows changed by D over JDBC into landing drops.")
final class PullCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @ArgGroup(exclusive = false) DateRange range = new DateRange();

  @Option(names = "--source", required = true, paramLabel = "NAME", description = "Source under pull.sources.")
  String source;

  @Option(names = "--feed", paramLabel = "FEED", description = "Only this feed of the source (repeatable).")
  List<String> feeds = new ArrayList<>();

  @Override
  public Integer call() {
    List<LocalDate> dates = range.dates();
    PipelineConfig config = common.load();
    PullSource pullSource = config.pull().sources().get(source);
    List<String> scopes = new ArrayList<>();
    if (pullSource != null) {
      (feeds.isEmpty() ? pullSource.feeds().keySet() : feeds).forEach(f -> Feed.find(f)
          .ifPresent(feed -> scopes.add(LakeLock.ingest(feed))));
    }
    long start = System.nanoTime();
    RunContext ctx = Session.start(config);
    String command = "pull --source " + source + " " + range.describe()
        + feeds.stream().map(f -> " --feed " + f).collect(java.util.stream.Collectors.joining());
    try (LakeLock lock = Locking.acquire(ctx, command, scopes.isEmpty() ? List.of(LakeLock.LAKE) : scopes)) {
      for (LocalDate date : dates) {
        var pulled = new PullStage(ctx).run(source, date, feeds);
        Console.line("pull %s %s  %d feed%s, %d rows  %s", source, date, pulled.size(), pulled.size() == 1 ? "" : "s",
            pulled.stream().mapToLong(PullStage.FeedPull::rows).sum(), Console.seconds(start));
        ctx = ctx.nextRun();
      }
    }
    return 0;
  }
}
