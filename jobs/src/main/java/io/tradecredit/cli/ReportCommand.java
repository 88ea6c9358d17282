package io.tradecredit.cli;

import io.tradecredit.lake.Console;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import io.tradecredit.report.ReportData;
import io.tradecredit.report.ReportHtml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", description = "Write the monitoring page over the publications (DIR/index.html, one "
    + "static file): rows, grades and scores per date, PSI and LOW share per country and platform, grade migration, "
    + "gate checks and their history, night durations per stage, quarantine by feed and rule. Reads the lake only.")
final class ReportCommand implements Callable<Integer> {
  /** The page's file in the output folder. */
  static final String FILE = "index.html";
  static final Predicate<Table> TABLES = Set.of(Tables.COMPANY_SCORE_HISTORY, Tables.PUBLISH_LOG,
      Tables.NIGHTLY_LOG, Tables.QUARANTINE, Tables.COMPANY_ACCOUNTS)::contains;

  @Mixin CommonOptions common;

  @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder the page is written to.")
  Path out;

  @Option(names = "--dates", paramLabel = "N", description = "The latest published dates (and nights) the page "
      + "covers (default: 60).")
  int dates = 60;

  @Override
  public Integer call() {
    if (dates < 2) {
      throw new IllegalArgumentException("--dates must be at least 2, not " + dates);
    }
    long start = System.nanoTime();
    RunContext ctx = Session.start(common.load());
    SparkSession spark = SqlCommand.analystSession(ctx, false, System.err, TABLES);
    ReportData data = ReportData.read(spark, dates);
    String html = ReportHtml.render(data, ctx.lake().root(), ctx.config().publish().scorePsi().warn(), Instant.now());
    Path page = out.resolve(FILE);
    try {
      Files.createDirectories(out);
      Files.writeString(page, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the monitoring page " + page, e);
    }
    Console.line("report  dates %d  attempts %d  nights %d  %.0f kB  out %s  %s", data.dates().size(),
        data.attempts().size(), data.stages().stream().map(ReportData.StageTime::runId).distinct().count(),
        html.length() / 1e3, page, Console.seconds(start));
    return 0;
  }
}
