package io.tradecredit.pull;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A real PostgreSQL for a test: {@code bin/sample-db} (the documented command) run in a temporary folder on a free
 * loopback port, with the sample platform database loaded, stopped and removed by {@link #close()}.
 */
public final class SampleDatabase implements AutoCloseable {
  public static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  private final Path dir;
  private final int port;

  private SampleDatabase(Path dir, int port) {
    this.dir = dir;
    this.port = port;
  }

  public static SampleDatabase start() {
    try {
      Path dir = Files.createTempDirectory("tradecredit-pg-", PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rwxr-xr-x")));
      int port;
      try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        port = s.getLocalPort();
      }
      SampleDatabase db = new SampleDatabase(dir, port);
      db.run("start", "--port", String.valueOf(port));
      return db;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start the sample database", e);
    }
  }

  /** Runs {@code bin/sample-db ACTION --dir DIR ...} and fails with its output when it fails. */
  public void run(String action, String... args) {
    List<String> cmd = new ArrayList<>(List.of(HOME.resolve("bin/sample-db").toString(), action, "--dir",
        dir.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (p.waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("Cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/platform";
  }

  public Path credentialsFile() {
    return dir.resolve("credentials");
  }

  /** The read-only login's password, which no output may show. */
  public String readerPassword() {
    return property(credentialsFile(), "password");
  }

  /** A connection as the database's owner, to change the platform's data as the test goes. */
  public Connection admin() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", "tc_admin");
    try {
      p.setProperty("password", Files.readString(dir.resolve(".admin")).trim());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return DriverManager.getConnection(url(), p);
  }

  /** Runs statements as the owner, in UTC. */
  public void sql(String... statements) {
    try (Connection c = admin(); Statement s = c.createStatement()) {
      s.execute("SET TIME ZONE 'UTC'");
      for (String statement : statements) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot run " + String.join("; ", statements) + ": " + e.getMessage(), e);
    }
  }

  private static String property(Path file, String name) {
    Properties p = new Properties();
    try (var in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return p.getProperty(name);
  }

  @Override
  public void close() {
    run("remove");
  }
}
