package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.ChildJvm;
import io.tradecredit.pull.PullTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pull killed with SIGKILL while it writes its drop, in a JVM of its own, against a real PostgreSQL; then the
 * next run. Tagged long: about 80 s on two cores (a child JVM, and 400,000 rows pulled twice).
 */
@Tag("long")
class PullKillTest extends PullTestBase {
  @Test
  void aPullKilledWhileItWritesLeavesTheWatermarkAndTheNextRunReplacesWhatItLeft(@TempDir Path dir)
      throws Exception {
    String t = "t.orders_kill";
    createOrders(db, t);
    db.sql("INSERT INTO " + t + " (platform, order_ref, seller_account, buyer_account, order_ts, total, currency, "
        + "payment_terms_days, status, updated_at) SELECT 'shop', 'K' || i, 'S1', 'B1', TIMESTAMPTZ '2026-09-01 "
        + "00:00:00+00', 10.5, 'USD', 30, 'PLACED', TIMESTAMPTZ '2026-10-01 00:00:00+00' + i * INTERVAL '1 second' "
        + "FROM generate_series(1, 400000) i");
    Path conf = conf(dir, db, t, "", db.credentialsFile().toString());
    Path feedDir = dir.resolve("landing/orders");

    List<String> cmd = ChildJvm.command("-Xmx1g");
    cmd.addAll(List.of("io.tradecredit.cli.Main", "pull", "--source",
        "shop", "--date", "2026-11-01", "--conf", conf.toString(), "--set", "spark.master=local[1]"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = pb.start();
    // Killed as soon as its rows are being written: the work folder beside the drop has a file in it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    boolean writing = false;
    while (!writing && child.isAlive() && System.nanoTime() < deadline) {
      writing = workFolderHasFiles(feedDir);
      if (!writing) {
        Thread.sleep(20);
      }
    }
    child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
    assertTrue(writing, "the pull never started writing:\n" + Files.readString(dir.resolve("child.log")));
    assertFalse(Files.exists(feedDir.resolve("dt=2026-11-01/_SUCCESS")), "a killed pull seals nothing");
    assertFalse(Files.exists(dir.resolve("lake/ops/pull_watermarks")), "a killed pull sets no watermark");

    CliRun rerun = PullCommandTest.pull(conf, "--date", "2026-11-01");
    assertEquals(0, rerun.code(), rerun.toString());
    assertEquals(400000, spark().read().parquet(feedDir.resolve("dt=2026-11-01").toString()).count());
    assertTrue(Files.exists(feedDir.resolve("dt=2026-11-01/_SUCCESS")));
    try (Stream<Path> left = Files.list(feedDir)) {
      assertEquals(List.of("dt=2026-11-01"), left.map(p -> p.getFileName().toString()).toList(),
          "the killed pull's work folder is gone");
    }
    assertEquals(List.of("[2026-11-01,400000]"), rows(sql("SELECT cast(pulled_through AS string), rows FROM "
        + "delta.`%s`", dir.resolve("lake/ops/pull_watermarks"))));
  }

  private static boolean workFolderHasFiles(Path feedDir) throws IOException {
    if (!Files.isDirectory(feedDir)) {
      return false;
    }
    try (Stream<Path> entries = Files.walk(feedDir)) {
      return entries.anyMatch(p -> p.toString().contains("/_pull-shop-") && p.getFileName().toString()
          .startsWith("part-"));
    }
  }
}
