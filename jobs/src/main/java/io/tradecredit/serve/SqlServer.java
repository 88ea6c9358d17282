package io.tradecredit.serve;

import io.tradecredit.config.PipelineConfig;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.SparkSessions;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;

/**
 * {@code tradecredit serve}: starts the application, registers the catalog, starts both servers, and serves until the
 * process is stopped (SIGTERM or Ctrl-C stop Spark, and with it both servers).
 */
public final class SqlServer {
  private final PipelineConfig config;
  private final SqlEndpoint.Ports ports;
  private final int refreshSeconds;

  public SqlServer(PipelineConfig config, SqlEndpoint.Ports ports, int refreshSeconds) {
    this.config = config;
    this.ports = ports;
    this.refreshSeconds = refreshSeconds;
  }

  /** Serves until the process ends; {@code out} gets the lines an operator and a script wait for. */
  public void serve(PrintStream out) throws InterruptedException {
    SqlEndpoint.requireServers();
    long started = System.nanoTime();
    Map<String, String> settings = new LinkedHashMap<>(config.spark().settings());
    settings.putAll(SqlEndpoint.settings(ports));
    // spark-submit passes its master as a system property; the configuration's master applies only without one.
    String master = System.getProperty("spark.master") != null ? null : config.spark().master();
    SparkSession spark = SparkSessions.create(master, config.spark().shufflePartitions(),
        config.paths().lake() + "/_warehouse", settings);
    spark.sparkContext().setLogLevel("WARN");
    RunContext ctx = RunContext.create(spark, config);
    CatalogRefresh catalog = new CatalogRefresh(ctx.lake());
    int tables = catalog.refresh();
    SqlEndpoint.startThrift(spark);
    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "catalog-refresh");
      t.setDaemon(true);
      return t;
    });
    refresher.scheduleWithFixedDelay(catalog, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
    out.printf("serve: lake %s, %d tables, read-only%n", config.paths().lake(), tables);
    out.printf("serve: JDBC (HiveServer2) %s%n", ports.jdbcUrl());
    out.printf("serve: Spark Connect %s%n", ports.connectUrl());
    out.printf("serve: ready in %.1f s; stop with Ctrl-C or SIGTERM%n", (System.nanoTime() - started) / 1e9);
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "serve-stop"));
    stopped.await();
  }
}
