package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.fail;

import io.tradecredit.SampleLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code bin/tradecredit serve} as an analyst meets it: the real command in a process of its own (spark-submit of the
 * shaded jar through the pinned pyspark), its Thrift endpoint reached with the Hive JDBC driver that Spark ships, its
 * Connect endpoint with the venv's Python client.
 */
final class SqlEndpointProcess implements AutoCloseable {
  static final Path VENV = Path.of(System.getenv().getOrDefault("TRADECREDIT_AIRFLOW_VENV",
      SampleLake.HOME.resolve(".venv/airflow").toString()));

  final Process process;
  final Path out;
  final Path err;
  final int thriftPort;
  final int connectPort;
  private final long started;
  double readySeconds;

  private SqlEndpointProcess(Process process, Path out, Path err, int thriftPort, int connectPort, long started) {
    this.process = process;
    this.out = out;
    this.err = err;
    this.thriftPort = thriftPort;
    this.connectPort = connectPort;
    this.started = started;
  }

  /** Starts the endpoint over the lake {@code settings} name; returns once it says it is ready. */
  static SqlEndpointProcess start(Path logs, List<String> settings, String driverMemory) throws Exception {
    return launch(logs, settings, driverMemory).awaitReady();
  }

  /**
   * Starts the endpoint and returns at once, so that the caller can prepare its side while the server starts (both
   * spend those seconds starting a JVM and a Spark session); {@link #awaitReady} then waits for it.
   */
  static SqlEndpointProcess launch(Path logs, List<String> settings, String driverMemory) throws IOException {
    int thrift = freePort();
    int connect = freePort();
    List<String> cmd = new ArrayList<>(List.of(SampleLake.HOME.resolve("bin/tradecredit").toString(), "serve",
        "--thrift-port", Integer.toString(thrift), "--connect-port", Integer.toString(connect),
        "--refresh-seconds", "2"));
    settings.forEach(s -> cmd.addAll(List.of("--set", s)));
    Path out = logs.resolve("serve.out");
    Path err = logs.resolve("serve.err");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(SampleLake.HOME.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().put("TRADECREDIT_DRIVER_MEMORY", driverMemory);
    pb.environment().put("TRADECREDIT_SERVE_MASTER", "local[2]");
    long started = System.nanoTime();
    return new SqlEndpointProcess(pb.start(), out, err, thrift, connect, started);
  }

  /** Waits until the endpoint says it is ready (at most 300 s from its start); fails if it ends first. */
  SqlEndpointProcess awaitReady() throws Exception {
    long deadline = started + TimeUnit.SECONDS.toNanos(300);
    while (System.nanoTime() < deadline) {
      if (Files.readString(out).contains("serve: ready")) {
        readySeconds = (System.nanoTime() - started) / 1e9;
        return this;
      }
      if (!process.isAlive()) {
        fail("serve ended with " + process.exitValue() + "\n" + Files.readString(out) + Files.readString(err));
      }
      Thread.sleep(200);
    }
    process.destroyForcibly();
    return fail("serve was not ready in 300 s\n" + Files.readString(out) + Files.readString(err));
  }

  String jdbcUrl() {
    return "jdbc:hive2://127.0.0.1:" + thriftPort + "/default";
  }

  String connectUrl() {
    return "sc://127.0.0.1:" + connectPort;
  }

  /** A JDBC connection through the Hive JDBC driver of the pinned Spark, loaded apart from the test's class path. */
  Connection jdbc() throws SQLException {
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    thread.setContextClassLoader(HiveDriver.LOADER);
    try {
      return HiveDriver.DRIVER.connect(jdbcUrl(), new Properties());
    } finally {
      thread.setContextClassLoader(before);
    }
  }

  /** The venv's Python running {@code jobs/src/test/python/<script>} with {@code args}. */
  static ProcessBuilder python(String script, String... args) {
    List<String> cmd = new ArrayList<>(List.of(VENV.resolve("bin/python").toString(),
        SampleLake.HOME.resolve("jobs/src/test/python").resolve(script).toString()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  @Override
  public void close() throws Exception {
    process.destroy(); // SIGTERM: Spark's shutdown hook stops both servers.
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The driver, once per JVM: every jar of the pinned Spark's {@code jars/}, on a loader of their own. */
  private static final class HiveDriver {
    static final URLClassLoader LOADER = loader();
    static final Driver DRIVER = driver();

    private static URLClassLoader loader() {
      try (Stream<Path> lib = Files.list(VENV.resolve("lib"))) {
        Path jars = lib.map(p -> p.resolve("site-packages/pyspark/jars")).filter(Files::isDirectory).findFirst()
            .orElseThrow(() -> new IllegalStateException("no pyspark in " + VENV + " (bin/airflow-venv makes it)"));
        try (Stream<Path> files = Files.list(jars)) {
          URL[] urls = files.filter(p -> p.toString().endsWith(".jar")).map(HiveDriver::url).toArray(URL[]::new);
          return new URLClassLoader("pinned-spark", urls, ClassLoader.getPlatformClassLoader());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static URL url(Path jar) {
      try {
        return jar.toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Driver driver() {
      try {
        return (Driver) Class.forName("org.apache.hive.jdbc.HiveDriver", true, LOADER).getConstructor()
            .newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("the pinned Spark ships no Hive JDBC driver", e);
      }
    }
  }
}
