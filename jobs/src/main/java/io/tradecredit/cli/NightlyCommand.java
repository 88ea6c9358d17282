package io.tradecredit.cli;

import io.tradecredit.lake.RunContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "nightly", description = "Run ingest, conform, features, score and publish for D, "
    + "or for every date from A to B in one Spark session.")
final class NightlyCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @ArgGroup(exclusive = false) DateRange range = new DateRange();

  @Override
  public Integer call() {
    var dates = range.dates();
    RunContext ctx = Session.start(common.load());
    for (var date : dates) {
      Nightly.run(ctx, date);
    }
    return 0;
  }
}
