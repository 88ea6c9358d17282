package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.pull.PullTestBase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tradecredit pull} as an operator runs it, against a real PostgreSQL: its output, its failures (a refused
 * login, a database that is down) and a pull killed while it writes; no output, drop or table ever holds a password.
 */
class PullCommandTest extends PullTestBase {
  private static CliRun pull(Path conf, String... args) {
    List<String> all = new ArrayList<>(List.of("pull", "--source", "shop"));
    all.addAll(List.of(args));
    all.addAll(List.of("--conf", conf.toString()));
    return CliRun.main(all.toArray(String[]::new));
  }

  /** Every file under {@code dir} that contains {@code secret}. */
  private static List<String> filesHolding(Path dir, String secret) throws IOException {
    List<String> found = new ArrayList<>();
    byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] content = Files.readAllBytes(f);
        for (int i = 0; i + needle.length <= content.length; i++) {
          if (java.util.Arrays.equals(content, i, i + needle.length, needle, 0, needle.length)) {
            found.add(f.toString());
            break;
          }
        }
      }
    }
    return found;
  }

  @Test
  void pullsANightAndNoOutputDropOrTableHoldsThePassword(@TempDir Path dir) throws Exception {
    String t = "t.orders_cli";
    createOrders(db, t);
    db.sql(insert(t, "P1", "10", "USD", "2026-11-01 10:00:00"));
    Path conf = conf(dir, db, t, "", db.credentialsFile().toString());

    CliRun run = pull(conf, "--date", "2026-11-01");
    assertEquals(0, run.code(), run.toString());
    assertTrue(run.out().contains("pull shop orders        dt=2026-11-01  updated_at (all history) and < "
        + "2026-11-02T00:00:00Z  reads 2  rows 1  "), run.out());
    assertTrue(run.out().contains("pull shop 2026-11-01  1 feed, 1 rows"), run.out());
    String password = db.readerPassword();
    assertFalse(run.out().contains(password) || run.err().contains(password), "the password is printed");
    assertEquals(List.of(), filesHolding(dir.resolve("lake"), password));
    assertEquals(List.of(), filesHolding(dir.resolve("landing"), password));
  }

  @Test
  void aRefusedLoginFailsNamingTheSourceAndNeverShowsThePassword(@TempDir Path dir) throws Exception {
    String wrong = "wrong-" + Long.toHexString(System.nanoTime());
    Path credentials = dir.resolve("credentials");
    Files.writeString(credentials, "user=platform_reader\npassword=" + wrong + "\n");
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
    Path conf = conf(dir, db, "t.none", "", credentials.toString());

    CliRun run = pull(conf, "--date", "2026-11-01");
    assertEquals(1, run.code(), run.toString());
    assertEquals("error: Cannot pull from source shop (" + db.url() + "): the database refused the login of user "
        + "platform_reader: FATAL: password authentication failed for user \"platform_reader\"",
        run.err().strip().lines().reduce((a, b) -> b).orElse(""));
    assertFalse(run.out().contains(wrong) || run.err().contains(wrong), "the password is printed");
    assertFalse(Files.exists(dir.resolve("landing/orders")), "nothing is written");

    // A credentials file others can read is refused before any connection.
    Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-r--r--"));
    run = pull(conf, "--date", "2026-11-01");
    assertEquals(1, run.code(), run.toString());
    assertTrue(run.err().contains("error: Cannot pull from source shop: credentials file " + credentials
        + " can be read or written by others (mode rw-r--r--): chmod 600 it"), run.err());
  }

  @Test
  void aDatabaseThatIsDownFailsAfterBoundedRetries(@TempDir Path dir) throws Exception {
    Path conf = conf(dir, db, "t.none", "", db.credentialsFile().toString());
    int closed;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Files.writeString(conf, Files.readString(conf).replace(db.url(), "jdbc:postgresql://127.0.0.1:" + closed
        + "/platform"));
    CliRun run = pull(conf, "--date", "2026-11-01");
    assertEquals(1, run.code(), run.toString());
    assertTrue(run.out().contains("pull shop  cannot connect (attempt 1 of 2): Connection to 127.0.0.1:" + closed
        + " refused."), run.out());
    assertTrue(run.err().contains("error: Cannot pull from source shop (jdbc:postgresql://127.0.0.1:" + closed
        + "/platform): the database cannot be reached after 2 attempts: Connection to 127.0.0.1:" + closed
        + " refused."), run.err());
  }

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

    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:TieredStopAtLevel=1"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Dspark")).forEach(cmd::add);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tradecredit.cli.Main", "pull", "--source",
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

    CliRun rerun = pull(conf, "--date", "2026-11-01");
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
