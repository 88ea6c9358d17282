package io.tradecredit.cli;

import io.tradecredit.serve.SqlEndpoint;
import io.tradecredit.serve.SqlServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", description = "Serve the lake's catalog read-only to analysts' tools until stopped: JDBC/ODBC "
    + "through Spark's Thrift server (HiveServer2 protocol: beeline, DBeaver, any Hive JDBC driver) and Spark Connect "
    + "(sc://host:port). Runs through the pinned Spark's spark-submit (bin/tradecredit serve).")
final class ServeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--thrift-port", paramLabel = "N", description = "HiveServer2 (JDBC/ODBC) port (default: 10000).")
  int thriftPort = 10000;

  @Option(names = "--connect-port", paramLabel = "N", description = "Spark Connect port (default: 15002).")
  int connectPort = 15002;

  @Option(names = "--bind", paramLabel = "HOST", description = "Address both servers listen on (default: 127.0.0.1, "
      + "this machine only; 0.0.0.0 for every interface).")
  String bind = "127.0.0.1";

  @Option(names = "--refresh-seconds", paramLabel = "S", description = "How often tables new to the lake are added "
      + "to the catalog (default: 30). New versions of known tables are seen at once.")
  int refreshSeconds = 30;

  @Override
  public Integer call() throws InterruptedException {
    for (int port : new int[] {thriftPort, connectPort}) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("a port is 1-65535, not " + port);
      }
    }
    if (thriftPort == connectPort) {
      throw new IllegalArgumentException("--thrift-port and --connect-port must differ (both " + thriftPort + ")");
    }
    if (refreshSeconds < 1) {
      throw new IllegalArgumentException("--refresh-seconds must be at least 1, not " + refreshSeconds);
    }
    long started = System.nanoTime();
    SqlEndpoint.requireServers();
    SqlEndpoint.Ports ports = new SqlEndpoint.Ports(bind, thriftPort, connectPort);
    new SqlServer(Session.start(common.load(), SqlEndpoint.settings(ports)), ports, refreshSeconds)
        .serve(System.out, started);
    return 0;
  }
}
