package io.tradecredit.cli;

import io.tradecredit.lake.RunContext;
import io.tradecredit.publish.Status;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "Who holds the lake lock or which night died, what is published (date, model, rows, checks), whether the last attempt "
    + "failed, and what is pending (landing drops not ingested, dates not published).")
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    RunContext ctx = Session.start(common.load());
    Status.report(ctx).forEach(System.out::println);
    return 0;
  }
}
