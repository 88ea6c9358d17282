package io.tradecredit.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.config.PipelineConfig.IngestLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.LimitInputStream;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns one CSV or JSONL landing file (optionally gzip), or one {@link FilePiece} of it, into {@link RawRecord}s.
 * Runs on executors, one task per piece.
 *
 * <p>A file is first read through once to prove it decodes (intact gzip, valid UTF-8) within the size limits of
 * {@code ingest.limits}: a file that fails that is quarantined whole, so no row of a broken file is ever half
 * accepted. Lines and values are then held to their limits as they are read, and every value is screened by
 * {@link ValueScreen}.
 */
public final class LandingFileParser {
  /** JSON nesting deeper than this is no landing record (values are flat; a nested one is kept as its text). */
  private static final int MAX_JSON_DEPTH = 64;

  private LandingFileParser() {}

  /**
   * The file system of a landing file, by Hadoop's default settings read once per JVM: a new {@link Configuration}
   * parses its XML resources on first use, 10-20 ms of CPU, which every piece of a drop paid two or three times.
   */
  static FileSystem fileSystem(Path path) throws IOException {
    return path.getFileSystem(Defaults.HADOOP);
  }

  /** Created on first use, in the JVM that reads the files. */
  private static final class Defaults {
    static final Configuration HADOOP = new Configuration();
  }

  public static boolean isCsv(String name) {
    return name.endsWith(".csv") || name.endsWith(".csv.gz");
  }

  public static boolean isJsonl(String name) {
    return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
  }

  public static boolean isParquet(String name) {
    return name.endsWith(".parquet");
  }

  /**
   * The records of one file. Bounds come from {@code limits}: a file over them is one quarantined record, a line or
   * value over them one quarantined row, and nothing bigger than a limit is ever held in memory.
   */
  public static Iterator<RawRecord> parse(String file, Feed feed, IngestLimits limits) {
    return parse(FilePiece.whole(file), feed, limits);
  }

