package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tradecredit.config.ConfigLoader;
import io.tradecredit.config.PipelineConfig;
import io.tradecredit.ingest.Feed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cost of Delta's per-file statistics in a large night's writes, for bench/RESULTS.md (bench/lake/stats.sh): the
 * same rows written by {@link Lake} to a table that keeps them only for its chosen columns ({@link FileStatistics})
 * and to one under another name, which keeps Delta's default (the first 32 columns), alternately, in a session with
 * conf/bench.yaml's settings. A published features partition ({@code -Dtradecredit.bench.rows}, 71 columns) and a
 * silver delivery of orders (three times as many rows, 18 columns).
 */
@Tag("bench")
class FileStatisticsBench {
  private static final int ROWS = Integer.getInteger("tradecredit.bench.rows", 1_000_000);
  private static final int ROUNDS = Integer.getInteger("tradecredit.bench.rounds", 3);

  @Test
  void writesWithTheChosenColumnsAgainstDeltasDefault(@TempDir Path root) {
    Path home = Path.of("..").toAbsolutePath().normalize();
    PipelineConfig.Spark bench = ConfigLoader.load(home.resolve("conf/bench.yaml"), List.of(), home).spark();
    SparkSession spark = SparkSessions.create("local[*]", bench.shufflePartitions(), root.resolve("wh").toString(),
        bench.settings());
    spark.sparkContext().setLogLevel("WARN");
    List<String> features = new ArrayList<>(List.of("concat('C', lpad(id, 8, '0')) AS company_id",
        "element_at(array('DE', 'CN', 'US', 'VN'), CAST(id % 4 AS INT) + 1) AS registry_country",
        "CAST(id * 7 AS STRING) AS registration_number", "concat('Company ', id) AS legal_name",
        "'registry' AS match_method", "rand(1) AS match_confidence"));
    for (int i = 0; i < 63; i++) {
      features.add("CASE WHEN id % " + (i % 7 + 2) + " = 0 THEN NULL ELSE rand(" + i + ") * " + (i + 1)
          + " END AS f" + i);
    }
    features.add("'active' AS registry_status");
    features.add("DATE'2026-11-03' AS as_of_date");
    Dataset<Row> scores = spark.range(ROWS).selectExpr(features.toArray(String[]::new)).repartition(2)
        .persist(StorageLevel.MEMORY_ONLY());
    Dataset<Row> orders = spark.range(3L * ROWS).selectExpr("element_at(array('tradehub', 'silkmart'), "
        + "CAST(id % 2 AS INT) + 1) AS platform", "concat('O-', lpad(id, 10, '0')) AS order_id",
        "concat('S-', id % 100000) AS seller_account", "concat('B-', id % 300000) AS buyer_account",
        "TIMESTAMP'2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id) AS order_ts",
        "CAST(rand(2) * 10000 AS DECIMAL(18,2)) AS amount", "'USD' AS currency", "30 AS payment_terms_days",
        "'textiles' AS category", "'delivered' AS status",
        "TIMESTAMP'2026-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id + 3600) AS updated_at",
        "DATE'2026-11-03' AS delivered_dt", "'orders_1.csv' AS source_file", "id AS source_line",
        "'run-1' AS ingest_run_id", "CAST(rand(3) * 10000 AS DECIMAL(18,2)) AS amount_usd",
        "DATE'2026-11-03' AS valid_from", "CAST(NULL AS DATE) AS valid_to").repartition(2)
        .persist(StorageLevel.MEMORY_ONLY());
    assertEquals(ROWS, scores.count());
    assertEquals(3L * ROWS, orders.count());

    Table chosenScores = Tables.COMPANY_FEATURES;
    Table defaultScores = new Table("bench", "company_features", "the same rows, Delta's default statistics");
    Table chosenOrders = Tables.silver(Feed.ORDERS);
    Table defaultOrders = new Table("bench", "orders", "the same rows, Delta's default statistics");
    for (int round = 1; round <= ROUNDS; round++) {
      for (boolean chosen : new boolean[] {false, true}) {
        Lake lake = new Lake(spark, root.resolve("r" + round + (chosen ? "-chosen" : "-default")).toString());
        long t0 = System.nanoTime();
        lake.replacePartition(chosen ? chosenScores : defaultScores, scores, "as_of_date", "2026-11-03");
        long t1 = System.nanoTime();
        lake.append(chosen ? chosenOrders : defaultOrders, orders);
        long t2 = System.nanoTime();
        System.out.printf("bench: round %d %-7s features %,d rows %.2f s; orders %,d rows %.2f s%n", round,
            chosen ? "chosen" : "default", ROWS, (t1 - t0) / 1e9, 3L * ROWS, (t2 - t1) / 1e9);
      }
    }
    spark.stop();
  }
}
