package io.tradecredit.ingest;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * One record read from a landing file, before typing: its place in the file, its text, and its values aligned with
 * the feed's columns. A file that cannot be read at all becomes one record with {@code line = 0} and a file rule.
 *
 * <p>Text is held in Spark's own form ({@link UTF8String}), which is what the checked row stores: a plain CSV
 * record's values are slices of one copy of its bytes, with no string made for each on the way.
 *
 * @param raw the record's text as read (at most {@link CsvRecordReader#MAX_RAW} characters), null when none is
 * @param values one per feed column, null for a missing one; null for a record that breaks a parse rule
 * @param extra the names of the file's columns the contract does not have
 * @param rule the parse rule the record breaks, null when it parsed
 */
public record RawRecord(String file, long line, UTF8String raw, UTF8String[] values, List<String> extra,
    String rule, String message) implements java.io.Serializable {

  /** Parquet files are read by Spark into rows of this schema ({@link ParquetFileReader}), then made records. */
  public static final StructType SCHEMA = new StructType()
      .add("source_file", DataTypes.StringType, false)
      .add("source_line", DataTypes.LongType, false)
      .add("raw_record", DataTypes.StringType, true)
      .add("values", DataTypes.createArrayType(DataTypes.StringType, true), true)
      .add("extra_columns", DataTypes.createArrayType(DataTypes.StringType, false), true)
      .add("parse_rule", DataTypes.StringType, true)
      .add("parse_message", DataTypes.StringType, true);

  static RawRecord ok(String file, long line, UTF8String raw, UTF8String[] values, List<String> extra) {
    return new RawRecord(file, line, raw, values, extra, null, null);
  }

  static RawRecord ok(String file, long line, String raw, String[] values, List<String> extra) {
    return ok(file, line, text(raw), text(values), extra);
  }

  static RawRecord bad(String file, long line, UTF8String raw, String rule, String message) {
    return new RawRecord(file, line, raw, null, List.of(), rule, message);
  }

  /** A row of {@link #SCHEMA}. */
  Row row() {
    String[] text = values == null ? null : Arrays.stream(values).map(v -> v == null ? null : v.toString())
        .toArray(String[]::new);
    return RowFactory.create(file, line, raw == null ? null : raw.toString(), text == null ? null : seq(text),
        seq(extra.toArray(new String[0])), rule, message);
  }

  /** The record of a row of {@link #SCHEMA}. */
  static RawRecord of(Row row) {
    List<String> extra = row.isNullAt(4) ? List.of() : row.getList(4);
    String[] values = row.isNullAt(3) ? null : row.<String>getList(3).toArray(new String[0]);
    return new RawRecord(row.getString(0), row.getLong(1), text(row.getString(2)), text(values), extra,
        row.getString(5), row.getString(6));
  }

  static UTF8String text(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }

  private static UTF8String[] text(String[] values) {
    if (values == null) {
      return null;
    }
    UTF8String[] text = new UTF8String[values.length];
    for (int i = 0; i < values.length; i++) {
      text[i] = text(values[i]);
    }
    return text;
  }

  /** Rows built on executors are encoded by Spark's row encoder, which takes Scala sequences for arrays. */
  private static scala.collection.immutable.Seq<String> seq(String[] values) {
    return scala.collection.immutable.ArraySeq.unsafeWrapArray(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawRecord r && r.line == line && java.util.Objects.equals(r.file, file)
        && java.util.Objects.equals(r.raw, raw) && Arrays.equals(r.values, values) && r.extra.equals(extra)
        && java.util.Objects.equals(r.rule, rule) && java.util.Objects.equals(r.message, message);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(file, line, raw, Arrays.hashCode(values), extra, rule, message);
  }

  @Override
  public String toString() {
    return "RawRecord[" + file + ", " + line + ", " + raw + ", " + Arrays.toString(values) + ", " + extra + ", "
        + rule + ", " + message + "]";
  }
}
