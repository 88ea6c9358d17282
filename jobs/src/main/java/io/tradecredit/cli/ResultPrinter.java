package io.tradecredit.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prints query results as a readable table, as CSV (RFC 4180) or as JSON lines.
 *
 * <p>CSV and JSON are for programs: every row unless a limit is given, and a cut is reported on the error stream
 * (rows printed, rows left out). Rows are streamed a partition at a time, so a large result never sits whole in the
 * driver. The table is for people: it stops at its limit and says how many rows it left out. No format sends a
 * control character raw to a terminal (see {@link ControlChars}): the table escapes them, JSON escapes them as JSON
 * does, and CSV escapes them only when standard output is a terminal; written to a file or a pipe, CSV holds the
 * data as it is.
 */
final class ResultPrinter {
  /** Rows the table shows when no limit is given. */
  static final int TABLE_ROWS_DEFAULT = 1000;
  private static final int CELL_WIDTH = 60;

  /** The output formats of {@code sql --format}. */
  enum Format {
    TABLE, CSV, JSON;

    static Format parse(String name) {
      for (Format f : values()) {
        if (f.name().equalsIgnoreCase(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException("Unknown --format '" + name + "': use table, csv or json");
    }
  }

  /**
   * What was printed.
   *
   * @param leftOut rows of the result not printed because of the limit (exact)
   */
  record Printed(long rows, long leftOut) {}

  private ResultPrinter() {}

  /** The table of at most {@code maxRows} rows, for people (the demo, the prompt). */
  static Printed table(Dataset<Row> df, long maxRows, PrintStream out) {
    return print(df, Format.TABLE, maxRows, out, out, true);
  }

  /**
   * @param maxRows rows to print at most; negative prints every row (for the table: {@link #TABLE_ROWS_DEFAULT})
   * @param err where a cut of CSV or JSON is reported
   * @param terminal whether {@code out} is a terminal (CSV then escapes control characters)
   */
  static Printed print(Dataset<Row> df, Format format, long maxRows, PrintStream out, PrintStream err,
      boolean terminal) {
    if (format == Format.TABLE) {
      return printTable(df, maxRows < 0 ? TABLE_ROWS_DEFAULT : maxRows, out);
    }
    Dataset<Row> limited = maxRows < 0 ? df : df.limit((int) Math.min(Integer.MAX_VALUE, maxRows + 1));
    long printed = 0;
    boolean more = false;
    try {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      if (format == Format.CSV) {
        w.write(csvLine(List.of(df.columns()), terminal));
        Iterator<Row> rows = limited.toLocalIterator();
        while (rows.hasNext()) {
          Row row = rows.next();
          if (maxRows >= 0 && printed == maxRows) {
            more = true;
            break;
          }
          List<String> values = new ArrayList<>(row.length());
          for (int i = 0; i < row.length(); i++) {
            values.add(row.isNullAt(i) ? null : String.valueOf(row.get(i)));
          }
          w.write(csvLine(values, terminal));
          printed++;
        }
      } else {
        Iterator<String> lines = limited.toJSON().toLocalIterator();
        while (lines.hasNext()) {
          String line = lines.next();
          if (maxRows >= 0 && printed == maxRows) {
            more = true;
            break;
          }
          w.write(ControlChars.jsonSafe(line));
          w.write('\n');
          printed++;
        }
      }
      w.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the query result", e);
    }
    out.flush();
    long leftOut = more ? Math.max(1, df.count() - printed) : 0;
    if (more) {
      err.printf("sql: printed %d of %d rows; %d left out by --max-rows %d%n", printed, printed + leftOut, leftOut,
          maxRows);
      err.flush();
    }
    return new Printed(printed, leftOut);
  }

  private static Printed printTable(Dataset<Row> df, long maxRows, PrintStream out) {
    int limit = (int) Math.min(Integer.MAX_VALUE - 1, maxRows);
    List<Row> rows = df.limit(limit + 1).collectAsList();
    boolean more = rows.size() > limit;
    List<Row> shown = rows.subList(0, Math.min(rows.size(), limit));
    out.print(table(df.columns(), shown));
    long leftOut = 0;
    if (more) {
      // Counted, not guessed: the query runs once more without the limit, on the same table versions.
      long total = Math.max(df.count(), limit + 1L);
      leftOut = total - limit;
      out.printf("(%d of %d rows shown, %d left out; --max-rows N shows more, --format csv or json prints all)%n",
          limit, total, leftOut);
    } else {
      out.println("(" + shown.size() + (shown.size() == 1 ? " row)" : " rows)"));
    }
    out.flush();
    return new Printed(shown.size(), leftOut);
  }

  private static String csvLine(List<String> values, boolean terminal) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        line.append(',');
      }
      String v = values.get(i);
      if (v != null) {
        line.append(csv(terminal ? ControlChars.visible(v) : v));
      }
    }
    return line.append('\n').toString();
  }

  private static String csv(String v) {
    return v.matches("(?s).*[\",\\r\\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  /** A boxed table with columns as wide as their longest value (cut at 60 characters), control characters shown. */
  static String table(String[] columns, List<Row> rows) {
    int n = columns.length;
    String[] header = new String[n];
    String[][] cells = new String[rows.size()][n];
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      header[c] = ControlChars.visible(columns[c]);
      width[c] = header[c].length();
    }
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < n; c++) {
        Object v = rows.get(r).get(c);
        String s = v == null ? "NULL" : v instanceof scala.collection.Seq<?> seq
            ? seq.mkString("[", ", ", "]") : String.valueOf(v);
        s = ControlChars.visible(s);
        cells[r][c] = s.length() > CELL_WIDTH ? s.substring(0, CELL_WIDTH - 3) + "..." : s;
        width[c] = Math.max(width[c], cells[r][c].length());
      }
    }
    String rule = java.util.Arrays.stream(width).mapToObj(w -> "-".repeat(w + 2))
        .collect(Collectors.joining("+", "+", "+\n"));
    StringBuilder sb = new StringBuilder(rule);
    sb.append(line(header, width)).append(rule);
    for (String[] row : cells) {
      sb.append(line(row, width));
    }
    return sb.append(rule).toString();
  }

  private static String line(String[] values, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < values.length; c++) {
      sb.append(' ').append(String.format(Locale.ROOT, "%-" + width[c] + "s", values[c])).append(" |");
    }
    return sb.append('\n').toString();
  }
}
