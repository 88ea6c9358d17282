package io.tradecredit.cli;

import io.tradecredit.config.PipelineConfig;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.SparkSessions;
import org.apache.spark.sql.SparkSession;

/** Starts the one Spark session of a command. */
final class Session {
  private Session() {}

  static RunContext start(PipelineConfig config) {
    return start(config, java.util.Map.of());
  }

  /** @param extra Spark settings over the configuration's own (a SQL server's) */
  static RunContext start(PipelineConfig config, java.util.Map<String, String> extra) {
    // spark-submit passes its master as a system property; the configuration's master applies only without one.
    String master = System.getProperty("spark.master") != null ? null : config.spark().master();
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>(config.spark().settings());
    settings.putAll(extra);
    SparkSession spark = SparkSessions.create(master, config.spark().shufflePartitions(),
        config.paths().lake() + "/_warehouse", settings);
    spark.sparkContext().setLogLevel("WARN");
    return RunContext.create(spark, config);
  }
}
