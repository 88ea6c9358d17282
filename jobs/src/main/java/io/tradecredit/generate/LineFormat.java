package io.tradecredit.generate;

import java.util.List;

/** One landing row as a line of text: CSV under RFC 4180, or a JSON object with null values left out. */
final class LineFormat {
  private LineFormat() {}

  static String csvHeader(List<String> columns) {
    return String.join(",", columns);
  }

  static String csv(String[] values) {
    StringBuilder b = new StringBuilder(160);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      String v = values[i];
      if (v == null) {
        continue;
      }
      if (v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0
          || v.indexOf('\r') >= 0) {
        b.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        b.append(v);
      }
    }
    return b.toString();
  }

  /** @param drift an extra key the producer adds (schema drift), or null */
  static String json(List<String> columns, String[] values, String drift) {
    StringBuilder b = new StringBuilder(220).append('{');
    boolean first = true;
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        continue;
      }
      if (!first) {
        b.append(',');
      }
      first = false;
      string(b, columns.get(i)).append(':');
      string(b, values[i]);
    }
    if (drift != null) {
      b.append(first ? "" : ",");
      string(b, drift).append(":\"web\"");
    }
    return b.append('}').toString();
  }

  private static StringBuilder string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"');
  }
}
