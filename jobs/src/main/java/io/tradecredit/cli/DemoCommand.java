package io.tradecredit.cli;

import io.tradecredit.ingest.Drop;
import io.tradecredit.ingest.DropFinder;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "demo", description = "Run nightly for every delivery date in the landing area, in order, "
    + "then show the best and worst scored companies.")
final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    RunContext ctx = Session.start(common.load());
    TreeSet<LocalDate> dates = new TreeSet<>();
    for (Feed feed : Feed.values()) {
      for (Drop drop : DropFinder.find(ctx.config().paths().landing(), feed,
          ctx.spark().sparkContext().hadoopConfiguration())) {
        if (drop.complete()) {
          dates.add(drop.dt());
        }
      }
    }
    if (dates.isEmpty()) {
      throw new IllegalStateException("Cannot run the demo: no complete drops under " + ctx.config().paths().landing());
    }
    Console.line("demo: %d delivery dates %s .. %s from %s", dates.size(), dates.first(), dates.last(),
        ctx.config().paths().landing());
    try (LakeLock lock = Locking.acquire(ctx, "demo")) {
      for (LocalDate date = dates.first(); !date.isAfter(dates.last()); date = date.plusDays(1)) {
        Nightly.run(ctx, date, lock);
      }
    }
    ctx.lake().registerCatalog();
    String columns = "company_id, legal_name, score, grade, pd_12m, confidence, prev_score";
    Console.line("%nThe 10 best scored companies as of %s:", dates.last());
    ResultPrinter.table(ctx.spark().sql("SELECT " + columns + " FROM " + Tables.COMPANY_SCORE.qualified()
        + " ORDER BY score DESC, company_id LIMIT 10"), 10, System.out);
    Console.line("The 10 worst scored companies, with their main reasons:");
    ResultPrinter.table(ctx.spark().sql("SELECT company_id, legal_name, score, grade, confidence, "
        + "transform(reasons, r -> r.code) AS reasons FROM " + Tables.COMPANY_SCORE.qualified()
        + " ORDER BY score ASC, company_id LIMIT 10"), 10, System.out);
    Console.line("Tables: %s (query them with bin/tradecredit sql \"SHOW TABLES IN credit\")", ctx.lake().root());
    Console.line("Parquet export: %s/company_score", ctx.config().paths().exports());
    Console.line("demo done in %s", Console.seconds(start));
    return 0;
  }
}
