package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.pull.PullTestBase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tradecredit pull} as an operator runs it, against a real PostgreSQL: its output, its failures (a refused
 * login, a database that is down) no output, drop or table ever holds a password.
 */
class PullCommandTest extends PullTestBase {
  static CliRun pull(Path conf, String... args) {
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
        + "2026-11-02T00:00:00Z  reads 1  rows 1  "), run.out());
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
}
