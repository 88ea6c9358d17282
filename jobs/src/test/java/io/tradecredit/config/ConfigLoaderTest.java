package io.tradecredit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path HOME = Path.of("/opt/tradecredit");

  @Test
  void defaultsResolveAgainstTheHome() {
    PipelineConfig c = ConfigLoader.load(null, List.of(), HOME);
    assertEquals("/opt/tradecredit/data-samples/landing", c.paths().landing());
    assertEquals("/opt/tradecredit/work/lake", c.paths().lake());
    assertEquals("local[*]", c.spark().master());
    assertEquals(0.05, c.ingest().maxBadRatio("orders"));
  }

  @Test
  void fileThenOverridesInOrder(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "paths:\n  lake: /data/lake\nspark:\n  master: \"\"\n");
    PipelineConfig c = ConfigLoader.load(file, List.of("paths.exports=s3a://bucket/exports",
        "ingest.max_bad_ratio_per_feed.orders=0.2", "paths.lake=/other"), HOME);
    assertEquals("/other", c.paths().lake());
    assertEquals("s3a://bucket/exports", c.paths().exports());
    assertNull(c.spark().master(), "an empty master keeps spark-submit's");
    assertEquals(0.2, c.ingest().maxBadRatio("orders"));
    assertEquals(0.05, c.ingest().maxBadRatio("payments"));
  }

  @Test
  void everyEnvironmentsFileIsValidAndSetsItsOwnGate() throws Exception {
    Path home = Path.of("..").toAbsolutePath().normalize();
    List<Path> files;
    try (var list = Files.list(home.resolve("conf"))) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertEquals(List.of("bench.yaml", "local.yaml", "production.yaml"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    java.util.Set<PipelineConfig.Publish> gates = new java.util.HashSet<>();
    for (Path file : files) {
      gates.add(ConfigLoader.load(file, List.of(), home).publish());
    }
    assertEquals(3, gates.size(), "each environment has thresholds of its own: " + gates);
    PipelineConfig prod = ConfigLoader.load(home.resolve("conf/production.yaml"), List.of(), home);
    assertEquals(0.25, prod.publish().gradeMigrationShare().fail());
    assertEquals("s3a://tradecredit-lake/lake", prod.paths().lake());
  }

  @Test
  void aWarnAboveItsFailIsRefused() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        List.of("publish.score_psi.warn=0.3"), HOME));
    assertEquals("Invalid value for configuration key 'publish.score_psi': warn (0.3) must not be above fail (0.25)",
        e.getMessage());
  }

  @Test
  void theGatesNewKeysHaveDefaultsAndTheirWarnMustNotExceedFail() {
    PipelineConfig.Publish p = ConfigLoader.load(null, List.of(), HOME).publish();
    assertEquals(0.15, p.lowConfidenceRise().fail());
    assertEquals(0.5, p.activeCompaniesDrop().fail());
    assertEquals(90, p.youngLakeDays());
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        List.of("publish.active_companies_drop.warn=0.6"), HOME));
    assertEquals("Invalid value for configuration key 'publish.active_companies_drop': warn (0.6) must not be above "
        + "fail (0.5)", e.getMessage());
    assertThrows(ConfigException.class, () -> ConfigLoader.load(null, List.of("publish.young_lake_days=-1"), HOME));
  }

  @Test
  void theRetiredLowConfidenceLevelNamesItsReplacement(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "publish:\n  low_confidence_share: {warn: 0.6, fail: 0.9}\n");
    ConfigException fromFile = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of(), HOME));
    ConfigException fromSet = assertThrows(ConfigException.class, () -> ConfigLoader.load(null,
        List.of("publish.low_confidence_share.fail=0.95"), HOME));
    for (ConfigException e : List.of(fromFile, fromSet)) {
      assertEquals("Configuration key 'publish.low_confidence_share' is retired: the LOW-confidence share is no "
          + "longer judged as a level (a young lake is LOW by nature) but as its rise against the previous "
          + "publication: set publish.low_confidence_rise instead (docs/operations.md)", e.getMessage());
    }
  }

  @Test
  void unknownKeyIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, List.of("paths.lakee=/x"), HOME));
    assertEquals("Unknown configuration key 'paths.lakee' (known keys: paths.landing, paths.lake, paths.exports)",
        e.getMessage());
  }

  @Test
  void unknownKeyInFileIsNamed(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), "spark:\n  cores: 4\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of(), HOME));
    assertEquals("Unknown configuration key 'spark.cores' (known keys: spark.master, spark.shuffle_partitions, spark.parallel_feeds, spark.settings)",
        e.getMessage());
  }

  @Test
  void badValuesAreNamed() {
    ConfigException type = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, List.of("spark.shuffle_partitions=many"), HOME));
    assertEquals("Invalid value for configuration key 'spark.shuffle_partitions': "
        + "Cannot deserialize value of type `int` from String \"many\": not a valid `int` value",
        type.getMessage());
    ConfigException range = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, List.of("ingest.max_bad_ratio=1.5"), HOME));
    assertEquals("Invalid value for configuration key 'ingest.max_bad_ratio': must be between 0 and 1, got 1.5",
        range.getMessage());
    ConfigException feed = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(null, List.of("ingest.max_bad_ratio_per_feed.invoices=0.1"), HOME));
    assertEquals("Invalid value for configuration key 'ingest.max_bad_ratio_per_feed.invoices': 'invoices' is not "
        + "a feed (feeds: orders, payments, shipments, disputes, accounts, registry, fx_rates, credit_events)",
        feed.getMessage());
  }
}
