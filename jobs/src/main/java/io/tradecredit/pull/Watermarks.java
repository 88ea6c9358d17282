package io.tradecredit.pull;

import static org.apache.spark.sql.functions.col;

import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.pull_watermarks}: one row per source and feed, how far its database has been read. A pull changes it
 * only after its drops are sealed, in one commit replacing the source's partition (so pulls of different sources
 * never conflict); a pull that fails or is killed before leaves it as it was.
 */
final class Watermarks {
  static final StructType SCHEMA = new StructType()
      .add("source", DataTypes.StringType, false)
      .add("feed", DataTypes.StringType, false)
      .add("watermark", DataTypes.TimestampType, false)
      .add("pulled_through", DataTypes.DateType, false)
      .add("window_from", DataTypes.TimestampType, true)
      .add("rows", DataTypes.LongType, false)
      .add("drop_path", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("set_at", DataTypes.TimestampType, false);

  /**
   * One watermark.
   *
   * @param watermark rows updated before it have been read (the end of {@code pulledThrough}, UTC)
   * @param pulledThrough the latest night pulled
   * @param windowFrom where that night's window began (null: the whole history)
   */
  record Mark(String source, String feed, Instant watermark, LocalDate pulledThrough, Instant windowFrom, long rows,
      String dropPath, String runId, Instant setAt) {

    Row row() {
      return RowFactory.create(source, feed, Timestamp.from(watermark), Date.valueOf(pulledThrough),
          windowFrom == null ? null : Timestamp.from(windowFrom), rows, dropPath, runId, Timestamp.from(setAt));
    }
  }

  private Watermarks() {}

  /** The watermarks of {@code source} by feed. */
  static Map<String, Mark> read(Lake lake, String source) {
    Map<String, Mark> marks = new TreeMap<>();
    if (!lake.exists(Tables.PULL_WATERMARKS)) {
      return marks;
    }
    for (Row r : lake.read(Tables.PULL_WATERMARKS).where(col("source").equalTo(source)).collectAsList()) {
      Mark m = new Mark(r.getAs("source"), r.getAs("feed"), instant(r.getAs("watermark")),
          ((Date) r.getAs("pulled_through")).toLocalDate(), instant(r.getAs("window_from")), r.getAs("rows"),
          r.getAs("drop_path"), r.getAs("run_id"), instant(r.getAs("set_at")));
      marks.put(m.feed(), m);
    }
    return marks;
  }

  /**
   * Records {@code sealed} over the source's current marks. A rerun of an earlier night never moves a watermark
   * back: the later one stays.
   */
  static void advance(Lake lake, String source, Map<String, Mark> current, List<Mark> sealed) {
    Map<String, Mark> next = new TreeMap<>(current);
    for (Mark m : sealed) {
      Mark before = next.get(m.feed());
      if (before == null || !m.watermark().isBefore(before.watermark())) {
        next.put(m.feed(), m);
      }
    }
    List<Row> rows = new ArrayList<>();
    next.values().forEach(m -> rows.add(m.row()));
    lake.replace(Tables.PULL_WATERMARKS, lake.spark().createDataFrame(rows, SCHEMA),
        "source = '" + source + "'", "source");
  }

  private static Instant instant(Object t) {
    return t == null ? null : ((Timestamp) t).toInstant();
  }
}
