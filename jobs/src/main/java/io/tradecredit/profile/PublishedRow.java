package io.tradecredit.profile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tradecredit.lake.Sha256;
import io.tradecredit.score.ScoreColumns;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * The canonical text and digest of one published score row (credit.company_score_history), which a profile
 * carries and {@code verify} recomputes.
 *
 * <p>The text is a JSON object without spaces whose keys are the contract's columns in the contract's order
 * (published.md). The first wave's thirteen columns are always there (a null as {@code null}); a column of the second
 * wave only when the row has it and it is not null, so that a row published before the column existed keeps the
 * digest it had. Values: strings and dates ({@code YYYY-MM-DD}) as JSON strings; integers as they are; doubles as
 * their exact decimal expansion ({@code 0.1} is {@code 0.1000000000000000055511151231257827021181583404541015625}),
 * which any language's decimal type reproduces; decimals with their scale ({@code 1200.00}); arrays of structs as
 * arrays of objects with the struct's fields in order; maps as objects with keys sorted. The digest is
 * {@code sha256:} and the hex SHA-256 of the text's UTF-8 bytes.
 */
public final class PublishedRow {
  /** The first wave's columns: always part of the text. */
  static final List<String> FIRST_WAVE = ScoreColumns.PUBLISHED.subList(0, ScoreColumns.PUBLISHED.indexOf("run_id") + 1);

  private static final JsonFactory JSON = new JsonFactory();

  private PublishedRow() {}

  /** The canonical text of {@code row}, which must carry the first wave's columns by name. */
  public static String canonical(Row row) {
    List<String> names = Arrays.asList(row.schema().fieldNames());
    StringWriter out = new StringWriter(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      for (String column : ScoreColumns.PUBLISHED) {
        boolean present = names.contains(column) && !row.isNullAt(row.fieldIndex(column));
        if (FIRST_WAVE.contains(column) || present) {
          g.writeFieldName(column);
          write(g, present ? row.get(row.fieldIndex(column)) : null);
        }
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the canonical text of a published row", e);
    }
    return out.toString();
  }

  /** {@code sha256:<hex>} of the canonical text. */
  public static String digest(Row row) {
    return "sha256:" + Sha256.of(canonical(row));
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      g.writeNumber(v.toString());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        g.writeString(Double.toString(d));
      } else {
        g.writeNumber(new BigDecimal(d).toPlainString());
      }
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b.toPlainString());
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof java.sql.Date || v instanceof java.time.LocalDate) {
      g.writeString(v.toString());
    } else if (v instanceof Row r) {
      StructType schema = r.schema();
      g.writeStartObject();
      for (int i = 0; i < r.length(); i++) {
        g.writeFieldName(schema.fields()[i].name());
        write(g, r.isNullAt(i) ? null : r.get(i));
      }
      g.writeEndObject();
    } else if (v instanceof scala.collection.Seq<?> seq) {
      g.writeStartArray();
      for (Object item : scala.jdk.javaapi.CollectionConverters.asJava(seq)) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (v instanceof scala.collection.Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      scala.jdk.javaapi.CollectionConverters.asJava(map).forEach((k, x) -> sorted.put(String.valueOf(k), x));
      g.writeStartObject();
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        g.writeFieldName(e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else {
      throw new IllegalArgumentException("Cannot write a value of type " + v.getClass().getName()
          + " into the canonical text of a published row");
    }
  }
}
