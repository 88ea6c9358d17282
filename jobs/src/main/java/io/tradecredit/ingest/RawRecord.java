package io.tradecredit.ingest;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One record read from a landing file, before typing: its place in the file, its text, and its values aligned with
 * the feed's columns. A file that cannot be read at all becomes one record with {@code line = 0} and a file rule.
 */
public final class RawRecord {
  private RawRecord() {}

  public static final StructType SCHEMA = new StructType()
      .add("source_file", DataTypes.StringType, false)
      .add("source_line", DataTypes.LongType, false)
      .add("raw_record", DataTypes.StringType, true)
      .add("values", DataTypes.createArrayType(DataTypes.StringType, true), true)
      .add("extra_columns", DataTypes.createArrayType(DataTypes.StringType, false), true)
      .add("parse_rule", DataTypes.StringType, true)
      .add("parse_message", DataTypes.StringType, true);

  static Row ok(String file, long line, String raw, String[] values, List<String> extra) {
    // Wrapped, not copied: the checker reads the values by index, which a Scala list answers by walking it.
    return RowFactory.create(file, line, raw, scala.collection.immutable.ArraySeq.unsafeWrapArray(values), seq(extra),
        null, null);
  }

  static Row bad(String file, long line, String raw, String rule, String message) {
    return RowFactory.create(file, line, raw, null, seq(List.of()), rule, message);
  }

  /** Rows built on executors are encoded by Spark's row encoder, which takes Scala sequences for arrays. */
  private static scala.collection.immutable.Seq<String> seq(List<String> values) {
    return scala.jdk.javaapi.CollectionConverters.asScala(values).toList();
  }
}
