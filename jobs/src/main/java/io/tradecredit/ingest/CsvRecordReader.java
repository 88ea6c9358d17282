package io.tradecredit.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV records with the physical line each starts on, the record's own text, and a reason when the quoting
 * is broken. Written by hand because the line numbers and raw text must survive quoted line breaks, which Spark's
 * CSV source does not report.
 */
final class CsvRecordReader {
  /** One record; {@code error} is null when it parsed. */
  record CsvRecord(long line, String raw, List<String> fields, String error) {}

  private static final int MAX_RAW = 10_000;
  private final Reader in;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;

  CsvRecordReader(Reader in) {
    this.in = in;
  }

  private int read() throws IOException {
    if (pos == len) {
      len = in.read(buf, 0, buf.length);
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }

  private int peek() throws IOException {
    int c = read();
    if (c != -1) {
      pos--;
    }
    return c;
  }

  /** The next non-blank record, or null at the end of the input. */
  CsvRecord next() throws IOException {
    while (true) {
      int first = peek();
      if (first == -1) {
        return null;
      }
      if (first == '\n' || first == '\r') {
        consumeLineEnd(read());
        continue;
      }
      return record();
    }
  }

  private void consumeLineEnd(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      read();
    }
    line++;
  }

  private CsvRecord record() throws IOException {
    long start = line;
    StringBuilder raw = new StringBuilder();
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    String error = null;
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStart = true;
    while (true) {
      int c = read();
      if (c == -1) {
        if (quoted && error == null) {
          error = "unterminated quoted field at end of file";
        }
        break;
      }
      if (!quoted && (c == '\n' || c == '\r')) {
        consumeLineEnd(c);
        break;
      }
      if (raw.length() < MAX_RAW) {
        raw.append((char) c);
      }
      if (error != null) {
        continue; // skip the rest of the broken record up to its line end
      }
      if (quoted) {
        if (c == '"') {
          quoted = false;
          afterQuote = true;
        } else {
          if (c == '\n') {
            line++;
          }
          field.append((char) c);
        }
      } else if (c == ',') {
        fields.add(emptyToNull(field));
        field.setLength(0);
        fieldStart = true;
        afterQuote = false;
      } else if (c == '"') {
        if (afterQuote) {
          // An escaped quote: "" inside a quoted field.
          field.append('"');
          quoted = true;
          afterQuote = false;
        } else if (fieldStart) {
          quoted = true;
          fieldStart = false;
        } else {
          error = "quote inside an unquoted field at column " + (fields.size() + 1);
        }
      } else if (afterQuote) {
        error = "text after a closing quote at column " + (fields.size() + 1);
      } else {
        field.append((char) c);
        fieldStart = false;
      }
    }
    fields.add(emptyToNull(field));
    return new CsvRecord(start, raw.toString(), fields, error);
  }

  private static String emptyToNull(StringBuilder field) {
    return field.length() == 0 ? null : field.toString();
  }
}
