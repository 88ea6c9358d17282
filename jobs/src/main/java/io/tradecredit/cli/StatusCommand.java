package io.tradecredit.cli;

import io.tradecredit.lake.RunContext;
import io.tradecredit.publish.Status;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status", description = "What is published (date, model, rows, checks), whether the last attempt "
    + "failed, and what is pending (landing drops not ingested, dates not published).")
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    RunContext ctx = Session.start(common.load());
    Status.report(ctx.lake(), ctx.config().paths().landing(), ctx.spark().sparkContext().hadoopConfiguration())
        .forEach(System.out::println);
    return 0;
  }
}
