package io.tradecredit.ingest;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * RFC 4180 CSV records with the physical line each starts on, the record's own text, and a reason when the quoting
 * is broken. Written by hand because the line numbers and raw text must survive quoted line breaks, which Spark's
 * CSV source does not report. Text comes out in Spark's own form ({@link UTF8String}), which the checked rows hold.
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
   * @param printable every character is printable ASCII (U+0020..U+007E), so its values need no screening
   *     ({@link ValueScreen}) beyond the field limit the reader holds them to
   */
  record CsvRecord(long line, UTF8String raw, List<UTF8String> fields, String error, long length, int longField,
      long longFieldLength, boolean printable) {}

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
    boolean printable = true;
    while (end < len) {
      char c = buf[end];
      if (c >= 0x20 && c < 0x7f && c != '"') {
        end++;
      } else if (c == '\n' || c == '\r' || c == '"') {
        break;
      } else {
        printable = false;
        end++;
      }
    }
    int length = end - pos;
    if (end == len || buf[end] == '"' || length > maxLine) {
      return null;
    }
    List<UTF8String> fields = new ArrayList<>(lastFields);
    UTF8String raw;
    if (printable) {
      // Printable ASCII, as nearly every record is: its characters are its UTF-8 bytes, copied once, and its values
      // and raw text are slices of that copy.
      byte[] bytes = new byte[length];
      int from = 0;
      for (int i = 0; i < length; i++) {
        char c = buf[pos + i];
        bytes[i] = (byte) c;
        if (c == ',') {
          if (!field(fields, bytes, from, i)) {
            return null;
          }
          from = i + 1;
        }
      }
      if (!field(fields, bytes, from, length)) {
        return null;
      }
      raw = UTF8String.fromBytes(bytes, 0, Math.min(length, MAX_RAW));
    } else {
      int from = pos;
      for (int i = pos; i <= end; i++) {
        if (i == end || buf[i] == ',') {
          if (i - from > maxField) {
            return null;
          }
          fields.add(i == from ? null : UTF8String.fromString(new String(buf, from, i - from)));
          from = i + 1;
        }
      }
      raw = UTF8String.fromString(new String(buf, pos, Math.min(length, MAX_RAW)));
    }
    long start = line;
    pos = end;
    consumeLineEnd(read());
    lastFields = Math.max(lastFields, fields.size());
    return new CsvRecord(start, raw, fields, null, length, -1, 0, printable);
  }

  /** Adds the value at {@code [from, to)} of a record's bytes; false when it is over the field limit. */
  private boolean field(List<UTF8String> fields, byte[] bytes, int from, int to) {
    if (to - from > maxField) {
      return false;
    }
    fields.add(to == from ? null : UTF8String.fromBytes(bytes, from, to - from));
    return true;
  }

  private CsvRecord anyRecord() throws IOException {
    long start = line;
    StringBuilder raw = new StringBuilder(lastRaw);
    List<UTF8String> fields = new ArrayList<>(lastFields);
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
    return new CsvRecord(start, UTF8String.fromString(raw.toString()), fields, error, length, longField,
        longFieldLength, false);
  }

  /** Keeps a character while both the record and the field are within their limits; 1 when it is dropped. */
  private int keep(StringBuilder field, int c, long length) {
    if (length <= maxLine && field.length() < maxField) {
      field.append((char) c);
      return 0;
    }
    return 1;
  }

  private static UTF8String emptyToNull(StringBuilder field) {
    return field.length() == 0 ? null : UTF8String.fromString(field.toString());
  }
}
