package io.tradecredit.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV records with the physical line each starts on, the record's own text, and a reason when the quoting
 * is broken. Written by hand because the line numbers and raw text must survive quoted line breaks, which Spark's
 * CSV source does not report.
 *
 * <p>Memory stays bounded whatever the input: a record longer than {@code maxLineChars} or a field longer than
 * {@code maxFieldChars} is read through to its end but not kept, and reported with its length.
 */
final class CsvRecordReader {
  /**
   * One record; {@code error} is null when it parsed.
   *
   * @param length characters of the record, line breaks inside quotes included, its line end not
   * @param longField index of the first field longer than the field limit, -1 when none is
   * @param longFieldLength that field's length in characters
   */
  record CsvRecord(long line, String raw, List<String> fields, String error, long length, int longField,
      long longFieldLength) {
    CsvRecord(long line, String raw, List<String> fields, String error) {
      this(line, raw, fields, error, raw.length(), -1, 0);
    }
  }

  static final int MAX_RAW = 10_000;
  private final Reader in;
  private final int maxLine;
  private final int maxField;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line;
  // Sizes of the previous record: records of a file are alike, so its buffers start large enough and never grow.
  private int lastFields = 10;
  private int lastRaw = 16;

  CsvRecordReader(Reader in) {
    this(in, Integer.MAX_VALUE, Integer.MAX_VALUE, 1);
  }

  /** @param firstLine the line number of the input's first line: above 1 for a piece of a file */
  CsvRecordReader(Reader in, int maxLineChars, int maxFieldChars, long firstLine) {
    this.in = in;
    this.maxLine = maxLineChars;
    this.maxField = maxFieldChars;
    this.line = firstLine;
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
    CsvRecord plain = plainRecord();
    return plain != null ? plain : anyRecord();
  }

  /**
   * The common record, read in one sweep of the buffer: no quote, its line end in the buffer, within the limits.
   * Null for any other, which {@link #anyRecord} reads character by character from the same place.
   */
  private CsvRecord plainRecord() throws IOException {
    int end = pos;
    while (end < len && buf[end] != '\n' && buf[end] != '\r' && buf[end] != '"') {
      end++;
    }
    int length = end - pos;
    if (end == len || buf[end] == '"' || length > maxLine) {
      return null;
    }
    List<String> fields = new ArrayList<>(lastFields);
    int from = pos;
    for (int i = pos; i <= end; i++) {
      if (i == end || buf[i] == ',') {
        if (i - from > maxField) {
          return null;
        }
        fields.add(i == from ? null : new String(buf, from, i - from));
        from = i + 1;
      }
    }
    String raw = new String(buf, pos, Math.min(length, MAX_RAW));
    long start = line;
    pos = end;
    consumeLineEnd(read());
    lastFields = Math.max(lastFields, fields.size());
    return new CsvRecord(start, raw, fields, null, length, -1, 0);
  }

  private CsvRecord anyRecord() throws IOException {
    long start = line;
    StringBuilder raw = new StringBuilder(lastRaw);
    List<String> fields = new ArrayList<>(lastFields);
    StringBuilder field = new StringBuilder();
    String error = null;
    boolean quoted = false;
    boolean afterQuote = false;
    boolean fieldStart = true;
    long length = 0;
    long dropped = 0; // characters of the current field not kept: past a limit
    int longField = -1;
    long longFieldLength = 0;
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
      length++;
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
          dropped += keep(field, c, length);
        }
      } else if (c == ',') {
        if (field.length() + dropped > maxField && longField < 0) {
          longField = fields.size();
          longFieldLength = field.length() + dropped;
        }
        if (length <= maxLine) {
          fields.add(emptyToNull(field));
        }
        field.setLength(0);
        dropped = 0;
        fieldStart = true;
        afterQuote = false;
      } else if (c == '"') {
        if (afterQuote) {
          // An escaped quote: "" inside a quoted field.
          dropped += keep(field, '"', length);
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
        dropped += keep(field, c, length);
        fieldStart = false;
      }
    }
    if (field.length() + dropped > maxField && longField < 0) {
      longField = fields.size();
      longFieldLength = field.length() + dropped;
    }
    fields.add(emptyToNull(field));
    lastFields = Math.max(lastFields, fields.size());
    lastRaw = Math.min(MAX_RAW, Math.max(lastRaw, raw.length()));
    return new CsvRecord(start, raw.toString(), fields, error, length, longField, longFieldLength);
  }

  /** Keeps a character while both the record and the field are within their limits; 1 when it is dropped. */
  private int keep(StringBuilder field, int c, long length) {
    if (length <= maxLine && field.length() < maxField) {
      field.append((char) c);
      return 0;
    }
    return 1;
  }

  private static String emptyToNull(StringBuilder field) {
    return field.length() == 0 ? null : field.toString();
  }
}
