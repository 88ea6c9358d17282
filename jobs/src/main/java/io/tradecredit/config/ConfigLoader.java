package io.tradecredit.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tradecredit.ingest.Feed;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the defaults, a YAML file and {@code key=value} overrides into a validated {@link PipelineConfig}. */
public final class ConfigLoader {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  /** Keys that no longer exist, with what replaced them: named in the error rather than listed as unknown. */
  private static final Map<String, String> RETIRED = Map.of("publish.low_confidence_share",
      "the LOW-confidence share is no longer judged as a level (a young lake is LOW by nature) but as its rise "
          + "against the previous publication: set publish.low_confidence_rise instead (docs/operations.md)");

  private ConfigLoader() {}

  public static PipelineConfig load(Path file, List<String> overrides, Path home) {
    ObjectNode tree = defaults();
    if (file != null) {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException("Cannot read configuration " + file + ": no such file");
      }
      try {
        JsonNode fromFile = YAML.readTree(file.toFile());
        if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
          if (!fromFile.isObject()) {
            throw new ConfigException("Cannot read configuration " + file + ": the top level must be a mapping");
          }
          merge(tree, (ObjectNode) fromFile, "");
        }
      } catch (IOException e) {
        throw new ConfigException("Cannot read configuration " + file + ": " + e.getMessage(), e);
      }
    }
    for (String override : overrides) {
      applyOverride(tree, override);
    }
    PullSources.refuseSecrets(tree);
    PipelineConfig raw = bind(tree);
    validate(raw);
    return resolvePaths(raw, home);
  }

  private static ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream("/tradecredit-defaults.yaml")) {
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read built-in defaults", e);
    }
  }

  /** Only keys that exist in the defaults may be set; maps (marked by an empty default) take any key. */
  private static void merge(ObjectNode target, ObjectNode source, String prefix) {
    source.fields().forEachRemaining(entry -> {
      String key = prefix + entry.getKey();
      JsonNode existing = target.get(entry.getKey());
      if (existing == null) {
        retired(key);
        throw new ConfigException("Unknown configuration key '" + key + "'" + known(target, prefix));
      }
      if (existing.isObject() && entry.getValue().isObject() && existing.size() > 0) {
        merge((ObjectNode) existing, (ObjectNode) entry.getValue(), key + ".");
      } else {
        target.set(entry.getKey(), entry.getValue());
      }
    });
  }

  private static void applyOverride(ObjectNode tree, String override) {
    int eq = override.indexOf('=');
    if (eq <= 0) {
      throw new ConfigException("Cannot apply --set '" + override + "': expected key=value");
    }
    String key = override.substring(0, eq).trim();
    retired(key.replaceAll("\\.(warn|fail)$", ""));
    String value = override.substring(eq + 1);
    String[] parts = key.split("\\.");
    ObjectNode node = tree;
    StringBuilder path = new StringBuilder();
    int i = 0;
    // Walk down the sections; inside an open map (e.g. spark.settings) the rest of the key, dots and all, is the name.
    while (i < parts.length - 1 && !isOpenMap(path.toString())) {
      JsonNode next = node.get(parts[i]);
      if (next == null || !next.isObject()) {
        throw new ConfigException("Unknown configuration key '" + key + "'" + known(node, path.toString()));
      }
      path.append(parts[i]).append('.');
      node = (ObjectNode) next;
      i++;
    }
    String leaf = String.join(".", java.util.Arrays.copyOfRange(parts, i, parts.length));
    JsonNode existing = node.get(leaf);
    boolean openMap = isOpenMap(path.toString());
    if (existing == null && !openMap) {
      throw new ConfigException("Unknown configuration key '" + key + "'" + known(node, path.toString()));
    }
    if (existing != null && existing.isObject()) {
      throw new ConfigException("Cannot set '" + key + "': it is a section; set one of its keys");
    }
    try {
      JsonNode parsed = YAML.readTree(value.isEmpty() ? "''" : value);
      node.set(leaf, parsed == null || parsed.isMissingNode() ? YAML.getNodeFactory().textNode(value) : parsed);
    } catch (IOException e) {
      node.put(leaf, value);
    }
  }

  private static void retired(String key) {
    if (RETIRED.containsKey(key)) {
      throw new ConfigException("Configuration key '" + key + "' is retired: " + RETIRED.get(key));
    }
  }

  private static boolean isOpenMap(String path) {
    return path.equals("ingest.max_bad_ratio_per_feed.") || path.equals("spark.settings.");
  }

  private static String known(ObjectNode node, String prefix) {
    if (node.size() == 0) {
      return "";
    }
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(n -> names.add(prefix + n));
    return " (known keys: " + String.join(", ", names) + ")";
  }

  private static PipelineConfig bind(ObjectNode tree) {
    try {
      return YAML.treeToValue(tree, PipelineConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException("Unknown configuration key '" + path(e) + "'", e);
    } catch (JsonMappingException e) {
      throw new ConfigException("Invalid value for configuration key '" + path(e) + "': "
          + e.getOriginalMessage().split("\n")[0], e);
    } catch (IOException e) {
      throw new ConfigException("Invalid configuration: " + e.getMessage(), e);
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
        .collect(Collectors.joining("."));
  }

  private static void validate(PipelineConfig c) {
    require(!blank(c.paths().landing()), "paths.landing", "must not be empty");
    require(!blank(c.paths().lake()), "paths.lake", "must not be empty");
    require(!blank(c.paths().exports()), "paths.exports", "must not be empty");
    require(c.spark().shufflePartitions() >= 1, "spark.shuffle_partitions", "must be at least 1");
    require(c.spark().parallelFeeds() >= 1, "spark.parallel_feeds", "must be at least 1");
    if (c.spark().settings() != null) {
      c.spark().settings().forEach((k, v) -> require(k.startsWith("spark.") && v != null,
          "spark.settings." + k, "must be a Spark setting (spark.*) with a value"));
    }
    ratio("ingest.max_bad_ratio", c.ingest().maxBadRatio());
    if (c.ingest().maxBadRatioPerFeed() != null) {
      c.ingest().maxBadRatioPerFeed().forEach((feed, ratio) -> {
        String key = "ingest.max_bad_ratio_per_feed." + feed;
        require(Feed.find(feed).isPresent(), key, "'" + feed + "' is not a feed (feeds: " + Feed.names() + ")");
        require(ratio != null, key, "must be a number");
        ratio(key, ratio);
      });
    }
    PipelineConfig.IngestLimits limits = c.ingest().limits();
    require(limits != null, "ingest.limits", "must not be empty");
    require(limits.maxFileBytes() >= 1, "ingest.limits.max_file_bytes", "must be at least 1");
    require(limits.maxCompressionRatio() >= 1, "ingest.limits.max_compression_ratio", "must be at least 1");
    require(limits.maxLineChars() >= 1, "ingest.limits.max_line_chars", "must be at least 1");
    require(limits.maxFieldChars() >= 1, "ingest.limits.max_field_chars", "must be at least 1");
    require(!blank(c.model().path()), "model.path", "must not be empty");
    ratio("publish.min_row_ratio", c.publish().minRowRatio());
    limit("publish.low_confidence_rise", c.publish().lowConfidenceRise(), 1.0);
    limit("publish.grade_migration_share", c.publish().gradeMigrationShare(), 1.0);
    limit("publish.score_psi", c.publish().scorePsi(), Double.MAX_VALUE);
    require(c.lock().heartbeatSeconds() >= 1, "lock.heartbeat_seconds", "must be at least 1");
    require(c.lock().staleAfterSeconds() >= 3 * c.lock().heartbeatSeconds(), "lock.stale_after_seconds",
        "must be at least three heartbeats (3 x lock.heartbeat_seconds = " + 3 * c.lock().heartbeatSeconds() + ")");
    limit("publish.active_companies_drop", c.publish().activeCompaniesDrop(), 1.0);
    require(c.publish().youngLakeDays() >= 0, "publish.young_lake_days", "must be 0 or more days, got "
        + c.publish().youngLakeDays());
    require(c.pull() != null && c.pull().sources() != null, "pull.sources", "must be a mapping of source names");
    PullSources.validate(c.pull().sources());
  }

  private static void limit(String key, PipelineConfig.Limit l, double max) {
    require(l != null, key, "needs warn and fail");
    require(l.warn() >= 0 && l.warn() <= max, key + ".warn", "must be between 0 and " + max + ", got " + l.warn());
    require(l.fail() >= 0 && l.fail() <= max, key + ".fail", "must be between 0 and " + max + ", got " + l.fail());
    require(l.warn() <= l.fail(), key, "warn (" + l.warn() + ") must not be above fail (" + l.fail() + ")");
  }

  private static void ratio(String key, double value) {
    require(value >= 0.0 && value <= 1.0, key, "must be between 0 and 1, got " + value);
  }

  private static void require(boolean ok, String key, String rule) {
    if (!ok) {
      throw new ConfigException("Invalid value for configuration key '" + key + "': " + rule);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static PipelineConfig resolvePaths(PipelineConfig c, Path home) {
    PipelineConfig.Paths p = c.paths();
    PipelineConfig.Paths resolved = new PipelineConfig.Paths(
        resolve(home, p.landing()), resolve(home, p.lake()), resolve(home, p.exports()));
    PipelineConfig.Model m = new PipelineConfig.Model(resolve(home, c.model().path()));
    String master = blank(c.spark().master()) ? null : c.spark().master();
    PipelineConfig.Spark spark = new PipelineConfig.Spark(master, c.spark().shufflePartitions(),
        c.spark().parallelFeeds(), c.spark().settings() == null ? Map.of() : c.spark().settings());
    Map<String, PullSource> sources = new java.util.TreeMap<>();
    c.pull().sources().forEach((name, source) -> {
      PullSource d = source.withDefaults();
      sources.put(name, new PullSource(d.url(), d.driver(), d.userEnv(), d.passwordEnv(),
          d.credentialsFile() == null ? null : resolve(home, d.credentialsFile()), d.sessionInit(), d.fetchSize(),
          d.partitions(), d.lookbackMinutes(), d.retries(), d.retryWaitSeconds(), d.feeds()));
    });
    return new PipelineConfig(resolved, spark, c.ingest(), m, c.publish(), c.lock(),
        new PipelineConfig.Pull(Map.copyOf(sources)));
  }

  /** URIs (hdfs://, s3a://, file:) are kept as given; plain paths become absolute. */
  static String resolve(Path home, String path) {
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      return path;
    }
    Path p = Path.of(path);
    return (p.isAbsolute() ? p : home.resolve(p)).normalize().toString();
  }
}
