package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code tradecredit sql} prints: every row for programs, a table for people, no raw control characters. */
class SqlOutputTest extends SparkTestBase {
  static final String RANGE = "SELECT id, concat('row ', id) AS name FROM range(2500)";
  /** OSC "set window title" ended by BEL, "clear screen", backspace, carriage return, NUL, DEL and the C1 CSI. */
  static final String HOSTILE = "concat(chr(27), ']0;title', chr(7), chr(27), '[2J', chr(8), chr(13), chr(0), "
      + "chr(127), chr(155), 'end')";
  static final String HOSTILE_VALUE = "\u001b]0;title\u0007\u001b[2J\b\r\u0000\u007f\u009bend";
  static final String HOSTILE_SHOWN = "\\u001b]0;title\\u0007\\u001b[2J\\b\\r\\u0000\\u007f\\u009bend";

  @TempDir static Path root;

  static Set<Long> allIds() {
    return LongStream.range(0, 2500).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void csvAndJsonPrintEveryRowWithNoLimitGiven() throws Exception {
    SqlRun csv = SqlRun.sql(root, "--format", "csv", RANGE);
    assertEquals(0, csv.code(), csv.toString());
    List<String> lines = csv.lines();
    assertEquals("id,name", lines.get(0));
    assertEquals(2501, lines.size(), "header and 2,500 rows");
    assertEquals(allIds(), lines.stream().skip(1).map(l -> Long.parseLong(l.split(",")[0]))
        .collect(Collectors.toCollection(TreeSet::new)));
    assertTrue(lines.contains("2499,row 2499"), csv.toString());
    assertEquals("", csv.err(), "nothing was cut, nothing to say");

    SqlRun json = SqlRun.sql(root, "--format", "json", RANGE);
    assertEquals(0, json.code(), json.toString());
    ObjectMapper mapper = new ObjectMapper();
    Set<Long> ids = new TreeSet<>();
    for (String line : json.lines()) {
      JsonNode row = mapper.readTree(line);
      assertEquals("row " + row.get("id").asLong(), row.get("name").asText());
      ids.add(row.get("id").asLong());
    }
    assertEquals(2500, json.lines().size());
    assertEquals(allIds(), ids);
    assertEquals("", json.err());
  }

  @Test
  void maxRowsCutsCsvAndSaysOnStandardErrorHowManyRowsItLeftOut() {
    SqlRun csv = SqlRun.sql(root, "--format", "csv", "--max-rows", "1000", RANGE);
    assertEquals(0, csv.code(), csv.toString());
    assertEquals(1001, csv.lines().size(), "header and 1,000 rows");
    assertEquals("sql: printed 1000 of 2500 rows; 1500 left out by --max-rows 1000\n", csv.err());
  }

  @Test
  void theTableStopsAtItsDefaultAndSaysExactlyHowManyRowsItLeftOut() {
    SqlRun table = SqlRun.sql(root, RANGE);
    assertEquals(0, table.code(), table.toString());
    assertEquals(1001, table.lines().stream().filter(l -> l.startsWith("| ")).count(), "header and 1,000 rows");
    assertTrue(table.out().contains("(1000 of 2500 rows shown, 1500 left out; --max-rows N shows more, --format csv "
        + "or json prints all)"), table.toString());

    SqlRun whole = SqlRun.sql(root, "--max-rows", "3000", RANGE);
    assertTrue(whole.out().contains("(2500 rows)"), whole.toString());
  }

  @Test
  void controlCharactersAreShownEscapedInTheTableAndInJsonAndKeptAsDataInCsvToAFile() throws Exception {
    String query = "SELECT " + HOSTILE + " AS v, 1 AS n";
    SqlRun table = SqlRun.sql(root, query);
    assertTrue(table.out().contains("| " + HOSTILE_SHOWN + " | 1 |"), table.toString());
    assertNoControlCharacters(table.out());

    SqlRun json = SqlRun.sql(root, "--format", "json", query);
    assertNoControlCharacters(json.out());
    assertTrue(json.out().toLowerCase().contains("\\u001b]0;title\\u0007") && json.out().contains("\\u009b"),
        json.toString());
    assertEquals(HOSTILE_VALUE, new ObjectMapper().readTree(json.lines().get(0)).get("v").asText(),
        "JSON escapes are the same value");

    // A test's standard output is a pipe: CSV holds the data as it is, quoted as RFC 4180 asks (the \r).
    SqlRun csv = SqlRun.sql(root, "--format", "csv", query);
    assertEquals("v,n\n\"" + HOSTILE_VALUE + "\",1\n", csv.out());

    // On a terminal CSV shows them escaped, as the table does.
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    ResultPrinter.print(spark().sql(query), ResultPrinter.Format.CSV, -1,
        new PrintStream(terminal, true, StandardCharsets.UTF_8), System.err, true);
    assertEquals("v,n\n" + HOSTILE_SHOWN + ",1\n", terminal.toString(StandardCharsets.UTF_8));
  }

  @Test
  void errorsAreShownWithTheirControlCharactersEscaped() {
    SqlRun failed = SqlRun.sql(root, "SELECT raise_error(" + HOSTILE + ")");
    assertEquals(1, failed.code(), failed.toString());
    assertTrue(failed.err().startsWith("error: ") && failed.err().contains(HOSTILE_SHOWN), failed.toString());
    assertNoControlCharacters(failed.err());
  }

  static void assertNoControlCharacters(String text) {
    for (char c : text.toCharArray()) {
      assertFalse(c != '\n' && ControlChars.isControl(c), String.format("U+%04X printed raw in%n%s", (int) c, text));
    }
  }
}
