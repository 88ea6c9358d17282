package io.tradecredit.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Prints query results as a readable table, as CSV (RFC 4180) or as JSON lines. */
final class ResultPrinter {
  private ResultPrinter() {}

  static void print(Dataset<Row> df, String format, int maxRows, PrintStream out) {
    switch (format) {
      case "csv" -> {
        out.println(String.join(",", List.of(df.columns()).stream().map(ResultPrinter::csv).toList()));
        for (Row row : df.limit(maxRows).collectAsList()) {
          StringBuilder line = new StringBuilder();
          for (int i = 0; i < row.length(); i++) {
            if (i > 0) {
              line.append(',');
            }
            line.append(row.isNullAt(i) ? "" : csv(String.valueOf(row.get(i))));
          }
          out.println(line);
        }
      }
      case "json" -> df.limit(maxRows).toJSON().collectAsList().forEach(out::println);
      default -> {
        List<Row> rows = df.limit(maxRows + 1).collectAsList();
        out.print(table(df.columns(), rows.subList(0, Math.min(rows.size(), maxRows))));
        if (rows.size() > maxRows) {
          out.println("(only the first " + maxRows + " rows; use --max-rows)");
        } else {
          out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
        }
      }
    }
    out.flush();
  }

  private static String csv(String v) {
    return v.matches(".*[\",\\r\\n].*") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  /** A boxed table with columns as wide as their longest value (cut at 60 characters). */
  static String table(String[] columns, List<Row> rows) {
    int n = columns.length;
    String[][] cells = new String[rows.size()][n];
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      width[c] = columns[c].length();
    }
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < n; c++) {
        Object v = rows.get(r).get(c);
        String s = v == null ? "NULL" : v instanceof scala.collection.Seq<?> seq
            ? seq.mkString("[", ", ", "]") : String.valueOf(v);
        s = s.replace('\n', ' ');
        cells[r][c] = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        width[c] = Math.max(width[c], cells[r][c].length());
      }
    }
    String rule = java.util.Arrays.stream(width).mapToObj(w -> "-".repeat(w + 2))
        .collect(Collectors.joining("+", "+", "+\n"));
    StringBuilder sb = new StringBuilder(rule);
    sb.append(line(columns, width)).append(rule);
    for (String[] row : cells) {
      sb.append(line(row, width));
    }
    return sb.append(rule).toString();
  }

  private static String line(String[] values, int[] width) {
    StringBuilder sb = new StringBuilder("|");
    for (int c = 0; c < values.length; c++) {
      sb.append(' ').append(String.format("%-" + width[c] + "s", values[c])).append(" |");
    }
    return sb.append('\n').toString();
  }
}
