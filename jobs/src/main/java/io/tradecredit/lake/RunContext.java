package io.tradecredit.lake;

import io.tradecredit.config.PipelineConfig;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage runs with: the session, the lake, the configuration and the id of this run.
 *
 * @param runId recorded on every row a run writes, so a row can be traced to the run that made it
 */
public record RunContext(SparkSession spark, Lake lake, PipelineConfig config, String runId) {

  public static RunContext create(SparkSession spark, PipelineConfig config) {
    return new RunContext(spark, new Lake(spark, config.paths().lake()), config, newRunId());
  }

  /** The same session and lake under a new run id: each date of a backfill is its own run. */
  public RunContext nextRun() {
    return new RunContext(spark, lake, config, newRunId());
  }

  static String newRunId() {
    String time = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    return time + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }
}
