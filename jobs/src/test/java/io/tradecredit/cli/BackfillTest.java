package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nightly --from A --to B} on the two-night sample lake: a date already published from the same inputs is
 * skipped, a failing date says which dates are published and the command that resumes, and a re-delivered drop
 * makes its date and the later ones run again.
 */
class BackfillTest extends SparkTestBase {
  static final LocalDate FIRST = SampleLake.FIRST;
  static final LocalDate SECOND = SampleLake.SECOND;

  /** The sample landing area, copied with its files' modification times: the same drops, fingerprint for fingerprint. */
  static Path landing(Path root) {
    Path from = SampleLake.HOME.resolve("data-samples/landing");
    Path to = root.resolve("landing");
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return to;
  }

  /** A producer delivers a drop again: its marker is written anew. */
  static void redeliver(Path landing, String feed, LocalDate dt) throws IOException {
    Files.setLastModifiedTime(landing.resolve(feed).resolve("dt=" + dt).resolve("_SUCCESS"),
        FileTime.from(Instant.now().plusSeconds(60)));
  }

  static String publishedBy(RunContext ctx, LocalDate date) {
    return ctx.lake().read(Tables.PUBLISH_LOG).where("published AND as_of_date = DATE'" + date + "'")
        .orderBy(org.apache.spark.sql.functions.col("finished_at").desc()).select("run_id").first().getString(0);
  }

  static NightInputs.Decision decide(RunContext ctx, LocalDate date) {
    return NightInputs.of(ctx, date).decide(ctx.lake(), date);
  }

  @Test
  void aFailingDateSaysHowToResumeAndARerunRedoesOnlyWhatChanged(@TempDir Path root) throws IOException {
    SampleLake.copy(root);
    Path landing = landing(root);
    List<String> settings = SampleLake.settings(root, landing);
    settings.add("model.path=" + SampleLake.HOME.resolve("conf/models/scorecard-v1.json"));
    RunContext ctx = RunContext.create(spark(), ConfigLoader.load(SampleLake.HOME.resolve("conf/local.yaml"),
        settings, SampleLake.HOME));
    String first = publishedBy(ctx, FIRST);
    String second = publishedBy(ctx, SECOND);
    // The orders of 2026-11-04 re-delivered broken: every row's amount is not a number.
    Path orders = landing.resolve("orders/dt=2026-11-04/orders-0001.csv");
    List<String> lines = Files.readAllLines(orders);
    Files.write(orders, java.util.stream.Stream.concat(lines.stream().limit(1), lines.stream().skip(1)
        .map(l -> l.replaceAll(",[0-9.]+,([A-Z]{3}),", ",lots,$1,"))).toList());
    redeliver(landing, "orders", LocalDate.parse("2026-11-04"));

    CliRun failed = CliRun.run(settings, "nightly", "--from", FIRST.toString(), "--to", "2026-11-05");

    assertEquals(1, failed.code(), failed.toString());
    assertTrue(failed.out().contains("nightly " + FIRST + "  skipped: published identically by run " + first
        + " at "), failed.toString());
    assertTrue(failed.out().contains("nightly " + SECOND + "  skipped: published identically by run " + second
        + " at "), failed.toString());
    assertTrue(failed.out().contains("nightly 2026-11-04  runs: not published yet"), failed.toString());
    assertTrue(failed.out().contains("nightly 2026-11-04  ingest failed after "), failed.toString());
    String resume = "bin/tradecredit nightly --from 2026-11-04 --to 2026-11-05 --conf "
        + SampleLake.HOME.resolve("conf/local.yaml") + " " + settings.stream()
            .map(s -> "--set " + NightlyCommand.quote(s)).collect(Collectors.joining(" "));
    assertTrue(resume.contains("--set 'spark.master=local[2]'"), resume);
    List<String> err = failed.err().lines().dropWhile(l -> !l.startsWith("nightly stopped at ")).limit(3).toList();
    assertTrue(err.get(0).startsWith("nightly stopped at 2026-11-04: ") && err.get(0).contains("orders"),
        failed.toString());
    assertEquals(List.of("  " + FIRST + " .. " + SECOND + " are published (0 by this run, 2 already published "
        + "identically)", "  fix the cause, then resume with: " + resume), err.subList(1, 3));
    // The failed night released the lock and left its log.
    assertEquals(List.of(), LakeLock.held(ctx.lake(), ctx.config().lock()));
    assertEquals(List.of("[ingest,FAILED]"), rows(ctx.lake().read(Tables.NIGHTLY_LOG)
        .where("night = DATE'2026-11-04'").select("stage", "status")));

    // A drop of the second date delivered again: the first date stands, the second runs again.
    redeliver(landing, "registry", SECOND);
    CliRun[] ran = new CliRun[1];
    List<String> printed = warnings(() -> ran[0] = CliRun.run(settings, "nightly", "--from", FIRST.toString(), "--to",
        SECOND.toString()));
    CliRun rerun = ran[0];

    assertEquals(0, rerun.code(), rerun.toString());
    // Conform rewinds silver registry to before the re-delivered drop (a DELETE, then an UPDATE of the versions it
    // closed): Delta says nothing the operator has to act on.
    assertTrue(rerun.out().contains("conform registry      rewound to " + SECOND), rerun.toString());
    assertEquals(List.of(), printed.stream().filter(l -> l.startsWith("org.apache.spark.sql.delta")).toList());
    assertTrue(rerun.out().contains("nightly " + FIRST + "  skipped: published identically by run " + first),
        rerun.toString());
    assertTrue(rerun.out().contains("nightly " + SECOND + "  runs: published by run " + second + " at "),
        rerun.toString());
    assertTrue(rerun.out().contains(", since then: new, re-delivered or changed landing drops with dt <= " + SECOND
        + " in registry"), rerun.toString());
    String republished = publishedBy(ctx, SECOND);
    assertFalse(republished.equals(second));
    assertTrue(rerun.out().contains("== nightly " + FIRST + " .. " + SECOND + ": 1 published by this run, "
        + "1 already published identically"), rerun.toString());

    CliRun again = CliRun.run(settings, "nightly", "--from", FIRST.toString(), "--to", SECOND.toString());
    assertEquals(0, again.code(), again.toString());
    assertTrue(again.out().contains("nightly " + SECOND + "  skipped: published identically by run " + republished),
        again.toString());
    assertTrue(again.out().contains(": 0 published by this run, 2 already published identically"), again.toString());
    assertFalse(again.out().contains("== nightly " + FIRST + " (run"), again.toString());

    // A drop of the first date delivered again: that date and every later one would run again.
    redeliver(landing, "accounts", FIRST);
    assertTrue(decide(ctx, FIRST).run(), decide(ctx, FIRST).why());
    assertTrue(decide(ctx, SECOND).why().endsWith("since then: new, re-delivered or changed landing drops with "
        + "dt <= " + SECOND + " in accounts"), decide(ctx, SECOND).why());
    assertTrue(decide(ctx, SECOND).run());
    // ... and so would every date under another model or configuration.
    RunContext stricter = RunContext.create(spark(), ConfigLoader.load(SampleLake.HOME.resolve("conf/local.yaml"),
        java.util.stream.Stream.concat(settings.stream(), java.util.stream.Stream.of("publish.min_row_ratio=0.95"))
            .toList(), SampleLake.HOME));
    assertTrue(decide(stricter, SECOND).why().contains("another configuration"), decide(stricter, SECOND).why());
  }
}
