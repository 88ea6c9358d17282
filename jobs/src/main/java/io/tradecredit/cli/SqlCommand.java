package io.tradecredit.cli;

import io.tradecredit.conform.TradeLinks;
import io.tradecredit.lake.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", description = "Run a Spark SQL query over the lakehouse catalog (bronze, silver, gold, "
    + "credit, ops) and print the result; with no query, an interactive prompt with history.")
final class SqlCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The query, e.g. \"SHOW TABLES IN credit\"; "
      + "none opens the prompt.")
  String query;

  @Option(names = "--history", paramLabel = "FILE", description = "History file of the prompt "
      + "(default: ~/.tradecredit_sql_history).")
  Path history = Path.of(System.getProperty("user.home"), ".tradecredit_sql_history");

  @Option(names = "--format", paramLabel = "table|csv|json", description = "Output format (default: table).")
  String format = "table";

  @Option(names = "--max-rows", paramLabel = "N", description = "Rows to print at most (default: 1000).")
  int maxRows = 1000;

  @Override
  public Integer call() {
    if (!List.of("table", "csv", "json").contains(format)) {
      throw new IllegalArgumentException("Unknown --format '" + format + "': use table, csv or json");
    }
    RunContext ctx = Session.start(common.load());
    ctx.lake().registerCatalog();
    TradeLinks.register(ctx.lake());
    if (query == null) {
      try (Terminal terminal = TerminalBuilder.builder().name("tradecredit").build()) {
        new SqlShell(ctx.spark(), terminal, history, maxRows).run();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open the terminal for the sql prompt", e);
      }
      return 0;
    }
    Dataset<Row> result = ctx.spark().sql(query);
    ResultPrinter.print(result, format, maxRows, System.out);
    return 0;
  }
}
