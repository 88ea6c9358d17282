package io.tradecredit.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
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
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

/**
 * Turns one CSV or JSONL landing file (optionally gzip) into {@link RawRecord} rows. Runs on executors, one task per
 * file.
 *
 * <p>A file is first read through once to prove it decodes (intact gzip, valid UTF-8): a file that fails that is
 * quarantined whole, so no row of a broken file is ever half accepted.
 */
public final class LandingFileParser {
  /** Floats as BigDecimal: a JSON number keeps the exact decimal it writes (no 1.25E7, no binary rounding). */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private LandingFileParser() {}

  public static boolean isCsv(String name) {
    return name.endsWith(".csv") || name.endsWith(".csv.gz");
  }

  public static boolean isJsonl(String name) {
    return name.endsWith(".jsonl") || name.endsWith(".jsonl.gz");
  }

  public static boolean isParquet(String name) {
    return name.endsWith(".parquet");
  }

  public static Iterator<Row> parse(String file, Feed feed) {
    String problem = checkDecodes(file);
    if (problem != null) {
      String rule = problem.startsWith("not valid UTF-8") ? Rules.BAD_ENCODING : Rules.FILE_UNREADABLE;
      return List.of(RawRecord.bad(file, 0, null, rule, problem)).iterator();
    }
    try {
      Reader reader = open(file);
      return isCsv(file) ? csv(file, feed, reader) : jsonl(file, feed, new BufferedReader(reader));
    } catch (IOException e) {
      return List.of(RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "cannot read: " + e.getMessage())).iterator();
    }
  }

  private static InputStream openStream(String file) throws IOException {
    Path path = new Path(file);
    FileSystem fs = path.getFileSystem(new Configuration());
    InputStream in = fs.open(path);
    return file.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
  }

  private static Reader open(String file) throws IOException {
    CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    return new InputStreamReader(openStream(file), strict);
  }

  /** Null when the whole file decodes, else why not. */
  private static String checkDecodes(String file) {
    char[] buf = new char[1 << 16];
    try (Reader reader = open(file)) {
      while (reader.read(buf) >= 0) {
        // read through: decoding errors and truncated gzip surface here
      }
      return null;
    } catch (CharacterCodingException e) {
      return "not valid UTF-8 (" + e.getClass().getSimpleName() + ")";
    } catch (java.io.EOFException e) {
      return "truncated or corrupt gzip: " + e.getMessage();
    } catch (IOException e) {
      return "cannot read: " + e.getMessage();
    }
  }

  private static Iterator<Row> csv(String file, Feed feed, Reader reader) throws IOException {
    CsvRecordReader csv = new CsvRecordReader(reader);
    CsvRecordReader.CsvRecord header = csv.next();
    if (header == null) {
      reader.close();
      return List.of(RawRecord.bad(file, 0, null, Rules.EMPTY_FILE, "the file is empty: no header row")).iterator();
    }
    List<String> names = new ArrayList<>();
    for (String name : header.fields()) {
      names.add(name == null ? "" : name.replace("\uFEFF", "").trim());
    }
    List<String> columns = feed.columnNames();
    int[] index = new int[columns.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      index[i] = names.indexOf(columns.get(i));
      if (index[i] < 0 && feed.columns().get(i).required()) {
        missing.add(columns.get(i));
      }
    }
    if (!missing.isEmpty()) {
      reader.close();
      String hint = names.size() == 1 && header.raw().matches(".*[;\\t|].*") ? " (is the delimiter not a comma?)" : "";
      return List.of(RawRecord.bad(file, 0, header.raw(), Rules.MISSING_COLUMN,
          "missing required column(s) " + String.join(", ", missing) + hint)).iterator();
    }
    List<String> extra = new ArrayList<>(names);
    extra.removeAll(columns);
    List<String> extraColumns = Collections.unmodifiableList(extra);
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
      public Row next() {
        if (next == null) {
          throw new NoSuchElementException();
        }
        CsvRecordReader.CsvRecord r = next;
        next = advance();
        if (r.error() != null) {
          return RawRecord.bad(file, r.line(), r.raw(), Rules.MALFORMED_ROW, "malformed CSV: " + r.error());
        }
        if (r.fields().size() != names.size()) {
          return RawRecord.bad(file, r.line(), r.raw(), Rules.MALFORMED_ROW,
              "malformed CSV: the row has " + r.fields().size() + " fields, the header " + names.size());
        }
        String[] values = new String[index.length];
        for (int i = 0; i < index.length; i++) {
          values[i] = index[i] < 0 ? null : r.fields().get(index[i]);
        }
        return RawRecord.ok(file, r.line(), r.raw(), values, extraColumns);
      }
    };
  }

  private static Iterator<Row> jsonl(String file, Feed feed, BufferedReader reader) {
    List<String> columns = feed.columnNames();
    Map<String, Integer> position = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      position.put(columns.get(i), i);
    }
    return new Iterator<>() {
      private long lineNo = 0;
      private String line = advance();

      private String advance() {
        try {
          String l;
          do {
            l = reader.readLine();
            lineNo++;
          } while (l != null && l.isBlank());
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
      public Row next() {
        if (line == null) {
          throw new NoSuchElementException();
        }
        String text = line;
        long at = lineNo;
        line = advance();
        return jsonRecord(file, at, text, columns.size(), position);
      }
    };
  }

  private static Row jsonRecord(String file, long line, String text, int width, Map<String, Integer> position) {
    String raw = text.length() > 10_000 ? text.substring(0, 10_000) : text;
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return RawRecord.bad(file, line, raw, Rules.MALFORMED_ROW,
          "malformed JSON: " + e.getOriginalMessage().split("\n")[0]);
    }
    if (node == null || !node.isObject()) {
      return RawRecord.bad(file, line, raw, Rules.MALFORMED_ROW, "malformed JSON: the line is not an object");
    }
    String[] values = new String[width];
    Set<String> extra = new LinkedHashSet<>();
    node.fields().forEachRemaining(e -> {
      Integer i = position.get(e.getKey());
      if (i == null) {
        extra.add(e.getKey());
      } else if (!e.getValue().isNull()) {
        JsonNode v = e.getValue();
        // Numbers as plain decimals: Jackson's text of a double is scientific above 1e7 and below 1e-3.
        String s = v.isNumber() ? v.decimalValue().toPlainString() : v.isValueNode() ? v.asText() : v.toString();
        values[i] = s.isEmpty() ? null : s;
      }
    });
    return RawRecord.ok(file, line, raw, values, new ArrayList<>(extra));
  }
}
