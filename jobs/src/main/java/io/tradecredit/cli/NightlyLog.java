package io.tradecredit.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.nightly_log}: how long each stage of each {@code nightly} run took. The next night reads the latest
 * complete one to say when it will end; an operator reads it to see which stage a night spends its time in.
 */
final class NightlyLog {
  static final String OK = "OK";
  static final String FAILED = "FAILED";

  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("night", DataTypes.DateType, false)
      .add("position", DataTypes.IntegerType, false)
      .add("stage", DataTypes.StringType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("seconds", DataTypes.DoubleType, false)
      .add("status", DataTypes.StringType, false)
      .add("error", DataTypes.StringType, true);

  /** One stage of one night as it ran. */
  record Stage(String name, Instant startedAt, double seconds, String status, String error) {}

  /** The stage times of a night that ran every stage to the end. */
  record Previous(String runId, LocalDate night, Map<String, Double> seconds) {
    double total() {
      return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  private NightlyLog() {}

  /** The latest night, by start, whose {@code stages} all ended OK; empty on a lake that has none. */
  static Optional<Previous> latestComplete(Lake lake, int stages) {
    if (!lake.exists(Tables.NIGHTLY_LOG)) {
      return Optional.empty();
    }
    List<Row> latest = lake.read(Tables.NIGHTLY_LOG).groupBy("run_id", "night")
        .agg(count("*").as("stages"), sum(when(col("status").equalTo(OK), 1).otherwise(0)).as("ok"),
            max("started_at").as("last_start"))
        .where(col("stages").equalTo(stages).and(col("ok").equalTo(stages)))
        .orderBy(col("last_start").desc()).limit(1).collectAsList();
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    String runId = latest.get(0).getString(0);
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (Row r : lake.read(Tables.NIGHTLY_LOG).where(col("run_id").equalTo(runId)).orderBy("position")
        .select("stage", "seconds").collectAsList()) {
      seconds.put(r.getString(0), r.getDouble(1));
    }
    return Optional.of(new Previous(runId, latest.get(0).getDate(1).toLocalDate(), seconds));
  }

  /** Appends the stages a night ran, in one commit. */
  static void append(RunContext ctx, LocalDate night, List<Stage> stages) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      Stage s = stages.get(i);
      rows.add(RowFactory.create(ctx.runId(), java.sql.Date.valueOf(night), i + 1, s.name(),
          Timestamp.from(s.startedAt()), s.seconds(), s.status(), s.error()));
    }
    ctx.lake().append(Tables.NIGHTLY_LOG, ctx.spark().createDataFrame(rows, SCHEMA));
  }
}
