package io.tradecredit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

/**
 * The interactive prompt of {@code tradecredit sql}: statements end with {@code ;} and may span lines; line
 * editing and a history kept in a file across sessions. An error is printed and the prompt goes on. Results are
 * tables with control characters shown escaped; the session given decides what may run (read-only for analysts).
 */
final class SqlShell {
  static final String PROMPT = "tradecredit> ";
  static final String CONTINUE = "         ..> ";
  private static final String HELP = String.join("\n",
      "Spark SQL over the lakehouse catalog; end each statement with ';'.",
      "  SHOW DATABASES;  SHOW TABLES IN credit;  DESCRIBE credit.company_score;",
      "  SELECT grade, count(*) FROM credit.company_score GROUP BY grade;",
      "  SELECT * FROM credit.company_score_history VERSION AS OF 0 LIMIT 5;",
      "  SELECT * FROM credit.company_score_history TIMESTAMP AS OF '2026-11-30 08:00:00' LIMIT 5;",
      "  help, quit (or Ctrl-D). Ctrl-C drops the statement being typed.",
      "Read-only unless started with --allow-writes: DELETE, INSERT, DROP, VACUUM, ... and reading files by path",
      "are refused. Control characters in values are shown escaped (\\u001b).");

  private final SparkSession spark;
  private final Terminal terminal;
  private final Path historyFile;
  private final long maxRows;

  SqlShell(SparkSession spark, Terminal terminal, Path historyFile, long maxRows) {
    this.spark = spark;
    this.terminal = terminal;
    this.historyFile = historyFile;
    this.maxRows = maxRows;
  }

  void run() {
    LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("tradecredit")
        .variable(LineReader.HISTORY_FILE, historyFile)
        // So that the previous line recalls the last statement, not the word that ended the last session.
        .variable(LineReader.HISTORY_IGNORE, "quit:exit:help:quit;:exit;:help;").build();
    PrintStream out = new PrintStream(terminal.output(), true, java.nio.charset.StandardCharsets.UTF_8);
    out.println("tradecredit sql: type help for examples, quit to leave");
    StringBuilder statement = new StringBuilder();
    try {
      while (true) {
        String line;
        try {
          line = reader.readLine(statement.length() == 0 ? PROMPT : CONTINUE);
        } catch (UserInterruptException e) {
          statement.setLength(0);
          continue;
        } catch (EndOfFileException e) {
          break;
        }
        String trimmed = line.trim();
        if (statement.length() == 0) {
          String word = trimmed.replaceAll(";$", "").trim().toLowerCase(java.util.Locale.ROOT);
          if (word.equals("quit") || word.equals("exit")) {
            break;
          }
          if (word.equals("help")) {
            out.println(HELP);
            continue;
          }
          if (word.isEmpty()) {
            continue;
          }
        }
        statement.append(statement.length() == 0 ? "" : "\n").append(line);
        if (trimmed.endsWith(";")) {
          execute(statement.toString().trim().replaceAll(";+$", ""), out);
          statement.setLength(0);
        }
      }
    } finally {
      try {
        reader.getHistory().save();
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot save the sql history to " + historyFile, e);
      }
      out.flush();
    }
  }

  private void execute(String sql, PrintStream out) {
    long start = System.nanoTime();
    try {
      ResultPrinter.table(spark.sql(sql), maxRows, out);
      out.printf("(%.1f s)%n", (System.nanoTime() - start) / 1e9);
    } catch (Exception e) {
      // Analysis, parse and refusal errors (checked in Scala's eyes, so caught as Exception) carry a full message; a
      // stack trace would bury it.
      out.println("error: " + SqlCommand.message(e));
    }
  }
}
