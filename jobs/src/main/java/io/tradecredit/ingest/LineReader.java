package io.tradecredit.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of text as {@link java.io.BufferedReader#readLine()} splits them (at {@code \n}, {@code \r} or
 * {@code \r\n}), but a line longer than the limit is read through to its end without being kept: memory stays
 * bounded by the limit whatever the file holds.
 */
final class LineReader {
  /**
   * One line.
   *
   * @param number 1-based line number in the file
   * @param text the line, or its first {@link CsvRecordReader#MAX_RAW} characters when it is over the limit
   * @param length the line's length in characters
   * @param tooLong whether the length is above the limit
   */
  record Line(long number, String text, long length, boolean tooLong) {}

  private final Reader in;
  private final int maxChars;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long number;
  private boolean afterCr;

  /** @param firstLine the line number of the input's first line: above 1 for a piece of a file */
  LineReader(Reader in, int maxChars, long firstLine) {
    this.in = in;
    this.maxChars = maxChars;
    this.number = firstLine - 1;
  }

  /** The next line, null at the end of the input. */
  Line next() throws IOException {
    StringBuilder text = new StringBuilder();
    long length = 0;
    boolean any = false;
    while (true) {
      if (pos == len) {
        len = in.read(buf, 0, buf.length);
        pos = 0;
        if (len <= 0) {
          len = 0;
          return any ? line(text, length) : null;
        }
      }
      char c = buf[pos++];
      if (afterCr) {
        afterCr = false;
        if (c == '\n') {
          continue; // the \n of a \r\n ends the line the \r ended
        }
      }
      any = true;
      if (c == '\n' || c == '\r') {
        afterCr = c == '\r';
        return line(text, length);
      }
      length++;
      if (length <= maxChars && text.length() < maxChars) {
        text.append(c);
      } else if (text.length() > CsvRecordReader.MAX_RAW) {
        text.setLength(CsvRecordReader.MAX_RAW); // over the limit: keep only what quarantine stores
      }
    }
  }

  private Line line(StringBuilder text, long length) {
    number++;
    return new Line(number, text.toString(), length, length > maxChars);
  }
}
