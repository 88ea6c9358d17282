package io.tradecredit.cli;

import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
  record Previous(String runId, LocalDate night, Map<String, Double> seconds) {}

  private NightlyLog() {}

  /**
   * The latest night, by start, whose {@code stages} all ended OK; empty on a lake that has none. The log holds a
   * few rows a night, so it is read once and searched here rather than by a Spark query per question.
   */
  static Optional<Previous> latestComplete(Lake lake, int stages) {
    if (!lake.exists(Tables.NIGHTLY_LOG)) {
      return Optional.empty();
    }
    Map<String, List<Row>> runs = new HashMap<>();
    for (Row r : lake.read(Tables.NIGHTLY_LOG)
        .select("run_id", "night", "position", "stage", "started_at", "seconds", "status").collectAsList()) {
      runs.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r);
    }
    return runs.values().stream()
        .filter(rows -> rows.size() == stages && rows.stream().allMatch(r -> OK.equals(r.getString(6))))
        .max(Comparator.comparing(rows -> rows.stream().map(r -> r.getTimestamp(4)).max(Comparator.naturalOrder())
            .orElseThrow()))
        .map(rows -> {
          Map<String, Double> seconds = new LinkedHashMap<>();
          rows.stream().sorted(Comparator.comparingInt(r -> r.getInt(2)))
              .forEach(r -> seconds.put(r.getString(3), r.getDouble(5)));
          return new Previous(rows.get(0).getString(0), rows.get(0).getDate(1).toLocalDate(), seconds);
        });
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
