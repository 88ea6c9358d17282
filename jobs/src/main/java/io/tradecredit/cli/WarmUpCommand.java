package io.tradecredit.cli;

import io.delta.tables.DeltaTable;
import io.tradecredit.lake.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;

/**
 * Loads the classes a command's start and a night's Delta work need, on a throwaway table: bin/tradecredit runs it
 * once per build with the JVM archiving what it loaded (class data sharing), so that later commands map those
 * classes instead of loading and verifying them again (bench/RESULTS.md, "Small work").
 */
@Command(name = "warm-up", hidden = true, description = "Load the classes commands use, on a throwaway Delta table.")
final class WarmUpCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("tradecredit-warm-up");
    try {
      SparkSession spark = SparkSessions.create("local[1]", 1, dir.resolve("_warehouse").toString(), Map.of());
      String table = dir.resolve("t").toString();
      spark.range(10).selectExpr("id", "CAST(id AS STRING) AS s", "DATE'2026-11-02' AS d").write().format("delta")
          .partitionBy("d").save(table);
      DeltaTable.forPath(spark, table).as("t").merge(spark.range(5, 15).selectExpr("id", "'x' AS s",
          "DATE'2026-11-02' AS d").as("n"), "t.id = n.id").whenMatched().updateAll().whenNotMatched().insertAll()
          .execute();
      spark.sql("CREATE TABLE warm USING delta LOCATION '" + table + "'");
      spark.sql("SELECT d, count(*), max(s) FROM warm GROUP BY d").collectAsList();
      spark.read().option("header", "true").csv(dir.resolve("t").toString() + "/_delta_log").count();
      return 0;
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
