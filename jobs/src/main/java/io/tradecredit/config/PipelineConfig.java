package io.tradecredit.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The whole configuration of a run, bound from YAML (see {@code conf/local.yaml}).
 *
 * <p>Precedence, lowest first: the defaults below, the file given with {@code --conf}, each {@code --set key=value}
 * in order. Relative paths are resolved against the project home ({@code TRADECREDIT_HOME}, else the working
 * directory).
 */
public record PipelineConfig(Paths paths, Spark spark, Ingest ingest, Model model, Publish publish, Lock lock,
    Pull pull) {

  /** Where data lives. */
  public record Paths(
      @JsonProperty("landing") String landing,
      @JsonProperty("lake") String lake,
      @JsonProperty("exports") String exports) {}

  /** Spark settings a command applies when it starts its session. */
  public record Spark(
      /** Spark master; empty keeps the one spark-submit was given. */
      @JsonProperty("master") String master,
      @JsonProperty("shuffle_partitions") int shufflePartitions,
      /** Stage pieces (one per feed) run side by side; 1 runs them one after another. */
      @JsonProperty("parallel_feeds") int parallelFeeds,
      /** Any further Spark settings, passed to the session as they are (keys start with "spark."). */
      @JsonProperty("settings") Map<String, String> settings) {}

  /** Ingest thresholds. */
  public record Ingest(
      /** Largest share of quarantined rows a drop may have before its ingest fails. */
      @JsonProperty("max_bad_ratio") double maxBadRatio,
      /** Per-feed overrides of max_bad_ratio. */
      @JsonProperty("max_bad_ratio_per_feed") Map<String, Double> maxBadRatioPerFeed,
      /** Bounds on the size of a landing file, a line and a value. */
      @JsonProperty("limits") IngestLimits limits) {

    public double maxBadRatio(String feed) {
      return maxBadRatioPerFeed == null ? maxBadRatio : maxBadRatioPerFeed.getOrDefault(feed, maxBadRatio);
    }
  }

  /**
   * What one landing file, line or value may cost; beyond a bound the file or row is quarantined, never read whole.
   * Serializable: executors parse with them.
   */
  public record IngestLimits(
      /** Bytes of a text file's content after decompression (of a Parquet file, on disk): FILE_TOO_LARGE. */
      @JsonProperty("max_file_bytes") long maxFileBytes,
      /** Decompressed bytes per compressed byte of a gzip file, checked past the first 16 MiB. */
      @JsonProperty("max_compression_ratio") double maxCompressionRatio,
      /** Characters of one CSV record or JSONL line: LINE_TOO_LONG. */
      @JsonProperty("max_line_chars") int maxLineChars,
      /** Characters of one value: FIELD_TOO_LONG. */
      @JsonProperty("max_field_chars") int maxFieldChars) implements java.io.Serializable {
    public static final String KEY = "ingest.limits.";
    public static final long MAX_FILE_BYTES_DEFAULT = 2L << 30;
    public static final double MAX_COMPRESSION_RATIO_DEFAULT = 100;
    public static final int MAX_LINE_CHARS_DEFAULT = 65_536;
    public static final int MAX_FIELD_CHARS_DEFAULT = 4_096;

    /** The built-in defaults (also in tradecredit-defaults.yaml). */
    public static IngestLimits defaults() {
      return new IngestLimits(MAX_FILE_BYTES_DEFAULT, MAX_COMPRESSION_RATIO_DEFAULT, MAX_LINE_CHARS_DEFAULT,
          MAX_FIELD_CHARS_DEFAULT);
    }
  }

  /** The scorecard artifact that score applies. */
  public record Model(@JsonProperty("path") String path) {}

  /**
   * The thresholds of the publication's quality gate; each environment's file sets its own. A measure beyond
   * {@code warn} is reported, beyond {@code fail} blocks publication. The gate judges changes against the previous
   * publication, not absolute levels, so that a young lake full of thin files publishes (docs/operations.md,
   * "Onboarding a platform").
   */
  public record Publish(
      /** Minimum ratio of rows against the previous publication (fail below). */
      @JsonProperty("min_row_ratio") double minRowRatio,
      /** Rise of the share of LOW-confidence scores since the previous publication, in absolute terms. */
      @JsonProperty("low_confidence_rise") Limit lowConfidenceRise,
      /**
       * Share of the companies scored on both dates, with the same trade evidence on both, whose grade changed since
       * the previous publication.
       */
      @JsonProperty("grade_migration_share") Limit gradeMigrationShare,
      /** Population stability index of the score distribution against the previous publication. */
      @JsonProperty("score_psi") Limit scorePsi,
      /** Fall of the companies with trade in the last 30 days, as a share of the previous publication's. */
      @JsonProperty("active_companies_drop") Limit activeCompaniesDrop,
      /**
       * Days of trade history (from the earliest event day in the lake to the date published) below which the lake
       * is young: the score PSI is then reported, not judged.
       */
      @JsonProperty("young_lake_days") int youngLakeDays) {}

  /** A warn level and a fail level of one measure, warn <= fail. */
  public record Limit(@JsonProperty("warn") double warn, @JsonProperty("fail") double fail) {
    @Override
    public String toString() {
      return "warn > " + warn + ", fail > " + fail;
    }
  }

  /**
   * The lake lock (one night at a time per lake, see {@code io.tradecredit.lake.LakeLock}): how often a holder says
   * it is alive, and after how long without a word a holder on another host counts as dead.
   */
  public record Lock(
      @JsonProperty("heartbeat_seconds") int heartbeatSeconds,
      @JsonProperty("stale_after_seconds") int staleAfterSeconds) {}

  /** Platform databases that {@code pull} reads into landing drops, by source name (none by default). */
  public record Pull(@JsonProperty("sources") Map<String, PullSource> sources) {}
}
