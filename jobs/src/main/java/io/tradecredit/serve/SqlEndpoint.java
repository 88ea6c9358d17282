package io.tradecredit.serve;

import io.tradecredit.lake.ReadOnlySql;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Spark's two SQL servers in one application. Both come with Spark itself (the pinned pyspark's
 * {@code jars/spark-hive-thriftserver} and {@code jars/spark-connect}); neither is on Maven for this Spark, so they are
 * reached by name: the Connect server as a Spark plugin that starts with the context, the Thrift server started on the
 * application's own session, so both share one catalog and one guard.
 */
public final class SqlEndpoint {
  static final String THRIFT_SERVER = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2";
  static final String CONNECT_PLUGIN = "org.apache.spark.sql.connect.SparkConnectPlugin";

  private SqlEndpoint() {}

  /** Where the endpoint listens. */
  public record Ports(String bind, int thrift, int connect) {
    public String jdbcUrl() {
      return "jdbc:hive2://" + bind + ":" + thrift + "/default";
    }

    public String connectUrl() {
      return "sc://" + bind + ":" + connect;
    }
  }

  /**
   * The Spark settings of the server's application: every session read-only (clients cannot turn that off: it is
   * the application's configuration), no SQL on files, and both servers on {@code ports}.
   */
  public static Map<String, String> settings(Ports ports) {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(ReadOnlySql.ENABLED, "true");
    s.put(ReadOnlySql.RUN_SQL_ON_FILES, "false");
    s.put("spark.plugins", CONNECT_PLUGIN);
    s.put("spark.connect.grpc.binding.address", ports.bind());
    s.put("spark.connect.grpc.binding.port", Integer.toString(ports.connect()));
    s.put("spark.hadoop.hive.server2.thrift.bind.host", ports.bind());
    s.put("spark.hadoop.hive.server2.thrift.port", Integer.toString(ports.thrift()));
    // One analyst's statements cannot starve the others': the fair scheduler shares the executors between them.
    s.put("spark.scheduler.mode", "FAIR");
    return s;
  }

  /** Fails with what to do when this Spark lacks the servers (a plain {@code java -cp}, not the pinned spark-submit). */
  public static void requireServers() {
    for (String name : new String[] {THRIFT_SERVER, CONNECT_PLUGIN}) {
      try {
        Class.forName(name, false, SqlEndpoint.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("serve needs Spark's Thrift and Connect servers (" + name + " is not on the "
            + "class path): start it with bin/tradecredit serve, which runs the jar through the pinned Spark's "
            + "spark-submit");
      }
    }
  }

  /** Starts the Thrift server on {@code spark}'s application (the Connect server started with the context). */
  public static void startThrift(SparkSession spark) {
    try {
      Class.forName(THRIFT_SERVER).getMethod("startWithSparkSession", SparkSession.class, boolean.class)
          .invoke(null, spark, false);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("The Thrift server did not start: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("The Thrift server of this Spark cannot be started: " + e, e);
    }
  }
}
