package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Delta keeps per-file statistics only of the columns queries filter or join on ({@link FileStatistics}), on every
 * way a stage creates a table and on a table made before them, and still skips files by those columns.
 */
class FileStatisticsTest extends SparkTestBase {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Table ORDERS = Tables.silver(Feed.ORDERS);

  static Dataset<Row> orders(int from, int to) {
    return spark().range(from, to).selectExpr("'tradehub' AS platform", "concat('O-', lpad(id, 4, '0')) AS order_id",
        "concat('S-', id % 3) AS seller_account", "concat('B-', id % 5) AS buyer_account",
        "CAST(id AS DECIMAL(18,2)) AS amount", "'USD' AS currency", "'open' AS status",
        "TIMESTAMP'2026-11-01 00:00:00' + make_interval(0, 0, 0, 0, 0, id) AS updated_at",
        "DATE'2026-11-02' AS valid_from", "CAST(NULL AS DATE) AS valid_to").coalesce(1);
  }

  @Test
  void aSilverTableKeepsStatisticsOfItsKeysReferencesAndVersionsAndStillSkipsFilesByThem(@TempDir Path dir)
      throws IOException {
    Lake lake = new Lake(spark(), dir.toString());
    lake.append(ORDERS, orders(0, 10));
    lake.append(ORDERS, orders(10, 20));

    List<String> kept = List.of("platform", "order_id", "seller_account", "buyer_account", "updated_at",
        "valid_from", "valid_to");
    assertEquals(String.join(",", kept), lake.properties(ORDERS).get(FileStatistics.PROPERTY));
    for (JsonNode stats : fileStats(lake, ORDERS)) {
      // A column's minimum and maximum are left out where it holds only nulls (valid_to here); its null count is not.
      assertEquals(new TreeSet<>(kept), names(stats.get("nullCount")));
      assertEquals(10, stats.get("numRecords").asInt());
    }
    assertEquals(1, filesRead(lake.read(ORDERS).where("order_id = 'O-0015'")));
    assertEquals(1, filesRead(lake.read(ORDERS).where("updated_at < TIMESTAMP'2026-11-01 00:05:00'")));
    // A column without statistics: every file is read.
    assertEquals(2, filesRead(lake.read(ORDERS).where("amount = 15")));
  }

  @Test
  void aDatedTableCreatedOrEnsuredKeepsNoStatisticsOfItsPartitionColumn(@TempDir Path dir) throws IOException {
    Lake lake = new Lake(spark(), dir.toString());
    Dataset<Row> features = spark().range(4).selectExpr("concat('C', id) AS company_id", "'DE' AS registry_country",
        "CAST(id AS STRING) AS registration_number", "'Acme' AS legal_name", "CAST(id AS DOUBLE) AS seller_orders_365d",
        "DATE'2026-11-03' AS as_of_date");
    lake.replacePartition(Tables.COMPANY_FEATURES, features, "as_of_date", "2026-11-03");
    lake.create(Tables.COMPANY_FEATURES_GOLD, features, Map.of("comment", "features"), null, "as_of_date");
    for (Table t : List.of(Tables.COMPANY_FEATURES, Tables.COMPANY_FEATURES_GOLD)) {
      assertEquals("company_id,registry_country,registration_number", lake.properties(t).get(FileStatistics.PROPERTY),
          t.qualified());
      for (JsonNode stats : fileStats(lake, t)) {
        assertEquals(new TreeSet<>(List.of("company_id", "registry_country", "registration_number")),
            names(stats.get("nullCount")), t.qualified());
      }
    }
    lake.ensure(Tables.SCORE_STAGING, features.schema(), "as_of_date");
    assertEquals("company_id,registry_country,registration_number",
        lake.properties(Tables.SCORE_STAGING).get(FileStatistics.PROPERTY));
    // Not one of the chosen tables: Delta's default.
    lake.ensure(Tables.QUARANTINE, io.tradecredit.ingest.IngestStage.QUARANTINE_SCHEMA, "feed");
    assertNull(lake.properties(Tables.QUARANTINE).get(FileStatistics.PROPERTY));
  }

  @Test
  void aTableMadeBeforeTheChoiceIsGivenItOnceAtItsNextWrite(@TempDir Path dir) throws IOException {
    Lake lake = new Lake(spark(), dir.toString());
    orders(0, 10).write().format("delta").save(lake.path(ORDERS));
    assertEquals(10, names(fileStats(lake, ORDERS).get(0).get("nullCount")).size(), "Delta's default: every column");

    lake.append(ORDERS, orders(10, 20));
    lake.append(ORDERS, orders(20, 30));

    // One commit for the property, at the first write after it: 0 created, 1 set, 2 and 3 appended.
    assertEquals(3, lake.version(ORDERS));
    List<JsonNode> stats = fileStats(lake, ORDERS);
    assertEquals(7, names(stats.get(stats.size() - 1).get("nullCount")).size(), "the last append's file");
    assertEquals(30, lake.read(ORDERS).count());
    assertEquals(1, filesRead(lake.read(ORDERS).where("order_id = 'O-0025'")));

    // A table taken to merge into or change in place is given them too, before the change.
    Table payments = Tables.silver(Feed.PAYMENTS);
    orders(0, 10).write().format("delta").save(lake.path(payments));
    lake.delta(payments);
    assertEquals(1, lake.version(payments));
    assertEquals("platform,order_id,seller_account,buyer_account,updated_at,valid_from,valid_to",
        lake.properties(payments).get(FileStatistics.PROPERTY));
  }

  /** The statistics of every file added to the table, in commit order. */
  static List<JsonNode> fileStats(Lake lake, Table table) throws IOException {
    List<JsonNode> stats = new ArrayList<>();
    try (Stream<Path> commits = Files.list(Path.of(lake.path(table), "_delta_log"))) {
      for (Path commit : commits.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        for (String line : Files.readAllLines(commit)) {
          JsonNode add = JSON.readTree(line).get("add");
          if (add != null) {
            stats.add(JSON.readTree(add.get("stats").asText()));
          }
        }
      }
    }
    return stats;
  }

  static TreeSet<String> names(JsonNode object) {
    TreeSet<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /**
   * The files the query's scans read, by Spark's own count, once it has run. The test's tables are small, whose files
   * are chosen by partition alone ({@link TableFiles}): here Delta chooses them, by their statistics.
   */
  static long filesRead(Dataset<Row> query) {
    String small = spark().conf().get(TableFiles.SMALL_BYTES, null);
    spark().conf().set(TableFiles.SMALL_BYTES, "0");
    try {
      query.collectAsList();
    } finally {
      if (small == null) {
        spark().conf().unset(TableFiles.SMALL_BYTES);
      } else {
        spark().conf().set(TableFiles.SMALL_BYTES, small);
      }
    }
    long files = 0;
    for (SparkPlan leaf : CollectionConverters.asJava(query.queryExecution().executedPlan().collectLeaves())) {
      if (leaf instanceof FileSourceScanExec scan) {
        files += scan.metrics().apply("numFiles").value();
      }
    }
    return files;
  }
}
