package io.tradecredit.cli;

import io.tradecredit.cli.ResultPrinter.Format;
import io.tradecredit.conform.TradeLinks;
import io.tradecredit.lake.ReadOnlySql;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", description = "Run a Spark SQL query over the lakehouse catalog (bronze, silver, gold, "
    + "credit, ops) and print the result; with no query, an interactive prompt with history. Read-only: "
    + "statements that would change the lake or touch files are refused unless --allow-writes is given.")
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

  @Option(names = "--max-rows", paramLabel = "N", description = "Rows to print at most (default: every row for csv "
      + "and json; " + ResultPrinter.TABLE_ROWS_DEFAULT + " for the table and the prompt). A cut is reported: by the "
      + "table under it, for csv and json on standard error.")
  Long maxRows;

  @Option(names = "--allow-writes", description = "Let statements change the lake and read or write files (for "
      + "operators: DELETE, INSERT, VACUUM, RESTORE, ...). Without it they are refused and nothing changes.")
  boolean allowWrites;

  /**
   * Spark's own reports of a failed task: they repeat the error the command prints, with the values in it raw (a
   * value raised as an error could drive the terminal).
   */
  private static final List<String> TASK_FAILURE_LOGGERS = List.of("org.apache.spark.executor.Executor",
      "org.apache.spark.scheduler.TaskSetManager");

  @Override
  public Integer call() {
    Map<Logger, Level> levels = new LinkedHashMap<>();
    for (String name : TASK_FAILURE_LOGGERS) {
      Logger logger = Logger.getLogger(name);
      levels.put(logger, logger.getEffectiveLevel());
      logger.setLevel(Level.OFF);
    }
    try {
      return run();
    } finally {
      levels.forEach(Logger::setLevel);
    }
  }

  private int run() {
    Format output = Format.parse(format);
    if (maxRows != null && maxRows < 1) {
      throw new IllegalArgumentException("--max-rows must be at least 1, not " + maxRows);
    }
    RunContext ctx = Session.start(common.load());
    Optional<Predicate<Table>> only = query == null ? Optional.empty() : QueryTables.of(ctx.spark(), query);
    SparkSession session = analystSession(ctx, allowWrites, System.err, only.orElse(t -> true));
    long limit = maxRows == null ? -1 : maxRows;
    if (query == null) {
      try (Terminal terminal = TerminalBuilder.builder().name("tradecredit").build()) {
        new SqlShell(session, terminal, history, maxRows == null ? ResultPrinter.TABLE_ROWS_DEFAULT : maxRows).run();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open the terminal for the sql prompt", e);
      }
      return 0;
    }
    try {
      Dataset<Row> result;
      try {
        result = session.sql(query);
      } catch (Exception e) { // Scala declares no exceptions: an AnalysisException comes undeclared.
        if (only.isEmpty() || !notFound(e)) {
          throw e;
        }
        // A table the query's text did not show by name: the whole catalog, and the query once more.
        register(ctx, t -> true);
        result = session.sql(query);
      }
      ResultPrinter.print(result, output, limit, System.out, System.err,
          output == Format.CSV && standardOutputIsTerminal());
      return 0;
    } catch (Exception e) {
      // Analysis, parse and refusal errors carry a full message; a stack trace would bury it.
      System.err.println("error: " + message(e));
      return 1;
    }
  }

  /**
   * The session analysts' statements run in: the catalog registered, then read-only (a new session guarded by
   * {@link ReadOnlySql}, so the registration itself, and the session of any other command, stay writable); the
   * command's own session with {@code allowWrites}, which {@code notices} is told about.
   */
  static SparkSession analystSession(RunContext ctx, boolean allowWrites, PrintStream notices) {
    return analystSession(ctx, allowWrites, notices, t -> true);
  }

  /** As above, with only the tables {@code wanted} accepts registered (see {@link QueryTables}). */
  static SparkSession analystSession(RunContext ctx, boolean allowWrites, PrintStream notices,
      Predicate<Table> wanted) {
    register(ctx, wanted);
    if (allowWrites) {
      notices.println("sql: --allow-writes: statements may change the lake and read or write files");
      notices.flush();
      return ctx.spark();
    }
    return ReadOnlySql.guard(ctx.spark().newSession());
  }

  private static void register(RunContext ctx, Predicate<Table> wanted) {
    ctx.lake().registerCatalog(wanted);
    // The silver.*_linked views read silver tables: with all of them registered, or none.
    if (Tables.all().stream().filter(t -> t.database().equals("silver")).allMatch(wanted)) {
      TradeLinks.register(ctx.lake());
    }
  }

  private static boolean notFound(Exception e) {
    return e instanceof AnalysisException a && "TABLE_OR_VIEW_NOT_FOUND".equals(a.getCondition());
  }

  /** The first lines of an error's message, control characters shown. */
  static String message(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return ControlChars.visibleLines(message.strip(), 12);
  }

  /** Whether standard output is a terminal; when that cannot be told, it is taken to be one. */
  private static boolean standardOutputIsTerminal() {
    for (String provider : new String[] {"jni", "exec"}) {
      try {
        return TerminalProvider.load(provider).isSystemStream(SystemStream.Output);
      } catch (IOException | RuntimeException | LinkageError e) {
        // Try the next way of asking.
      }
    }
    return true;
  }
}
