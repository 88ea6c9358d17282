package io.tradecredit.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradecredit.ingest.Feed;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The rules of {@code pull.sources}, checked when the configuration is read. */
final class PullSources {
  private PullSources() {}

  /**
   * Refuses a secret written into the configuration, before anything else reads the tree, and without ever
   * repeating its value: configuration files are shared and versioned, credentials are not.
   */
  static void refuseSecrets(ObjectNode tree) {
    JsonNode sources = tree.path("pull").path("sources");
    sources.fields().forEachRemaining(source -> {
      String key = "pull.sources." + source.getKey();
      source.getValue().fieldNames().forEachRemaining(field -> {
        String lower = field.toLowerCase(Locale.ROOT);
        if (lower.equals("password") || lower.equals("user") || lower.equals("secret")) {
          throw new ConfigException("Configuration key '" + key + "." + field + "' is refused: credentials never go "
              + "in a configuration file; name an environment variable (" + key + ".user_env, " + key
              + ".password_env) or a file readable only by its owner (" + key + ".credentials_file)");
        }
      });
      String url = source.getValue().path("url").asText("");
      if (url.toLowerCase(Locale.ROOT).matches("(?s).*[?&;:]password=.*|.*//[^/@]*:[^/@]*@.*")) {
        throw new ConfigException("Invalid value for configuration key '" + key + ".url': it carries a password;"
            + " credentials never go in a configuration file: use " + key + ".password_env or "
            + key + ".credentials_file");
      }
    });
  }

  static void validate(Map<String, PullSource> sources) {
    Map<String, String> owner = new HashMap<>();
    sources.forEach((name, source) -> {
      String key = "pull.sources." + name;
      require(name.matches("[a-z][a-z0-9_]*"), key, "a source name is lower-case letters, digits and _");
      require(source != null, key, "must be a mapping");
      require(source.url() != null && source.url().startsWith("jdbc:"), key + ".url", "must be a JDBC URL (jdbc:...)");
      boolean env = source.userEnv() != null || source.passwordEnv() != null;
      require(!(env && source.credentialsFile() != null), key, "credentials come from user_env and password_env, "
          + "or from credentials_file, not both");
      require(env || source.credentialsFile() != null, key,
          "needs credentials: user_env and password_env, or credentials_file");
      require(!env || (source.userEnv() != null && source.passwordEnv() != null), key,
          "needs both user_env and password_env");
      PullSource s = source.withDefaults();
      require(s.fetchSize() >= 1, key + ".fetch_size", "must be at least 1");
      require(s.partitions() >= 1, key + ".partitions", "must be at least 1");
      require(s.lookbackMinutes() >= 0, key + ".lookback_minutes", "must be 0 or more");
      require(s.retries() >= 0, key + ".retries", "must be 0 or more");
      require(s.retryWaitSeconds() >= 0, key + ".retry_wait_seconds", "must be 0 or more");
      require(!s.feeds().isEmpty(), key + ".feeds", "must name at least one landing feed");
      s.feeds().forEach((feedName, feed) -> {
        String fk = key + ".feeds." + feedName;
        Feed f = Feed.find(feedName).orElse(null);
        require(f != null, fk, "'" + feedName + "' is not a feed (feeds: " + Feed.names() + ")");
        require(f.hasUpdatedAt(), fk, feedName + " has no updated_at, so it cannot be pulled by watermark");
        require(feed != null && (feed.table() == null) != (feed.query() == null), fk, "needs table or query (one)");
        if (feed.columns() != null) {
          feed.columns().forEach((column, from) -> {
            require(f.columnNames().contains(column), fk + ".columns." + column,
                "'" + column + "' is not a column of " + feedName + " (columns: " + String.join(", ",
                    f.columnNames()) + ")");
            require(from != null && !from.isBlank(), fk + ".columns." + column, "must name a source column");
          });
        }
        // A drop has one producer: two sources writing one feed's dt=D would replace each other's drop.
        String other = owner.putIfAbsent(feedName, name);
        require(other == null, fk, "feed " + feedName + " is already pulled by source " + other
            + "; a landing drop has one producer");
      });
    });
  }

  private static void require(boolean ok, String key, String rule) {
    if (!ok) {
      throw new ConfigException("Invalid value for configuration key '" + key + "': " + rule);
    }
  }
}
