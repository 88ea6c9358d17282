package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What serve refuses before it starts anything (its serving is ServeCommandIT's). */
class ServeCommandTest {

  @Test
  void badPortsAndRefreshAreUsageErrors() {
    CliRun port = CliRun.main("serve", "--thrift-port", "70000");
    assertEquals(2, port.code(), port.toString());
    assertTrue(port.err().contains("a port is 1-65535, not 70000"), port.toString());

    CliRun same = CliRun.main("serve", "--thrift-port", "10001", "--connect-port", "10001");
    assertEquals(2, same.code(), same.toString());
    assertTrue(same.err().contains("--thrift-port and --connect-port must differ (both 10001)"), same.toString());

    CliRun refresh = CliRun.main("serve", "--refresh-seconds", "0");
    assertEquals(2, refresh.code(), refresh.toString());
    assertTrue(refresh.err().contains("--refresh-seconds must be at least 1, not 0"), refresh.toString());
  }

  @Test
  void withoutSparksServersOnTheClassPathItSaysHowToStartIt() {
    // The test class path has Spark from Maven, which carries neither the Thrift nor the Connect server.
    CliRun run = CliRun.main("serve");
    assertEquals(1, run.code(), run.toString());
    assertTrue(run.err().contains("start it with bin/tradecredit serve"), run.toString());
  }
}
