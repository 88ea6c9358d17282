package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.ReadOnlySql;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tradecredit sql} is read-only unless {@code --allow-writes}: every statement that would change the lake, write
 * or read files is refused, naming the statement, and nothing on disk changes; reading works as before.
 */
class SqlReadOnlyTest extends SparkTestBase {
  @TempDir static Path root;
  static RunContext ctx;
  static String lake;
  static SparkSession analyst;

  @BeforeAll
  static void copyOfTheSampleLake() {
    ctx = SampleLake.copy(root);
    lake = ctx.config().paths().lake();
    // Other test classes share the session: point every name at this lake.
    for (var table : Tables.all()) {
      spark().sql("DROP TABLE IF EXISTS " + table.qualified());
    }
    analyst = SqlCommand.analystSession(ctx, false, System.err);
  }

  /** Every file of the lake with its size: a refused statement must leave this exactly as it was. */
  static Map<String, Long> filesOfTheLake() {
    try (var paths = Files.walk(Path.of(lake))) {
      Map<String, Long> files = new TreeMap<>();
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        files.put(Path.of(lake).relativize(p).toString(), Files.size(p));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long latestVersion(SparkSession session, String table) {
    return session.sql("DESCRIBE HISTORY " + table).selectExpr("max(version)").first().getLong(0);
  }

  /**
   * Each statement and the start of the statement its refusal names, over the lake {@code lake}; files it would
   * write go under {@code root}.
   */
  static Map<String, String> refusedStatements(Path root, String lake) {
    Path out = root.resolve("written");
    String score = "credit.company_score";
    Map<String, String> s = new LinkedHashMap<>();
    s.put("DELETE FROM " + score, "DELETE (DeleteCommand)");
    s.put("UPDATE " + score + " SET score = 0", "UPDATE (UpdateCommand)");
    s.put("MERGE INTO " + score + " t USING " + score + " s ON t.company_id = s.company_id WHEN MATCHED THEN DELETE",
        "MERGE (MergeIntoCommand)");
    s.put("INSERT INTO credit.company_score_history SELECT * FROM credit.company_score_history", "INSERT (AppendData)");
    s.put("INSERT OVERWRITE " + score + " SELECT * FROM " + score, "INSERT OVERWRITE (OverwriteByExpression)");
    s.put("INSERT OVERWRITE DIRECTORY '" + out + "' USING parquet SELECT * FROM " + score,
        "INSERT OVERWRITE DIRECTORY (InsertIntoDataSourceDirCommand)");
    s.put("CREATE TABLE credit.scores_copy USING delta LOCATION '" + out + "' AS SELECT * FROM " + score,
        "CREATE TABLE AS SELECT");
    s.put("CREATE TABLE credit.empty (id INT) USING delta", "CREATE TABLE");
    s.put("CREATE VIEW credit.best AS SELECT * FROM " + score + " WHERE grade = 'AAA'", "CREATE VIEW");
    s.put("CREATE DATABASE scratch", "CREATE DATABASE");
    s.put("ALTER TABLE " + score + " SET TBLPROPERTIES ('quality' = 'none')", "ALTER TABLE");
    s.put("ALTER TABLE " + score + " ADD COLUMNS (note STRING)", "ALTER TABLE");
    s.put("TRUNCATE TABLE ops.quarantine", "TRUNCATE TABLE");
    s.put("DROP TABLE " + score, "DROP TABLE");
    s.put("DROP VIEW silver.orders_linked", "DROP VIEW");
    s.put("DROP DATABASE ops CASCADE", "DROP DATABASE");
    s.put("VACUUM " + score + " RETAIN 0 HOURS", "VACUUM (VacuumTableCommand)");
    s.put("RESTORE TABLE " + score + " TO VERSION AS OF 0", "RESTORE (RestoreTableCommand)");
    s.put("OPTIMIZE " + score, "OPTIMIZE (OptimizeTableCommand)");
    s.put("REORG TABLE " + score + " APPLY (PURGE)", "REORG (DeltaReorgTableCommand)");
    s.put("GENERATE symlink_format_manifest FOR TABLE " + score, "GENERATE (DeltaGenerateCommand)");
    s.put("CONVERT TO DELTA parquet.`" + root.resolve("exports/company_score/as_of_date=2026-11-03") + "`",
        "CONVERT TO DELTA");
    s.put("CACHE TABLE " + score, "CACHE TABLE");
    s.put("ADD JAR " + root.resolve("none.jar"), "ADD JAR");
    s.put("RESET", "RESET");
    s.put("SET spark.sql.runSQLOnFiles=true", "SET spark.sql.runSQLOnFiles");
    s.put("SET spark.tradecredit.sql.readOnly=false", "SET spark.tradecredit.sql.readOnly");
    s.put("EXECUTE IMMEDIATE 'DELETE FROM " + score + "'", "DELETE (DeleteCommand)");
    s.put("BEGIN DELETE FROM " + score + "; END", "DELETE (DeleteCommand)");
    s.put("SELECT * FROM text.`/etc/hostname`", "reading a file by its path");
    s.put("SELECT * FROM csv.`/etc/hostname`", "reading a file by its path");
    s.put("SELECT * FROM json.`/etc/hostname`", "reading a file by its path");
    s.put("SELECT * FROM binaryFile.`/etc/hostname`", "reading a file by its path");
    s.put("SELECT * FROM parquet.`" + lake + "/credit/company_score`", "reading a file by its path");
    s.put("SELECT * FROM delta.`" + lake + "/credit/company_score`", "reading a file by its path");
    s.put("DESCRIBE HISTORY delta.`" + lake + "/credit/company_score`", "reading a file by its path");
    s.put("SELECT * FROM credit.company_score WHERE company_id IN (SELECT value FROM text.`/etc/hostname`)",
        "reading a file by its path");
    s.put("SELECT * FROM table_changes_by_path('" + lake + "/credit/company_score', 0)", "table_changes_by_path");
    s.put("CREATE TEMPORARY VIEW hosts USING text OPTIONS (path '/etc/hostname')", "CREATE TEMPORARY VIEW ... USING");
    s.put("SELECT TRANSFORM(company_id) USING 'cat /etc/hostname' FROM " + score, "TRANSFORM ... USING");
    s.put("SELECT reflect('java.lang.System', 'getenv', 'HOME')", "reflect/java_method");
    return s;
  }

  @Test
  void everyStatementThatWouldChangeTheLakeOrTouchFilesIsRefusedByNameAndNothingChanges() {
    Map<String, Long> before = filesOfTheLake();
    long history = latestVersion(spark(), "credit.company_score_history");
    long current = latestVersion(spark(), "credit.company_score");

    List<String> wrong = new ArrayList<>();
    refusedStatements(root, lake).forEach((statement, named) -> {
      try {
        analyst.sql(statement).collect();
        wrong.add(statement + "\n  -> ran");
      } catch (ReadOnlySql.Refused refused) {
        if (!refused.getMessage().startsWith("Refused: " + named)
            || !refused.getMessage().contains("this SQL session is read-only")) {
          wrong.add(statement + "\n  -> " + refused.getMessage());
        }
      } catch (Exception e) {
        wrong.add(statement + "\n  -> not refused but failed: " + e);
      }
    });
    assertTrue(wrong.isEmpty(), "refused without naming the statement:\n" + String.join("\n", wrong));

    // Time travel by path fails earlier, in Spark's own lookup, with file reads off: no such table.
    assertThrows(Exception.class, () -> analyst.sql("SELECT * FROM delta.`" + lake + "/credit/company_score` "
        + "VERSION AS OF 0").collect());
    assertEquals(before, filesOfTheLake(), "no file of the lake was added, removed or changed");
    assertEquals(history, latestVersion(spark(), "credit.company_score_history"));
    assertEquals(current, latestVersion(spark(), "credit.company_score"));
    assertFalse(Files.exists(root.resolve("written")), "nothing written outside the lake");
    assertEquals(58, spark().table("credit.company_score").count());
    assertTrue(spark().catalog().tableExists("silver.orders_linked"));
    assertFalse(ReadOnlySql.isGuarded(spark()), "the sessions of the other commands stay writable");
  }

  /** What a Spark Connect client's DataFrame reader asks of a server: reads by path, not SQL. */
  @Test
  void dataFrameReadsByPathAreRefusedAndCatalogTablesStillRead() {
    Map<String, Runnable> reads = new LinkedHashMap<>();
    reads.put("text", () -> analyst.read().text("/etc/hostname").collect());
    reads.put("parquet", () -> analyst.read().parquet(lake + "/credit/company_score").collect());
    reads.put("delta", () -> analyst.read().format("delta").load(lake + "/credit/company_score").collect());
    List<String> wrong = new ArrayList<>();
    reads.forEach((what, read) -> {
      try {
        read.run();
        wrong.add(what + " -> ran");
      } catch (ReadOnlySql.Refused refused) {
        if (!refused.getMessage().startsWith("Refused: reading a source by its path")) {
          wrong.add(what + " -> " + refused.getMessage());
        }
      } catch (Exception e) {
        wrong.add(what + " -> not refused but failed: " + e);
      }
    });
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    // The same table by its catalog name and through a view: Delta reads its log by path inside.
    assertEquals(58, analyst.table("credit.company_score").count());
    assertTrue(analyst.table("silver.orders_linked").count() > 0);
  }

  @Test
  void theEntryPointRefusesOneOffWritesAndFileReadsWithAnError() {
    Map<String, Long> before = filesOfTheLake();
    SqlRun delete = SqlRun.sql(root, "DELETE FROM credit.company_score");
    assertEquals(1, delete.code(), delete.toString());
    assertTrue(delete.err().startsWith("error: Refused: DELETE (DeleteCommand): this SQL session is read-only."),
        delete.toString());
    assertEquals("", delete.out());

    SqlRun file = SqlRun.sql(root, "--format", "csv", "SELECT * FROM text.`/etc/hostname`");
    assertEquals(1, file.code(), file.toString());
    assertTrue(file.err().startsWith("error: Refused: reading a file by its path (text./etc/hostname"),
        file.toString());
    assertEquals("", file.out());
    assertEquals(before, filesOfTheLake());
  }

  @Test
  void thePromptIsReadOnlyAndGoesOnAfterARefusal(@TempDir Path tmp) throws Exception {
    Map<String, Long> before = filesOfTheLake();
    String out = SqlShellTest.session(analyst, String.join("\n",
        "DELETE FROM credit.company_score;",
        "INSERT OVERWRITE DIRECTORY '" + tmp.resolve("out") + "' USING csv SELECT * FROM credit.company_score;",
        "SELECT count(*) AS companies FROM credit.company_score;",
        "quit", ""), tmp.resolve("history"));

    assertTrue(out.contains("error: Refused: DELETE (DeleteCommand)"), out);
    assertTrue(out.contains("error: Refused: INSERT OVERWRITE DIRECTORY (InsertIntoDataSourceDirCommand)"), out);
    assertTrue(out.contains("| 58        |"), out);
    assertEquals(before, filesOfTheLake());
    assertFalse(Files.exists(tmp.resolve("out")));
  }

  @Test
  void readsDescribeShowHistoryTimeTravelAndTheAnalystQueriesWork() throws Exception {
    assertEquals(58, analyst.sql("SELECT count(*) FROM credit.company_score").first().getLong(0));
    assertTrue(rows(analyst.sql("SHOW TABLES IN credit")).contains("[credit,company_score_history,false]"));
    assertTrue(analyst.sql("DESCRIBE credit.company_score").collectAsList().stream()
        .anyMatch(r -> r.getString(0).equals("pd_12m")));
    assertTrue(analyst.sql("DESCRIBE DETAIL credit.company_score").count() == 1);
    List<Row> history = analyst.sql("DESCRIBE HISTORY credit.company_score_history")
        .selectExpr("version", "CAST(timestamp AS STRING)").orderBy("version").collectAsList();
    assertTrue(history.size() >= 2, history.toString());
    assertEquals(rows("[2026-11-02]"), rows(analyst.sql("SELECT DISTINCT CAST(as_of_date AS STRING) FROM "
        + "credit.company_score_history VERSION AS OF 0")));
    assertEquals(rows("[2026-11-02]"), rows(analyst.sql("SELECT DISTINCT CAST(as_of_date AS STRING) FROM "
        + "credit.company_score_history TIMESTAMP AS OF '" + history.get(0).getString(1) + "'")));
    assertTrue(analyst.sql("EXPLAIN SELECT * FROM credit.company_score").first().getString(0)
        .contains("Physical Plan"));
    assertTrue(analyst.sql("SELECT count(*) FROM silver.orders_linked").first().getLong(0) > 0);
    // Session-local conveniences change nothing on disk.
    analyst.sql("SET spark.sql.shuffle.partitions=3");
    analyst.sql("CREATE OR REPLACE TEMPORARY VIEW best AS SELECT * FROM credit.company_score WHERE grade <= 'A'");
    assertTrue(analyst.sql("SELECT count(*) FROM best").first().getLong(0) <= 58);

    List<String> queries = AnalystQueries.inGuide();
    for (String query : queries) {
      assertFalse(analyst.sql(query).collectAsList().isEmpty(), "no rows from\n" + query);
    }
    assertEquals(12, queries.size(), "the analyst queries of docs/querying.md");
  }

  @Test
  void allowWritesLetsAnOperatorsInsertThroughAndSaysSo() {
    long version = latestVersion(spark(), "credit.company_score_history");
    long rows = spark().table("credit.company_score_history").count();
    SqlRun insert = SqlRun.sql(root, "--allow-writes", "INSERT INTO credit.company_score_history "
        + "SELECT * FROM credit.company_score_history WHERE as_of_date = DATE'2026-11-03' LIMIT 1");
    assertEquals(0, insert.code(), insert.toString());
    assertTrue(insert.err().contains("sql: --allow-writes: statements may change the lake"), insert.toString());
    assertEquals(version + 1, latestVersion(spark(), "credit.company_score_history"));
    assertEquals(rows + 1, spark().table("credit.company_score_history").count());
  }
}
