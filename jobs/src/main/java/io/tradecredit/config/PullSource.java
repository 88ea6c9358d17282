package io.tradecredit.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A platform database that {@code pull} reads over JDBC and turns into landing drops (configuration key
 * {@code pull.sources.<name>}). Credentials never appear here: the user and the password come from environment
 * variables or from a file readable only by its owner, named by this configuration.
 *
 * @param url JDBC URL of the database (no user or password in it)
 * @param driver JDBC driver class; empty picks the driver registered for the URL
 * @param userEnv environment variable holding the user name
 * @param passwordEnv environment variable holding the password
 * @param credentialsFile a properties file with {@code user=} and {@code password=}, mode 0600 or stricter
 * @param sessionInit SQL run on every connection before reading; empty: the driver's default (PostgreSQL: UTC)
 * @param fetchSize rows fetched per round trip
 * @param partitions parallel reads per feed, split by {@link PullFeed#splitColumn()}
 * @param lookbackMinutes how far before its watermark a night reads again, for rows committed late
 * @param retries further attempts to connect when the database cannot be reached
 * @param retryWaitSeconds wait between two attempts
 * @param feeds what to read per landing feed
 */
public record PullSource(
    @JsonProperty("url") String url,
    @JsonProperty("driver") String driver,
    @JsonProperty("user_env") String userEnv,
    @JsonProperty("password_env") String passwordEnv,
    @JsonProperty("credentials_file") String credentialsFile,
    @JsonProperty("session_init") String sessionInit,
    @JsonProperty("fetch_size") Integer fetchSize,
    @JsonProperty("partitions") Integer partitions,
    @JsonProperty("lookback_minutes") Integer lookbackMinutes,
    @JsonProperty("retries") Integer retries,
    @JsonProperty("retry_wait_seconds") Integer retryWaitSeconds,
    @JsonProperty("feeds") Map<String, PullFeed> feeds) {

  public static final int FETCH_SIZE_DEFAULT = 10_000;
  public static final int PARTITIONS_DEFAULT = 2;
  public static final int LOOKBACK_MINUTES_DEFAULT = 60;
  public static final int RETRIES_DEFAULT = 3;
  public static final int RETRY_WAIT_SECONDS_DEFAULT = 10;

  /** The same source with every unset option at its default. */
  public PullSource withDefaults() {
    return new PullSource(url, driver == null || driver.isBlank() ? null : driver, userEnv, passwordEnv,
        credentialsFile, sessionInit,
        or(fetchSize, FETCH_SIZE_DEFAULT), or(partitions, PARTITIONS_DEFAULT), or(lookbackMinutes,
        LOOKBACK_MINUTES_DEFAULT), or(retries, RETRIES_DEFAULT), or(retryWaitSeconds, RETRY_WAIT_SECONDS_DEFAULT),
        feeds == null ? Map.of() : feeds);
  }

  private static Integer or(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  /**
   * What one landing feed is read from.
   *
   * @param table table (or view) to read, e.g. {@code shop.orders}
   * @param query a SELECT instead of a table (exclusive with {@code table})
   * @param columns contract column -> source column; a contract column not named here is read by its own name
   * @param splitColumn numeric, date or timestamp column that splits the parallel reads; default: the source's
   *     updated_at column
   */
  public record PullFeed(
      @JsonProperty("table") String table,
      @JsonProperty("query") String query,
      @JsonProperty("columns") Map<String, String> columns,
      @JsonProperty("split_column") String splitColumn) {

    /** The source column of a contract column. */
    public String source(String contractColumn) {
      return columns == null ? contractColumn : columns.getOrDefault(contractColumn, contractColumn);
    }
  }
}
