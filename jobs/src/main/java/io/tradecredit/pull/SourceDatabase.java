package io.tradecredit.pull;

import io.tradecredit.config.PullSource;
import io.tradecredit.lake.Console;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * One platform database of {@code pull.sources}: how to connect to it (with bounded retries while it cannot be
 * reached) and the options Spark's JDBC source reads it with. Every message names the source and says why, and
 * none carries the password.
 */
public final class SourceDatabase {
  /** SQLSTATE class 28: invalid authorization; 3D: no such database. Retrying does not help either. */
  private static final String[] FINAL_STATES = {"28", "3D"};

  private final String name;
  private final PullSource source;
  private final Credentials credentials;

  public SourceDatabase(String name, PullSource source, Credentials credentials) {
    this.name = name;
    this.source = source;
    this.credentials = credentials;
  }

  public String name() {
    return name;
  }

  public PullSource source() {
    return source;
  }

  Credentials credentials() {
    return credentials;
  }

  /** The URL without its parameters, for messages. */
  public String where() {
    String url = source.url();
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** SQL run on every connection: the configured one, else UTC for PostgreSQL, so timestamps compare in UTC. */
  String sessionInit() {
    if (source.sessionInit() != null) {
      return source.sessionInit().isBlank() ? null : source.sessionInit();
    }
    return source.url().startsWith("jdbc:postgresql:") ? "SET TIME ZONE 'UTC'" : null;
  }

  /** A connection in read-only mode, after up to {@code retries} further attempts while the database is down. */
  public Connection connect() {
    int attempts = source.retries() + 1;
    SQLException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        Connection c = open();
        c.setReadOnly(true);
        String init = sessionInit();
        if (init != null) {
          try (Statement s = c.createStatement()) {
            s.execute(init);
          }
        }
        return c;
      } catch (SQLException e) {
        last = e;
        if (isFinal(e)) {
          throw new PullFailure(cannot() + ": the database refused the login of user " + credentials.user()
              + ": " + message(e));
        }
        if (attempt < attempts) {
          Console.line("pull %s  cannot connect (attempt %d of %d): %s; again in %d s", name, attempt, attempts,
              message(e), source.retryWaitSeconds());
          sleep(source.retryWaitSeconds());
        }
      }
    }
    throw new PullFailure(cannot() + ": the database cannot be reached after " + attempts + " attempt"
        + (attempts == 1 ? "" : "s") + ": " + message(last));
  }

  /**
   * The driver class: the configured one, else PostgreSQL's for its URLs. Named rather than looked up, because under
   * spark-submit the application's drivers are not visible to {@link DriverManager}.
   */
  String driverClass() {
    if (source.driver() != null) {
      return source.driver();
    }
    return source.url().startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : null;
  }

  private Connection open() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", credentials.user());
    props.setProperty("password", credentials.password());
    String driverClass = driverClass();
    if (driverClass == null) {
      return DriverManager.getConnection(source.url(), props);
    }
    Driver driver;
    try {
      driver = (Driver) Class.forName(driverClass).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new PullFailure(cannot() + ": JDBC driver " + driverClass + " is not on the class path");
    }
    Connection c = driver.connect(source.url(), props);
    if (c == null) {
      throw new PullFailure(cannot() + ": driver " + driverClass + " does not accept this URL");
    }
    return c;
  }

  private static boolean isFinal(SQLException e) {
    String state = e.getSQLState();
    if (state == null) {
      return false;
    }
    for (String s : FINAL_STATES) {
      if (state.startsWith(s)) {
        return true;
      }
    }
    return false;
  }

  /** A driver's message, first line, without the password should a driver ever quote it. */
  String message(Throwable e) {
    String m = e == null ? "unknown error" : String.valueOf(e.getMessage());
    return credentials.redact(m.split("\n")[0].trim());
  }

  String cannot() {
    return "Cannot pull from source " + name + " (" + where() + ")";
  }

  /** Options of Spark's JDBC source common to every read of this database. */
  Map<String, String> sparkOptions() {
    Map<String, String> options = new HashMap<>();
    options.put("url", source.url());
    options.put("user", credentials.user());
    options.put("password", credentials.password());
    options.put("fetchsize", String.valueOf(source.fetchSize()));
    if (driverClass() != null) {
      options.put("driver", driverClass());
    }
    String init = sessionInit();
    if (init != null) {
      options.put("sessionInitStatement", init);
    }
    return options;
  }

  private static void sleep(int seconds) {
    try {
      Thread.sleep(seconds * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PullFailure("interrupted while waiting to connect again");
    }
  }
}
