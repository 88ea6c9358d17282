package io.tradecredit.cli;

import static org.apache.spark.sql.functions.col;

import io.tradecredit.lake.Lake;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.time.Duration;
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
  /** The stage a night was in when its process died (killed, or lost its host): see {@link #recordDied}. */
  static final String DIED = "DIED";

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
    append(ctx, ctx.runId(), night, stages);
  }

  private static void append(RunContext ctx, String runId, LocalDate night, List<Stage> stages) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      Stage s = stages.get(i);
      rows.add(RowFactory.create(runId, java.sql.Date.valueOf(night), i + 1, s.name(),
          Timestamp.from(s.startedAt()), s.seconds(), s.status(), s.error()));
    }
    ctx.lake().append(Tables.NIGHTLY_LOG, ctx.spark().createDataFrame(rows, SCHEMA));
  }

  /**
   * Records the nights whose process died, as the lake lock found them ({@link LakeLock#died}): the stages they
   * finished as {@code OK}, the one they were in as {@code DIED}, timed up to their last heartbeat. A night already
   * in the log is not recorded twice. Called while holding the lake-wide lock, so no other run records them too.
   *
   * @return what was recorded, one line per night
   */
  static List<String> recordDied(RunContext ctx) {
    List<String> recorded = new ArrayList<>();
    for (LakeLock.Holder dead : LakeLock.died(ctx.lake())) {
      if (dead.night() != null && !logged(ctx.lake(), dead.runId())) {
        List<Stage> stages = new ArrayList<>();
        for (LakeLock.StageDone done : dead.stagesDone()) {
          stages.add(new Stage(done.stage(), Instant.parse(done.startedAt()), done.seconds(), OK, null));
        }
        if (dead.stage() != null) {
          Instant began = Instant.parse(dead.stageStartedAt());
          double seconds = Math.max(0, Duration.between(began, Instant.parse(dead.heartbeatAt())).toMillis() / 1000.0);
          stages.add(new Stage(dead.stage(), began, seconds, DIED, "the process died during this stage (host "
              + dead.host() + " pid " + dead.pid() + ", last heartbeat " + dead.heartbeatAt()
              + "); its lock was taken over by run " + dead.takenOverBy()));
        }
        if (!stages.isEmpty()) {
          append(ctx, dead.runId(), dead.nightDate(), stages);
          recorded.add(dead.deadNight().orElseThrow());
        }
      }
      LakeLock.forget(ctx.lake(), dead);
    }
    return recorded;
  }

  private static boolean logged(Lake lake, String runId) {
    return lake.exists(Tables.NIGHTLY_LOG)
        && !lake.read(Tables.NIGHTLY_LOG).where(col("run_id").equalTo(runId)).isEmpty();
  }
}
