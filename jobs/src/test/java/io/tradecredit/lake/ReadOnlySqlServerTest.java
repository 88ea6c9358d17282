package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.ChildJvm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard installed by configuration alone, as a SQL server (Thrift, Connect) started with the jar on its class path
 * would: every session is read-only, and neither SQL nor a session setting turns it off. A process of its own, since
 * the Spark configuration is fixed when an application starts.
 */
class ReadOnlySqlServerTest {

  @Test
  void configurationAloneGuardsEverySessionOfAnApplication(@TempDir Path dir) throws Exception {
    List<String> cmd = ChildJvm.command("-Xmx1g");
    cmd.addAll(List.of(Server.class.getName(), dir.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = pb.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), out);
    assertEquals(0, process.exitValue(), out);

    List<String> expected = List.of(
        "operator registers and fills the table: ok",
        "select: ok 2",
        "delete: Refused: DELETE (DeleteCommand): this SQL session is read-only.",
        "new session, delete: Refused: DELETE (DeleteCommand)",
        "new session, SET the guard off: Refused: SET spark.tradecredit.sql.readOnly",
        "new session, guard set off in its settings, delete: Refused: DELETE (DeleteCommand)",
        "new session, file reads set on, select: Refused: this read-only SQL session has spark.sql.runSQLOnFiles on",
        "rows after all that: ok 2");
    List<String> lines = out.lines().toList();
    assertEquals(expected.size(), lines.size(), out);
    for (int i = 0; i < expected.size(); i++) {
      assertTrue(lines.get(i).startsWith(expected.get(i)), expected.get(i) + "\n" + out);
    }
  }

  /** A stand-in for a SQL server: a Spark application configured with the guard, and its clients' sessions. */
  public static final class Server {
    public static void main(String[] args) {
      String dir = args[0];
      SparkSession spark = SparkSession.builder().master("local[1]").appName("read-only-server")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.warehouse.dir", dir + "/warehouse")
          .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension," + ReadOnlySql.class.getName())
          .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
          .config(ReadOnlySql.ENABLED, "true")
          .config(ReadOnlySql.RUN_SQL_ON_FILES, "false")
          .config("spark.sql.shuffle.partitions", "1")
          .config("spark.databricks.delta.snapshotPartitions", "1")
          .getOrCreate();
      spark.sparkContext().setLogLevel("ERROR");
      report("operator registers and fills the table", () -> ReadOnlySql.asOperator(() -> {
        spark.sql("CREATE TABLE scores (id INT) USING delta LOCATION '" + dir + "/scores'");
        spark.sql("INSERT INTO scores VALUES (1), (2)");
        return "";
      }));
      report("select", () -> spark.sql("SELECT count(*) FROM scores").first().get(0));
      report("delete", () -> spark.sql("DELETE FROM scores"));
      SparkSession client = spark.newSession();
      report("new session, delete", () -> client.sql("DELETE FROM scores"));
      report("new session, SET the guard off", () -> client.sql("SET " + ReadOnlySql.ENABLED + "=false"));
      // What a Spark Connect client's configuration call does: no SQL, straight into the session's settings.
      client.conf().set(ReadOnlySql.ENABLED, "false");
      report("new session, guard set off in its settings, delete", () -> client.sql("DELETE FROM scores"));
      client.conf().set(ReadOnlySql.RUN_SQL_ON_FILES, "true");
      report("new session, file reads set on, select", () -> client.sql("SELECT count(*) FROM scores").first());
      report("rows after all that", () -> spark.sql("SELECT count(*) FROM scores").first().get(0));
      spark.stop();
    }

    static void report(String what, Supplier<Object> action) {
      try {
        Object result = action.get();
        System.out.println(what + ": ok" + (result instanceof org.apache.spark.sql.Dataset ? "" : " " + result)
            .stripTrailing());
      } catch (ReadOnlySql.Refused e) {
        System.out.println(what + ": " + e.getMessage());
      }
    }
  }
}
