package io.tradecredit.serve;

import io.tradecredit.lake.RunContext;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code tradecredit serve} on its started application: registers the catalog, starts the Thrift server (the
 * Connect server started with the application) and serves until the process is stopped (SIGTERM or Ctrl-C stop Spark,
 * and with it both servers).
 */
public final class SqlServer {
  private final RunContext ctx;
  private final SqlEndpoint.Ports ports;
  private final int refreshSeconds;

  /** @param ctx a session started with {@link SqlEndpoint#settings} ({@link SqlEndpoint#requireServers} first) */
  public SqlServer(RunContext ctx, SqlEndpoint.Ports ports, int refreshSeconds) {
    this.ctx = ctx;
    this.ports = ports;
    this.refreshSeconds = refreshSeconds;
  }

  /** Serves until the process ends; {@code out} gets the lines an operator and a script wait for. */
  public void serve(PrintStream out, long startedNanos) throws InterruptedException {
    CatalogRefresh catalog = new CatalogRefresh(ctx.lake());
    int tables = catalog.refresh();
    SqlEndpoint.startThrift(ctx.spark());
    ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "catalog-refresh");
      t.setDaemon(true);
      return t;
    });
    refresher.scheduleWithFixedDelay(catalog, refreshSeconds, refreshSeconds, TimeUnit.SECONDS);
    out.printf("serve: lake %s, %d tables, read-only%n", ctx.config().paths().lake(), tables);
    out.printf("serve: JDBC (HiveServer2) %s%n", ports.jdbcUrl());
    out.printf("serve: Spark Connect %s%n", ports.connectUrl());
    out.printf("serve: ready in %.1f s; stop with Ctrl-C or SIGTERM%n", (System.nanoTime() - startedNanos) / 1e9);
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "serve-stop"));
    stopped.await();
  }
}
