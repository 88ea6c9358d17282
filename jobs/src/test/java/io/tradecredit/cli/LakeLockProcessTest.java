package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.publish.Status;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake lock between real processes: a night held in one JVM refuses a second night and an ingest; an ingest of
 * one feed held in another JVM lets an ingest of another feed run but refuses a night; after kill -9 the next run
 * takes each lock over, and the night that died shows in {@code status} and in {@code ops.nightly_log}.
 */
class LakeLockProcessTest extends SparkTestBase {
  static final String NIGHT = SampleLake.SECOND.toString();

  /** The configuration of the sample lake at {@code root}, for a command started outside the project home. */
  static List<String> settings(Path root) {
    List<String> settings = SampleLake.settings(root, SampleLake.HOME.resolve("data-samples/landing"));
    settings.add("model.path=" + SampleLake.HOME.resolve("conf/models/scorecard-v1.json"));
    return settings;
  }

  static RunContext context(Path root) {
    return RunContext.create(spark(), ConfigLoader.load(SampleLake.HOME.resolve("conf/local.yaml"), settings(root),
        SampleLake.HOME));
  }

  @Test
  void aSecondRunIsRefusedNamingTheHolderAndAKilledHoldersLockIsTakenOverAndItsNightRecorded(@TempDir Path tmp)
      throws Exception {
    // The two-night sample lake, whose second night is being redone (--rerun: it is published identically).
    Path nightLake = tmp.resolve("night");
    SampleLake.copy(nightLake);
    Path ingestLake = tmp.resolve("ingest");
    // Both JVMs side by side: each costs a JVM and a Spark start.
    CommandProcess night = CommandProcess.start(Pause.beforeStage("conform"), settings(nightLake),
        "nightly", "--date", NIGHT, "--rerun");
    CommandProcess ingest = CommandProcess.start(Pause.LOCKED, settings(ingestLake),
        "ingest", "--date", NIGHT, "--feed", "orders");
    night.awaitPause();
    ingest.awaitPause();
    String nightRun = night.find("== nightly " + NIGHT + " (run ", ")");
    String host = LakeLock.held(context(nightLake).lake(), context(nightLake).config().lock()).get(0).holder().host();

    // A second night on the same lake is refused at start, naming the holder and where it is.
    CliRun second = CliRun.run(settings(nightLake), "nightly", "--date", NIGHT);
    assertEquals(1, second.code(), second.toString());
    assertTrue(second.err().contains("error: Cannot run nightly --date " + NIGHT + ": lake " + nightLake.resolve("lake")
        + " is locked by nightly --date " + NIGHT + " --rerun (run " + nightRun + ") on host " + host + " pid "
        + night.process.pid() + " since "), second.toString());
    assertTrue(second.err().contains("now in night " + NIGHT + " stage conform. One night at a time per lake"),
        second.toString());
    // ... and so is an ingest of any feed.
    CliRun feed = CliRun.run(settings(nightLake), "ingest", "--date", NIGHT, "--feed", "payments");
    assertEquals(1, feed.code(), feed.toString());
    assertTrue(feed.err().contains("Cannot run ingest --date " + NIGHT + " --feed payments: lake "), feed.toString());
    RunContext nightCtx = context(nightLake);
    String held = Status.report(nightCtx).get(0);
    assertTrue(held.startsWith("lock        held by nightly --date " + NIGHT + " --rerun (run " + nightRun + ") on host "
        + host + " pid " + night.process.pid() + " since "), held);
    assertTrue(held.contains(", in night " + NIGHT + " stage conform since "), held);

    // The scheduler's ingests of two feeds run side by side; a night is refused while one runs.
    RunContext ingestCtx = context(ingestLake);
    try (LakeLock payments = LakeLock.acquire(ingestCtx, "ingest --date " + NIGHT + " --feed payments",
        List.of("ingest-payments"))) {
      assertEquals(2, LakeLock.held(ingestCtx.lake(), ingestCtx.config().lock()).size());
    }
    CliRun nightly = CliRun.run(settings(ingestLake), "nightly", "--date", NIGHT);
    assertEquals(1, nightly.code(), nightly.toString());
    assertTrue(nightly.err().contains("is locked by ingest --date " + NIGHT + " --feed orders (run "),
        nightly.toString());
    assertTrue(nightly.err().contains(" pid " + ingest.process.pid() + " since "), nightly.toString());

    night.kill();
    ingest.kill();

    // Before any run: status says the night died, and where.
    List<String> status = Status.report(nightCtx);
    assertTrue(status.get(0).startsWith("lock        left by a dead process (pid " + night.process.pid()
        + " has ended on this host): nightly --date " + NIGHT + " --rerun (run " + nightRun + ")"), status.toString());
    assertTrue(status.get(1).startsWith("died        night " + NIGHT + " (run " + nightRun
        + ") died during stage conform, started "), status.toString());

    // The next night takes the lock over, says so and records the dead night. The killed rerun died before
    // publishing, so the night's publication stands as it was: made from the same inputs, it is not redone.
    CliRun next = CliRun.run(settings(nightLake), "nightly", "--date", NIGHT);
    assertEquals(0, next.code(), next.toString());
    assertTrue(next.out().contains("lock: took over the lock left by a dead process (pid " + night.process.pid()
        + " has ended on this host): nightly --date " + NIGHT + " --rerun (run " + nightRun + ")"), next.toString());
    assertTrue(next.out().contains("lock: night " + NIGHT + " (run " + nightRun + ") died during stage conform, "
        + "started "), next.toString());
    assertTrue(next.out().contains("nightly " + NIGHT + "  skipped: published identically by run "),
        next.toString());
    assertEquals(List.of("[1,ingest,OK]", "[2,conform,DIED]"), rows(nightCtx.lake().read(Tables.NIGHTLY_LOG)
        .where("run_id = '" + nightRun + "'").select("position", "stage", "status")));
    status = Status.report(nightCtx);
    assertEquals("lock        free", status.get(0));
    assertTrue(status.get(1).startsWith("died        night " + NIGHT + " (run " + nightRun
        + ") died during stage conform, started "), status.toString());
    assertTrue(status.get(1).endsWith("(in ops.nightly_log)"), status.toString());
    assertTrue(status.stream().anyMatch(l -> l.startsWith("published   as of " + NIGHT)), status.toString());
    // A night that dies again is recorded once, by the run that took its lock over.
    assertEquals(1, nightCtx.lake().read(Tables.NIGHTLY_LOG).where("status = 'DIED'").count());

    // The killed ingest's lock is taken over by the next run of the lake scope (here as `erase` would take it).
    try (LakeLock erase = LakeLock.acquire(context(ingestLake), "erase --company C")) {
      assertEquals(List.of("ingest --date " + NIGHT + " --feed orders"),
          erase.takenOver().stream().map(LakeLock.Holder::command).toList());
    }
  }
}
