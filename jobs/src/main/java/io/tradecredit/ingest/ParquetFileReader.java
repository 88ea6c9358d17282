package io.tradecredit.ingest;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.config.PipelineConfig.IngestLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private ParquetFileReader() {}

  static Dataset<Row> read(SparkSession spark, String file, Feed feed, IngestLimits limits) {
    RawRecord problem = check(spark, file, limits);
    if (problem != null) {
      return spark.createDataFrame(List.of(problem.row()), RawRecord.SCHEMA);
    }
    Dataset<Row> df;
    try {
      df = spark.read().parquet(file);
      df.schema(); // forces the footer read, so a broken file fails here and not in the middle of the ingest
    } catch (Exception e) {
      // Spark reports a bad footer as a SparkException, which Java does not see as thrown here.
      return fileFailure(spark, file, Rules.FILE_UNREADABLE,
          "cannot read Parquet: " + ValueScreen.escape(String.valueOf(e.getMessage()).split("\n")[0]));
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
    List<String> names = feed.columnNames();
    return df.select(
        lit(file).as("source_file"),
        col("_metadata.row_index").plus(1).as("source_line"),
        substring(to_json(struct(all)), 1, CsvRecordReader.MAX_RAW).as("raw_record"),
        array(values.toArray(new Column[0])).as("values"),
        array(extra.stream().map(e -> lit(ValueScreen.escape(e))).toArray(Column[]::new)).cast("array<string>")
            .as("extra_columns"),
        lit(null).cast(DataTypes.StringType).as("parse_rule"),
        lit(null).cast(DataTypes.StringType).as("parse_message"))
        .map((MapFunction<Row, Row>) r -> screen(r, names, limits), Encoders.row(RawRecord.SCHEMA));
  }

  /** The same value checks as CSV and JSONL rows get. */
  private static Row screen(Row r, List<String> names, IngestLimits limits) {
    List<String> list = r.getList(3);
    ValueScreen.Problem p = ValueScreen.check(list.toArray(new String[0]), names, limits);
    return p == null ? r : RawRecord.bad(r.getString(0), r.getLong(1), RawRecord.text(r.getString(2)), p.rule(),
        p.message()).row();
  }

  /**
   * Null when the file may be handed to Spark's Parquet reader, else the record that quarantines it whole: over
   * the size limit, or not Parquet at all (no {@code PAR1} marker at its start and end), whatever its name says.
   */
  private static RawRecord check(SparkSession spark, String file, IngestLimits limits) {
    Path path = new Path(file);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long size = fs.getFileStatus(path).getLen();
      if (size > limits.maxFileBytes()) {
        return RawRecord.bad(file, 0, null, Rules.FILE_TOO_LARGE, String.format(
            "the file is %d bytes, above %smax_file_bytes = %d; not read", size, IngestLimits.KEY,
            limits.maxFileBytes()));
      }
      if (size < 2L * MAGIC.length + 4) {
        return RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE,
            "not a Parquet file: " + size + " bytes, too short for one");
      }
      byte[] head = new byte[MAGIC.length];
      byte[] tail = new byte[MAGIC.length];
      try (FSDataInputStream in = fs.open(path)) {
        in.readFully(0, head);
        in.readFully(size - MAGIC.length, tail);
      }
      if (!Arrays.equals(head, MAGIC) || !Arrays.equals(tail, MAGIC)) {
        return RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "not a Parquet file: no PAR1 marker at its "
            + (Arrays.equals(head, MAGIC) ? "end (truncated?)" : "start") + ", whatever its name says");
      }
      // The footer read here, on the driver: a broken one found by Spark fails a task, which logs a stack trace.
      try (var reader = org.apache.parquet.hadoop.ParquetFileReader.open(HadoopInputFile.fromPath(path,
          spark.sparkContext().hadoopConfiguration()))) {
        reader.getFooter();
      } catch (IOException | RuntimeException e) {
        return RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "cannot read the Parquet footer: "
            + ValueScreen.escape(String.valueOf(e.getMessage()).split("\n")[0]));
      }
      return null;
    } catch (IOException e) {
      return RawRecord.bad(file, 0, null, Rules.FILE_UNREADABLE, "cannot read: " + e.getMessage());
    }
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
    return spark.createDataFrame(List.of(RawRecord.bad(file, 0, null, rule, message).row()), RawRecord.SCHEMA);
  }

  static RawRecord unsupported(String file) {
    return RawRecord.bad(file, 0, null, Rules.UNSUPPORTED_FORMAT,
        "not a landing format: expected .csv, .csv.gz, .jsonl, .jsonl.gz or .parquet");
  }
}