  /** The records of one piece of a file, numbered by their lines in the whole file. */
  static Iterator<RawRecord> parse(FilePiece piece, Feed feed, IngestLimits limits) {
    String file = piece.file();
    Object small = piece.checked() ? null : readSmall(file, limits);
    if (small instanceof RawRecord problem) {
      return List.of(problem).iterator();
    }
    RawRecord problem = piece.checked() || small != null ? null : checkDecodes(file, limits, in -> in);
    if (problem != null) {
      return List.of(problem).iterator();
    }
    try {
      Reader reader = small instanceof Reader r ? r : reader(openPiece(piece, limits));
      return isCsv(file) ? csv(piece, feed, reader, limits) : jsonl(piece, feed, reader, limits);
    } catch (IOException e) {
      return List.of(RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "cannot read: " + e.getMessage())).iterator();
    }
  }

  /**
   * A small plain file (up to {@link FilePieces#PIECE_BYTES}, which are not cut) read and decoded once: its text,
   * or the record that quarantines it whole. Null for any other file, which is checked by reading it through
   * before it is parsed.
   */
  private static Object readSmall(String file, IngestLimits limits) {
    byte[] bytes;
    try {
      Path path = new Path(file);
      FileSystem fs = fileSystem(path);
      long size = fs.getFileStatus(path).getLen();
      if (file.endsWith(".gz") || size > FilePieces.PIECE_BYTES || size > limits.maxFileBytes()) {
        return null;
      }
      try (InputStream in = fs.open(path)) {
        bytes = in.readNBytes((int) size + 1);
      }
      if (bytes.length > size) {
        return null; // still being written: left to the check that reads it through
      }
    } catch (IOException e) {
      return RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "cannot read: " + e.getMessage());
    }
    try {
      java.nio.CharBuffer text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes));
      return new java.io.CharArrayReader(text.array(), text.arrayOffset() + text.position(), text.remaining());
    } catch (CharacterCodingException e) {
      return RawRecord.bad(file, 0, null, Rules.BAD_ENCODING,
          "not valid UTF-8 (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static InputStream openStream(String file, IngestLimits limits) throws IOException {
    Path path = new Path(file);
    FileSystem fs = fileSystem(path);
    long size = fs.getFileStatus(path).getLen();
    InputStream in = fs.open(path);
    return file.endsWith(".gz") ? new BoundedInputStream(new GZIPInputStream(in, 1 << 16), size, limits) : in;
  }

  /** A piece's bytes; pieces other than a whole file come only from plain files (gzip cannot be cut). */
  private static InputStream openPiece(FilePiece piece, IngestLimits limits) throws IOException {
    if (piece.first() && piece.end() < 0) {
      return openStream(piece.file(), limits);
    }
    Path path = new Path(piece.file());
    org.apache.hadoop.fs.FSDataInputStream in = fileSystem(path).open(path);
    in.seek(piece.start());
    return piece.end() < 0 ? in : new LimitInputStream(in, piece.end() - piece.start());
  }

  private static Reader reader(InputStream in) {
    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    return new InputStreamReader(in, strict);
  }

  private static Reader open(String file, IngestLimits limits) throws IOException {
    return reader(openStream(file, limits));
  }

  /**
   * Null when the whole file decodes within the limits, else the record that quarantines it whole.
   *
   * @param watch wraps the file's bytes before they are decoded, to see them pass (e.g. {@link RecordBoundaries})
   */
  static RawRecord checkDecodes(String file, IngestLimits limits, UnaryOperator<InputStream> watch) {
    try {
      Path path = new Path(file);
      long size = fileSystem(path).getFileStatus(path).getLen();
      if (!file.endsWith(".gz") && size > limits.maxFileBytes()) {
        return RawRecord.bad(file, 0, null, Rules.FILE_TOO_LARGE, String.format(
            "the file is %d bytes, above %smax_file_bytes = %d; not read", size, IngestLimits.KEY,
            limits.maxFileBytes()));
      }
    } catch (IOException e) {
      return RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "cannot read: " + e.getMessage());
    }
    char[] buf = new char[1 << 16];
    try (Reader reader = reader(watch.apply(openStream(file, limits)))) {
      while (reader.read(buf) >= 0) {
        // read through: decoding errors, truncated gzip and limits surface here
      }
      return null;
    } catch (BoundedInputStream.LimitExceeded e) {
      return RawRecord.bad(file, 0, null, e.rule, e.getMessage());
    } catch (CharacterCodingException e) {
      return RawRecord.bad(file, 0, null, Rules.BAD_ENCODING,
          "not valid UTF-8 (" + e.getClass().getSimpleName() + ")");
    } catch (java.io.EOFException e) {
      return RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "truncated or corrupt gzip: " + e.getMessage());
    } catch (IOException e) {
      return RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "cannot read: " + e.getMessage());
    }
  }

  private static RawRecord lineTooLong(String file, long line, UTF8String raw, long length, IngestLimits limits) {
    return RawRecord.bad(file, line, raw, Rules.LINE_TOO_LONG, String.format(
        "a line of %d characters, above %smax_line_chars = %d", length, IngestLimits.KEY, limits.maxLineChars()));
  }

  private static Iterator<RawRecord> csv(FilePiece piece, Feed feed, Reader reader, IngestLimits limits)
      throws IOException {
    String file = piece.file();
    CsvRecordReader csv;
    CsvRecordReader.CsvRecord header;
    if (piece.first()) {
      csv = new CsvRecordReader(reader, limits.maxLineChars(), limits.maxFieldChars(), 1);
      header = csv.next();
    } else {
      try (Reader start = open(file, limits)) {
        header = new CsvRecordReader(start, limits.maxLineChars(), limits.maxFieldChars(), 1).next();
      }
      csv = new CsvRecordReader(reader, limits.maxLineChars(), limits.maxFieldChars(), piece.line());
    }
    CsvHeader h = CsvHeader.of(file, feed, header, limits);
    if (h.problem() != null) {
      reader.close();
      // The first piece reports a file's header problem; its other pieces add nothing.
      return piece.first() ? List.of(h.problem()).iterator() : Collections.emptyIterator();
    }
    List<String> names = h.names();
    List<String> columns = feed.columnNames();
    int[] index = h.index();
    List<String> extraColumns = h.extraColumns();
    return new Iterator<>() {
      private CsvRecordReader.CsvRecord next = advance();

      private CsvRecordReader.CsvRecord advance() {
        try {
          CsvRecordReader.CsvRecord r = csv.next();
          if (r == null) {
            reader.close();
          }
          return r;
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + file, e);
        }
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public RawRecord next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        CsvRecordReader.CsvRecord r = next;
        next = advance();
        if (r.longField() >= 0) {
          String column = r.longField() < names.size() ? names.get(r.longField()) : "#" + (r.longField() + 1);
          ValueScreen.Problem p = ValueScreen.tooLong(column, r.longFieldLength(), limits);
          return RawRecord.bad(file, r.line(), r.raw(), p.rule(), p.message());
        }
        if (r.length() > limits.maxLineChars()) {
          return lineTooLong(file, r.line(), r.raw(), r.length(), limits);
        }
        if (r.error() != null) {
          return RawRecord.bad(file, r.line(), r.raw(), Rules.MALFORMED_ROW, "malformed CSV: " + r.error());
        }
        if (r.fields().size() != names.size()) {
          return RawRecord.bad(file, r.line(), r.raw(), Rules.MALFORMED_ROW,
              "malformed CSV: the row has " + r.fields().size() + " fields, the header " + names.size());
        }
        UTF8String[] values = new UTF8String[index.length];
        for (int i = 0; i < index.length; i++) {
          values[i] = index[i] < 0 ? null : r.fields().get(index[i]);
        }
        ValueScreen.Problem p = r.printable() ? null : ValueScreen.check(values, columns, limits);
        if (p != null) {
          return RawRecord.bad(file, r.line(), r.raw(), p.rule(), p.message());
        }
        return RawRecord.ok(file, r.line(), r.raw(), values, extraColumns);
      }
    };
  }

  private static Iterator<RawRecord> jsonl(FilePiece piece, Feed feed, Reader reader, IngestLimits limits) {
    String file = piece.file();
    List<String> columns = feed.columnNames();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      position.put(columns.get(i), i);
    }
    LineReader lines = new LineReader(reader, limits.maxLineChars(), piece.line());
    ObjectMapper json = json(limits);
    return new Iterator<>() {
      private LineReader.Line line = advance();

      private LineReader.Line advance() {
        try {
          LineReader.Line l;
          do {
            l = lines.next();
          } while (l != null && !l.tooLong() && l.text().isBlank());
          if (l == null) {
            reader.close();
          }
          return l;
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read " + file, e);
        }
      }

      @Override
      public boolean hasNext() {
        return line != null;
      }

      @Override
      public RawRecord next() {
        if (line == null) {
          throw new NoSuchElementException();
        }
        LineReader.Line l = line;
        line = advance();
        if (l.tooLong()) {
          return lineTooLong(file, l.number(), UTF8String.fromString(l.text()), l.length(), limits);
        }
        return jsonRecord(json, file, l.number(), l.text(), columns, position, limits);
      }
    };
  }

  /**
   * Floats as BigDecimal: a JSON number keeps the exact decimal it writes (no 1.25E7, no binary rounding). Jackson's
   * own read constraints back the line limit: no string longer than a line, no deep nesting.
   */
  private static ObjectMapper json(IngestLimits limits) {
    StreamReadConstraints constraints = StreamReadConstraints.builder()
        .maxStringLength(limits.maxLineChars())
        .maxNestingDepth(MAX_JSON_DEPTH)
        .build();
    return new ObjectMapper(JsonFactory.builder().streamReadConstraints(constraints).build())
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  }

  private static RawRecord jsonRecord(ObjectMapper json, String file, long line, String text, List<String> columns,
      Map<String, Integer> position, IngestLimits limits) {
    String raw = text.length() > CsvRecordReader.MAX_RAW ? text.substring(0, CsvRecordReader.MAX_RAW) : text;
    JsonNode node;
    try {
      node = json.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return RawRecord.bad(file, line, RawRecord.text(raw), Rules.MALFORMED_ROW,
          "malformed JSON: " + ValueScreen.escape(String.valueOf(e.getOriginalMessage()).split("\n")[0]));
    }
    if (node == null || !node.isObject()) {
      return RawRecord.bad(file, line, RawRecord.text(raw), Rules.MALFORMED_ROW,
          "malformed JSON: the line is not an object");
    }
    String[] values = new String[columns.size()];
    Set<String> extra = new LinkedHashSet<>();
    node.fields().forEachRemaining(e -> {
      Integer i = position.get(e.getKey());
      if (i == null) {
        extra.add(ValueScreen.escape(e.getKey()));
      } else if (!e.getValue().isNull()) {
        JsonNode v = e.getValue();
        // Numbers as plain decimals: Jackson's text of a double is scientific above 1e7 and below 1e-3.
        String s = v.isNumber() ? v.decimalValue().toPlainString() : v.isValueNode() ? v.asText() : v.toString();
        values[i] = s.isEmpty() ? null : s;
      }
    });
    ValueScreen.Problem p = ValueScreen.check(values, columns, limits);
    if (p != null) {
      return RawRecord.bad(file, line, RawRecord.text(raw), p.rule(), p.message());
    }
    return RawRecord.ok(file, line, raw, values, new ArrayList<>(extra));
  }
}
