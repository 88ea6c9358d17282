package io.tradecredit.ingest;

import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Reads a Parquet landing file into {@link RawRecord} rows: every value back to its contract text, so Parquet
 * rows pass the same validation as CSV and JSONL ones. The row number (1-based) stands in for the line.
 */
final class ParquetFileReader {
  private ParquetFileReader() {}

  static Dataset<Row> read(SparkSession spark, String file, Feed feed) {
    Dataset<Row> df;
    try {
      df = spark.read().parquet(file);
      df.schema(); // forces the footer read, so a broken file fails here and not in the middle of the ingest
    } catch (RuntimeException e) {
      return fileFailure(spark, file, Rules.FILE_UNREADABLE,
          "cannot read Parquet: " + String.valueOf(e.getMessage()).split("\n")[0]);
    }
    List<String> present = Arrays.asList(df.columns());
    List<String> missing = new ArrayList<>();
    List<Column> values = new ArrayList<>();
    for (io.tradecredit.ingest.Column c : feed.columns()) {
      if (!present.contains(c.name())) {
        if (c.required()) {
          missing.add(c.name());
        }
        values.add(lit(null).cast(DataTypes.StringType));
      } else {
        values.add(text(col(c.name()), df.schema().apply(c.name())));
      }
    }
    if (!missing.isEmpty()) {
      return fileFailure(spark, file, Rules.MISSING_COLUMN, "missing required column(s) " + String.join(", ", missing));
    }
    List<String> extra = new ArrayList<>(present);
    extra.removeAll(feed.columnNames());
    Column[] all = present.stream().map(n -> col("`" + n + "`")).toArray(Column[]::new);
    return df.select(
        lit(file).as("source_file"),
        col("_metadata.row_index").plus(1).as("source_line"),
        to_json(struct(all)).as("raw_record"),
        array(values.toArray(new Column[0])).as("values"),
        array(extra.stream().map(e -> lit(e)).toArray(Column[]::new)).cast("array<string>").as("extra_columns"),
        lit(null).cast(DataTypes.StringType).as("parse_rule"),
        lit(null).cast(DataTypes.StringType).as("parse_message"));
  }

  /** Contract text for a typed value: timestamps as ISO-8601 UTC, the rest as Spark prints them. */
  private static Column text(Column c, StructField field) {
    DataType t = field.dataType();
    if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
      return date_format(c, "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");
    }
    return c.cast(DataTypes.StringType);
  }

  static Dataset<Row> fileFailure(SparkSession spark, String file, String rule, String message) {
    return spark.createDataFrame(List.of(RawRecord.bad(file, 0, null, rule, message)), RawRecord.SCHEMA);
  }

  static Row unsupported(String file) {
    return RawRecord.bad(file, 0, null, Rules.UNSUPPORTED_FORMAT,
        "not a landing format: expected .csv, .csv.gz, .jsonl, .jsonl.gz or .parquet");
  }
}
