package io.tradecredit.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a file can be cut so that each piece parses alone exactly as it would within the whole file: at
 * record boundaries, each with the line number {@link CsvRecordReader} or {@link LineReader} would give the record
 * there. Watches the bytes a reader pulls through it.
 *
 * <p>RFC 4180 lets a quoted CSV field hold line breaks, so a line break is a boundary only outside quotes; the
 * states below are those of {@link CsvRecordReader}, including its recovery from broken quoting (after an error the
 * record ends at the next line break). Bytes suffice: every character the states look at is ASCII, and UTF-8 never
 * uses an ASCII byte inside a multi-byte character. JSONL lines have no quoting: every line break is a boundary.
 */
final class RecordBoundaries extends FilterInputStream {
  /** A cut: the byte offset of a record boundary and the line its record starts on. */
  record Cut(long offset, long line) {}

  private final boolean csv;
  private final long every;
  private final List<Cut> cuts = new ArrayList<>();
  private long next;
  private long pos;
  private long line = 1;
  private boolean between = true;
  private boolean afterCr;
  private boolean quoted;
  private boolean afterQuote;
  private boolean fieldStart;
  private boolean broken;

  /**
   * @param csv CSV quoting rules, else JSONL lines
   * @param every the least number of bytes between cuts
   */
  RecordBoundaries(InputStream in, boolean csv, long every) {
    super(in);
    this.csv = csv;
    this.every = every;
    this.next = every;
  }

  /** The cuts found in what was read, in order; none at offset 0. */
  List<Cut> cuts() {
    return cuts;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      accept(b);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    int end = off + Math.max(n, 0);
    for (int i = off; i < end; ) {
      int next = nextEvent(buf, i, end);
      pos += next - i;
      i = next;
      if (i < end) {
        accept(buf[i++]);
      }
    }
    return n;
  }

  /**
   * The first byte from {@code i} that can change the state, or {@code end}, with the state the bytes passed over
   * leave: most of a file is unquoted records, where only a few bytes matter, and passing every byte (then every
   * comma) through {@link #accept} was most of a large file's cutting plan (bench/RESULTS.md, "Ingest").
   */
  private int nextEvent(byte[] buf, int i, int end) {
    if (between || afterCr) {
      return i;
    }
    if (!csv || broken) {
      while (i < end && buf[i] != '\n' && buf[i] != '\r') {
        i++;
      }
    } else if (quoted) {
      while (i < end && buf[i] != '"' && buf[i] != '\n') {
        i++;
      }
    } else if (!afterQuote) {
      // Commas matter only to a quote that follows one: whether that quote opens a field is read from the byte
      // before it, so a plain record is passed over in one loop from its first byte to its line end.
      int from = i;
      while (i < end && buf[i] != '"' && buf[i] != '\n' && buf[i] != '\r') {
        i++;
      }
      if (i > from) {
        fieldStart = buf[i - 1] == ',';
      }
    }
    return i;
  }

  @Override
  public long skip(long n) {
    throw new UnsupportedOperationException("every byte must be seen");
  }

  private void accept(int b) {
    long at = pos++;
    if (afterCr) {
      afterCr = false;
      if (b == '\n') {
        return; // the \n of a \r\n belongs to the line end of the \r
      }
    }
    if (between) {
      if (at >= next) {
        cuts.add(new Cut(at, line));
        next = at + every;
      }
      if (b == '\n' || b == '\r') {
        lineEnd(b); // a blank line
        return;
      }
      between = false;
      quoted = false;
      afterQuote = false;
      fieldStart = true;
      broken = false;
    }
    if (!quoted && (b == '\n' || b == '\r')) {
      lineEnd(b);
      between = true;
      return;
    }
    if (!csv || broken) {
      return;
    }
    if (quoted) {
      if (b == '"') {
        quoted = false;
        afterQuote = true;
      } else if (b == '\n') {
        line++;
      }
    } else if (b == ',') {
      fieldStart = true;
      afterQuote = false;
    } else if (b == '"') {
      if (afterQuote || fieldStart) {
        quoted = true;
        afterQuote = false;
        fieldStart = false;
      } else {
        broken = true;
      }
    } else if (afterQuote) {
      broken = true;
    } else {
      fieldStart = false;
    }
  }

  private void lineEnd(int b) {
    line++;
    afterCr = b == '\r';
  }
}
