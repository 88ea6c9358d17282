package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.ingest.Feed;
import io.tradecredit.publish.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake lock within one JVM and with lock files left by others: scopes, release, heartbeat, and when a holder
 * counts as dead. Separate processes (a held night refusing a second one, a kill -9) are in
 * {@code io.tradecredit.cli.LakeLockProcessTest}.
 */
class LakeLockTest extends SparkTestBase {
  static final ObjectMapper JSON = new ObjectMapper();

  static RunContext context(Path root, String... settings) {
    List<String> all = SampleLake.settings(root, root.resolve("landing"));
    all.addAll(List.of(settings));
    return RunContext.create(spark(), ConfigLoader.load(SampleLake.HOME.resolve("conf/local.yaml"), all,
        SampleLake.HOME));
  }

  static List<String> lockFiles(Path root) throws Exception {
    Path dir = root.resolve("lake/_locks");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".lock")).sorted().toList();
    }
  }

  @Test
  void aLockIsReleasedWhenItsCommandEndsNormallyOrByAnException(@TempDir Path root) throws Exception {
    RunContext ctx = context(root);
    try (LakeLock lock = LakeLock.acquire(ctx, "conform --date 2026-11-03")) {
      assertEquals(List.of(ctx.runId() + "@" + LakeLock.host() + "@" + ProcessHandle.current().pid() + ".lock"), lockFiles(root));
      LakeLock.Holder h = JSON.readValue(root.resolve("lake/_locks").resolve(lockFiles(root).get(0)).toFile(),
          LakeLock.Holder.class);
      assertEquals(List.of("conform --date 2026-11-03", LakeLock.host(), ProcessHandle.current().pid(), ctx.runId(),
          List.of(LakeLock.LAKE)), List.of(h.command(), h.host(), h.pid(), h.runId(), h.scopes()));
      assertEquals(List.of(LakeLock.LAKE), lock.scopes());
    }
    assertEquals(List.of(), lockFiles(root));

    assertThrows(IllegalArgumentException.class, () -> {
      try (LakeLock lock = LakeLock.acquire(ctx, "publish --date 2026-11-03")) {
        assertEquals(1, lockFiles(root).size());
        throw new IllegalArgumentException("the command failed");
      }
    });
    assertEquals(List.of(), lockFiles(root));
  }

  @Test
  void ingestsOfDifferentFeedsRunSideBySideButNeverBesideANightOrTheSameFeed(@TempDir Path root) {
    RunContext ctx = context(root);
    String orders = LakeLock.ingest(Feed.find("orders").orElseThrow());
    String payments = LakeLock.ingest(Feed.find("payments").orElseThrow());
    try (LakeLock a = LakeLock.acquire(ctx, "ingest --date 2026-11-03 --feed orders", List.of(orders));
        LakeLock b = LakeLock.acquire(ctx.nextRun(), "ingest --date 2026-11-03 --feed payments", List.of(payments))) {
      LakeLock.Refused night = assertThrows(LakeLock.Refused.class, () -> LakeLock.acquire(ctx.nextRun(),
          "nightly --date 2026-11-03"));
      assertTrue(night.getMessage().startsWith("Cannot run nightly --date 2026-11-03: lake " + ctx.lake().root()
          + " is locked by ingest --date 2026-11-03 --feed orders (run " + ctx.runId() + ") on host "
          + LakeLock.host() + " pid " + ProcessHandle.current().pid() + " since "), night.getMessage());
      assertTrue(night.getMessage().contains("; and by ingest --date 2026-11-03 --feed payments"),
          night.getMessage());
      assertTrue(night.getMessage().contains("wait until it ends (bin/tradecredit status shows the lock)"),
          night.getMessage());
      assertEquals(2, night.holders().size());
      LakeLock.Refused sameFeed = assertThrows(LakeLock.Refused.class, () -> LakeLock.acquire(ctx.nextRun(),
          "ingest --date 2026-11-03 --feed orders", List.of(orders)));
      assertEquals(1, sameFeed.holders().size());
    }
    try (LakeLock night = LakeLock.acquire(ctx.nextRun(), "nightly --date 2026-11-03")) {
      LakeLock.Refused ingest = assertThrows(LakeLock.Refused.class, () -> LakeLock.acquire(ctx.nextRun(),
          "ingest --date 2026-11-03 --feed payments", List.of(payments)));
      assertTrue(ingest.getMessage().contains("is locked by nightly --date 2026-11-03"), ingest.getMessage());
    }
    assertEquals(List.of(), LakeLock.held(ctx.lake(), ctx.config().lock()));
  }

  /** A lock file as another process would have left it, written {@code age} ago. */
  static void leave(Path root, String host, long pid, String pidStartedAt, Duration age) throws Exception {
    leave(root, host, pid, pidStartedAt, null, age);
  }

  /** As above, with the holder's start as the kernel counted it ({@link LakeLock#kernelStart}). */
  static void leave(Path root, String host, long pid, String pidStartedAt, String pidStart, Duration age)
      throws Exception {
    String then = Instant.now().minus(age).toString();
    LakeLock.Holder h = new LakeLock.Holder("20261103T010000Z-dead@" + host + "@" + pid, List.of(LakeLock.LAKE),
        "nightly --from 2026-11-01 --to 2026-11-05", host, pid, pidStartedAt, pidStart, "20261103T010500Z-beef", then,
        then, "2026-11-03", then, "features", then,
        List.of(new LakeLock.StageDone("ingest", then, 30.5), new LakeLock.StageDone("conform", then, 12.0)),
        null, null);
    Path file = root.resolve("lake/_locks").resolve(h.id() + ".lock");
    Files.createDirectories(file.getParent());
    JSON.writeValue(file.toFile(), h);
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
  }

  @Test
  void aHolderOnAnotherHostIsDeadOnlyOnceItsHeartbeatIsOlderThanTheTimeout(@TempDir Path root) throws Exception {
    RunContext ctx = context(root, "lock.stale_after_seconds=120");
    leave(root, "worker-7", 4242, null, Duration.ofSeconds(30));

    LakeLock.Refused refused = assertThrows(LakeLock.Refused.class, () -> LakeLock.acquire(ctx, "publish --date D"));
    assertTrue(refused.getMessage().contains("is locked by nightly --from 2026-11-01 --to 2026-11-05 (run "
        + "20261103T010500Z-beef) on host worker-7 pid 4242 since "), refused.getMessage());
    assertTrue(refused.getMessage().contains("now in night 2026-11-03 stage features"), refused.getMessage());
    assertTrue(refused.getMessage().contains("after 120 s without a heartbeat (lock.stale_after_seconds)"),
        refused.getMessage());
    assertTrue(Status.report(ctx).get(0).startsWith("lock        held by nightly --from 2026-11-01 --to 2026-11-05"
        + " (run 20261103T010500Z-beef) on host worker-7 pid 4242 since "), Status.report(ctx).get(0));

    leave(root, "worker-7", 4242, null, Duration.ofSeconds(200));
    assertTrue(Status.report(ctx).contains(
        "died        night 2026-11-03 (run 20261103T010500Z-beef) died during stage features, started "
            + LakeLock.held(ctx.lake(), ctx.config().lock()).get(0).holder().nightStartedAt()));
    try (LakeLock lock = LakeLock.acquire(ctx, "publish --date D")) {
      assertEquals(1, lock.takenOver().size());
      assertEquals(List.of(ctx.runId() + "@" + LakeLock.host() + "@" + ProcessHandle.current().pid() + ".lock"), lockFiles(root));
    }
    List<LakeLock.Holder> died = LakeLock.died(ctx.lake());
    assertEquals(1, died.size());
    assertEquals(List.of("20261103T010500Z-beef", "features", ctx.runId(), LocalDate.parse("2026-11-03")),
        List.of(died.get(0).runId(), died.get(0).stage(), died.get(0).takenOverBy(), died.get(0).nightDate()));
    List<String> status = Status.report(ctx);
    assertEquals("lock        free", status.get(0));
    assertTrue(status.get(1).startsWith("died        night 2026-11-03 (run 20261103T010500Z-beef) died during "
        + "stage features, started "), status.get(1));
    assertTrue(status.get(1).contains("; run " + ctx.runId() + " took its lock over at "), status.get(1));
    LakeLock.forget(ctx.lake(), died.get(0));
    assertEquals(List.of(), LakeLock.died(ctx.lake()));
  }

  @Test
  void aHolderOnThisHostIsDeadAsSoonAsItsProcessHasEnded(@TempDir Path root) throws Exception {
    RunContext ctx = context(root);
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    leave(root, LakeLock.host(), ended.pid(), null, Duration.ZERO);
    // A live pid that belongs to another process than the one that wrote the lock: the pid was reused.
    leave(root, LakeLock.host(), ProcessHandle.current().pid(), "2001-01-01T00:00:00Z", Duration.ZERO);
    // Killed while writing its lock file: only its name says who it was.
    Process killed = new ProcessBuilder("true").start();
    killed.waitFor();
    Files.createFile(root.resolve("lake/_locks/20261103T020000Z-0001@" + LakeLock.host() + "@" + killed.pid()
        + ".lock"));

    java.util.Set<String> whys = new java.util.HashSet<>();
    for (LakeLock.Found f : LakeLock.held(ctx.lake(), ctx.config().lock())) {
      assertFalse(f.alive(), f.toString());
      whys.add(f.why());
    }
    assertEquals(java.util.Set.of("pid " + ended.pid() + " has ended on this host", "pid "
        + ProcessHandle.current().pid() + " now belongs to a process started at "
        + ProcessHandle.current().info().startInstant().orElseThrow(), "pid " + killed.pid()
        + " has ended on this host"), whys);
    try (LakeLock lock = LakeLock.acquire(ctx, "nightly --date 2026-11-03")) {
      assertEquals(3, lock.takenOver().size());
    }
    assertEquals(3, LakeLock.died(ctx.lake()).size());
    assertTrue(LakeLock.died(ctx.lake()).stream().anyMatch(h -> h.command().equals("(unreadable lock file "
        + "20261103T020000Z-0001@" + LakeLock.host() + "@" + killed.pid() + ".lock)")));
  }

  @Test
  void aHolderOnThisHostIsKnownByTheKernelsCountOfItsStartWhateverTheWallClockSaid(@TempDir Path root)
      throws Exception {
    RunContext ctx = context(root);
    long pid = ProcessHandle.current().pid();
    String kernel = LakeLock.kernelStart(pid);
    assertNotNull(kernel, "this host has /proc");
    // Written by this very process while the host's clock was far off (stepped since by time sync): alive.
    leave(root, LakeLock.host(), pid, "2001-01-01T00:00:00Z", kernel, Duration.ZERO);
    LakeLock.Found found = LakeLock.held(ctx.lake(), ctx.config().lock()).get(0);
    assertTrue(found.alive(), found.toString());
    assertThrows(LakeLock.Refused.class, () -> LakeLock.acquire(ctx, "nightly --date 2026-11-03"));

    // The same pid and wall-clock start, but another process by the kernel's count: the pid was reused.
    leave(root, LakeLock.host(), pid, ProcessHandle.current().info().startInstant().orElseThrow().toString(),
        kernel + "0", Duration.ZERO);
    found = LakeLock.held(ctx.lake(), ctx.config().lock()).get(0);
    assertFalse(found.alive(), found.toString());
    assertTrue(found.why().startsWith("pid " + pid + " now belongs to a process started at "), found.why());
  }

  @Test
  void aTimeoutShorterThanThreeHeartbeatsIsRefused(@TempDir Path root) {
    var e = assertThrows(io.tradecredit.config.ConfigException.class, () -> context(root,
        "lock.stale_after_seconds=60"));
    assertEquals("Invalid value for configuration key 'lock.stale_after_seconds': must be at least three heartbeats "
        + "(3 x lock.heartbeat_seconds = 90)", e.getMessage());
  }

  @Test
  void theHolderRefreshesItsHeartbeatAndStopsWhenAnotherRunTookItsLockOver(@TempDir Path root) throws Exception {
    RunContext ctx = context(root, "lock.heartbeat_seconds=1", "lock.stale_after_seconds=3");
    try (LakeLock lock = LakeLock.acquire(ctx, "nightly --date 2026-11-03")) {
      lock.beginNight(LocalDate.parse("2026-11-03"), "night-run");
      lock.beginStage("ingest");
      Path file = root.resolve("lake/_locks").resolve(lockFiles(root).get(0));
      Instant first = Instant.parse(JSON.readValue(file.toFile(), LakeLock.Holder.class).heartbeatAt());
      Thread.sleep(1_600);
      LakeLock.Holder h = JSON.readValue(file.toFile(), LakeLock.Holder.class);
      assertTrue(Instant.parse(h.heartbeatAt()).isAfter(first), h.toString());
      assertEquals(List.of("night-run", "2026-11-03", "ingest"), List.of(h.runId(), h.night(), h.stage()));

      Files.delete(file); // as a run that judged this one dead would have moved it
      Thread.sleep(1_600);
      IllegalStateException lost = assertThrows(IllegalStateException.class, () -> lock.beginStage("conform"));
      assertTrue(lost.getMessage().contains("was taken over by another run"), lost.getMessage());
      assertFalse(Files.exists(file), "a lost lock is not written again");
    }
  }
}
