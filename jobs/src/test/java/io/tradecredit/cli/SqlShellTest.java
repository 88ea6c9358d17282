package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The interactive sql prompt and time travel, on the two-night sample lake. */
class SqlShellTest extends SparkTestBase {
  static RunContext ctx;

  @BeforeAll
  static void catalogOfTheSampleLake() {
    ctx = SampleLake.twoNights();
    // Other test classes share the session: point every name at this lake.
    for (var table : Tables.all()) {
      spark().sql("DROP TABLE IF EXISTS " + table.qualified());
    }
    ctx.lake().registerCatalog();
    io.tradecredit.conform.TradeLinks.register(ctx.lake());
  }

  @Test
  void theTradeLinkViewsOfTheSqlCommandAreThere() {
    for (var view : io.tradecredit.conform.TradeLinks.VIEWS) {
      long linked = spark().table(view.table().qualified()).count();
      assertTrue(linked > 0, view.table() + " is empty");
    }
    assertEquals(0, spark().table("silver.payments_linked").where("buyer_company_id IS NULL").count());
  }

  static String session(String typed, Path history) throws Exception {
    return session(spark(), typed, history);
  }

  /** What the terminal shows after {@code typed} was typed at the prompt of a shell over {@code session}. */
  static String session(SparkSession session, String typed, Path history) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // A pipe held open as a keyboard is: at the end of a closed stream the terminal would stop reading.
    PipedOutputStream keyboard = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(keyboard, 1 << 16);
    keyboard.write(typed.getBytes(StandardCharsets.UTF_8));
    keyboard.flush();
    // The exec provider gives a terminal over the streams themselves, written synchronously (a pty-backed one copies
    // output on a thread of its own, which may not have finished when the shell returns).
    try (Terminal terminal = TerminalBuilder.builder().system(false).provider("exec").type("xterm").streams(in, out)
        .build()) {
      terminal.echo(false);
      new SqlShell(session, terminal, history, 100).run();
    } finally {
      keyboard.close();
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void thePromptRunsStatementsOverSeveralLinesSurvivesErrorsAndKeepsItsHistory(@TempDir Path tmp) throws Exception {
    Path history = tmp.resolve("history");
    String out = session(String.join("\n",
        "help",
        "SHOW TABLES IN credit;",
        "SELECT as_of_date,",
        "       count(*) AS companies",
        "FROM credit.company_score_history GROUP BY as_of_date ORDER BY as_of_date;",
        "SELECT * FROM credit.no_such_table;",
        "DESCRIBE credit.company_score;",
        "quit", ""), history);

    assertTrue(out.contains("| credit    | company_score_history | false       |"), out);
    long first = ctx.lake().read(Tables.COMPANY_SCORE_HISTORY).where("as_of_date = DATE'2026-11-02'").count();
    assertTrue(out.contains("| 2026-11-02 | " + first), out);
    assertTrue(out.contains("(2 rows)"), out);
    assertTrue(out.contains("error: [TABLE_OR_VIEW_NOT_FOUND]"), out);
    assertTrue(out.contains("| pd_12m "), "DESCRIBE after an error still runs:\n" + out);
    List<String> saved = Files.readAllLines(history);
    assertTrue(saved.stream().anyMatch(l -> l.endsWith("SHOW TABLES IN credit;")), saved.toString());
    assertTrue(saved.stream().anyMatch(l -> l.endsWith("DESCRIBE credit.company_score;")), saved.toString());

    // A later session starts with that history: Ctrl-P (previous line) brings back the last statement.
    String again = session("\u0010\nquit\n", history);
    assertTrue(again.contains("| pd_12m "), again);
  }

  @Test
  void thePromptShowsControlCharactersEscapedInValuesAndErrors(@TempDir Path tmp) throws Exception {
    String out = session(String.join("\n",
        "SELECT concat('a', chr(27), ']0;title', chr(7), chr(27), '[2J', chr(8), chr(13), 'z') AS v;",
        "SELECT raise_error(concat('bad', chr(27), '[2J', chr(7)));",
        "quit", ""), tmp.resolve("history"));

    assertTrue(out.contains("| a\\u001b]0;title\\u0007\\u001b[2J\\b\\rz |"), out);
    assertTrue(out.contains("bad\\u001b[2J\\u0007"), out);
    // The terminal's own line editing writes escape sequences; the values' ones must not reach it.
    assertFalse(out.contains("\u001b]0;title") || out.contains("\u001b[2J") || out.contains("\u0007"), out);
  }

  @Test
  void timeTravelByVersionAndByTimestamp() {
    List<Row> commits = spark().sql("DESCRIBE HISTORY credit.company_score_history")
        .selectExpr("version", "CAST(timestamp AS STRING)").orderBy("version").collectAsList();
    String firstCommit = commits.get(0).getString(1);

    assertEquals(rows("[2026-11-02]"), rows(spark().sql("SELECT DISTINCT CAST(as_of_date AS STRING) FROM "
        + "credit.company_score_history VERSION AS OF 0")));
    assertEquals(rows("[2026-11-02]"), rows(spark().sql("SELECT DISTINCT CAST(as_of_date AS STRING) FROM "
        + "credit.company_score_history TIMESTAMP AS OF '" + firstCommit + "'")));
    assertEquals(rows("[2026-11-02]", "[2026-11-03]"), rows(spark().sql("SELECT DISTINCT CAST(as_of_date AS STRING) "
        + "FROM credit.company_score_history")));
  }
}
