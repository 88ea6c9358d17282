package io.tradecredit.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.ChildJvm;
import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write-audit-publish under failure: publish processes killed with SIGKILL at named points, and a failing check,
 * against a copy of the two-night sample lake whose 2026-11-03 publication is being redone.
 */
class PublishKillTest extends SparkTestBase {
  static final List<Table> PUBLISHED = List.of(Tables.COMPANY_SCORE, Tables.COMPANY_SCORE_HISTORY,
      Tables.COMPANY_FEATURES);

  static final List<String> BEFORE_THE_COMMIT = List.of(PausePoints.STAGED, PausePoints.AUDITED,
      PausePoints.EXPORT_PARTS, PausePoints.EXPORT_STAGED, PausePoints.BEFORE_HISTORY);

  /** Tagged long: six processes side by side, each a JVM and a Spark session, take some four minutes on two cores. */
  @Tag("long")
  @Test
  void aPublicationKilledAnywhereLeavesPublishedTablesAsTheyWereAndTheNextRunSettlesIt(@TempDir Path root)
      throws Exception {
    // One copy of the lake per kill point, the processes side by side: each starts a JVM and Spark.
    Map<String, RunContext> lakes = new LinkedHashMap<>();
    Map<String, Held> held = new LinkedHashMap<>();
    List<String> points = new ArrayList<>(BEFORE_THE_COMMIT);
    points.add(PausePoints.HISTORY_COMMITTED);
    for (String point : points) {
      lakes.put(point, SampleLake.copy(root.resolve(point)));
    }
    RunContext any = lakes.get(PausePoints.STAGED);
    Map<String, Long> before = versions(any.lake());
    String exportBefore = export(any);
    List<String> firstDateBefore = history(any.lake(), SampleLake.FIRST);
    long logRows = any.lake().read(Tables.PUBLISH_LOG).count();
    for (String point : points) {
      held.put(point, Held.start(root.resolve(point), point));
    }
    for (String point : points) {
      held.get(point).awaitPause(lakes.get(point));
    }
    Map<String, String> killed = new LinkedHashMap<>();
    for (String point : points) {
      killed.put(point, held.get(point).kill(lakes.get(point)));
    }

    for (String point : BEFORE_THE_COMMIT) {
      Lake lake = lakes.get(point).lake();
      assertEquals(before, versions(lake), "published table versions after a kill at " + point);
      assertEquals(exportBefore, export(lakes.get(point)), "the export after a kill at " + point);
      assertEquals(logRows, lake.read(Tables.PUBLISH_LOG).count(), point);
    }
    // The next run records an attempt killed before the commit as failed, and removes what it staged.
    RunContext parts = lakes.get(PausePoints.EXPORT_PARTS);
    assertTrue(Files.exists(stagedExport(parts, killed.get(PausePoints.EXPORT_PARTS))));
    new PublishStage(parts).run(SampleLake.SECOND, null);
    assertEquals(List.of("[false,true]"), rows(parts.lake().read(Tables.PUBLISH_LOG)
        .where("run_id = '" + killed.get(PausePoints.EXPORT_PARTS) + "'")
        .selectExpr("published", "message LIKE 'interrupted: the process ended before publication%'")));
    assertFalse(Files.exists(stagedExport(parts, killed.get(PausePoints.EXPORT_PARTS))));

    // Killed after the commit: the publication happened; the next run completes it.
    RunContext ctx = lakes.get(PausePoints.HISTORY_COMMITTED);
    Lake lake = ctx.lake();
    String committed = killed.get(PausePoints.HISTORY_COMMITTED);
    assertTrue(String.join("\n", Status.report(lake, SampleLake.HOME.resolve("data-samples/landing").toString(),
        spark().sparkContext().hadoopConfiguration())).contains("interrupted publish run " + committed));
    Map<String, Long> afterTruth = versions(lake);
    assertEquals(before.get("credit.company_score_history") + 1, afterTruth.get("credit.company_score_history"));
    assertEquals(before.get("credit.company_score"), afterTruth.get("credit.company_score"));
    assertEquals(before.get("credit.company_features"), afterTruth.get("credit.company_features"));

    new PublishStage(ctx).run(SampleLake.SECOND, null);

    Dataset<Row> log = lake.read(Tables.PUBLISH_LOG);
    assertEquals(List.of("[true,true]"), rows(log.where("run_id = '" + committed + "'")
        .selectExpr("published", "message LIKE '%completed the rest'")));
    assertEquals(List.of("[true,published]"), rows(log.where("run_id = '" + ctx.runId() + "'")
        .selectExpr("published", "message")));
    assertEquals(List.of("[2026-11-03," + ctx.runId() + "]"), rows(lake.read(Tables.COMPANY_SCORE)
        .selectExpr("CAST(as_of_date AS STRING)", "run_id").distinct()));
    assertEquals(firstDateBefore, history(lake, SampleLake.FIRST), "an earlier date is left intact");
    assertTrue(export(ctx).contains("run_id=" + ctx.runId()), export(ctx));
    assertSuccessIsLastAndTheManifestMatchesTheFiles(ctx);
    try (var left = Files.list(root.resolve(PausePoints.HISTORY_COMMITTED).resolve("exports/company_score"))) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_staging")).toList());
    }
    assertEquals(List.of(), new PublishAttempts(lake).unfinished());
  }

  /** Where an attempt stages its export. */
  static Path stagedExport(RunContext ctx, String runId) {
    return Path.of(ScoreExport.stagingDir(ctx.config().paths().exports(), runId).toUri().getPath());
  }

  @Test
  void aFailingCheckBlocksPublicationAndForceRecordsItsReason(@TempDir Path root) {
    RunContext ctx = SampleLake.copy(root);
    Lake lake = ctx.lake();
    Dataset<Row> staged = lake.read(Tables.SCORE_STAGING).where("as_of_date = DATE'2026-11-03'");
    List<Row> one = staged.limit(1).collectAsList();
    lake.replacePartition(Tables.SCORE_STAGING, staged.union(spark().createDataFrame(one, staged.schema()))
        .localCheckpoint(), "as_of_date", SampleLake.SECOND);
    Map<String, Long> before = versions(lake);
    String exportBefore = export(ctx);

    PublishFailure failure = assertThrows(PublishFailure.class, () -> new PublishStage(ctx).run(SampleLake.SECOND,
        null));

    assertTrue(failure.getMessage().contains("failing checks duplicate_company_id=1 FAIL (= 0)"),
        failure.getMessage());
    assertEquals(before, versions(lake));
    assertEquals(exportBefore, export(ctx));
    assertEquals(List.of("[false,FAIL,null]"), rows(lake.read(Tables.PUBLISH_LOG)
        .where("run_id = '" + ctx.runId() + "'")
        .selectExpr("published", "filter(checks, c -> c.name = 'duplicate_company_id')[0].verdict",
            "forced_reason")));

    RunContext forced = ctx.nextRun();
    new PublishStage(forced).run(SampleLake.SECOND, "duplicate known and harmless");

    assertEquals(List.of("[true,duplicate known and harmless,published with --force: duplicate known and harmless]"),
        rows(lake.read(Tables.PUBLISH_LOG).where("run_id = '" + forced.runId() + "'")
            .selectExpr("published", "forced_reason", "message")));
    assertEquals(1, lake.read(Tables.COMPANY_SCORE_HISTORY).where("as_of_date = DATE'2026-11-03'")
        .selectExpr("run_id").distinct().where("run_id = '" + forced.runId() + "'").count());
  }

  static Map<String, Long> versions(Lake lake) {
    Map<String, Long> v = new LinkedHashMap<>();
    PUBLISHED.forEach(t -> v.put(t.qualified(), lake.version(t)));
    return v;
  }

  static List<String> history(Lake lake, java.time.LocalDate date) {
    return rows(lake.read(Tables.COMPANY_SCORE_HISTORY).where("as_of_date = DATE'" + date + "'"));
  }

  /** The export of 2026-11-03 as a reader finds it: its files, whether complete, and whose it is. */
  static String export(RunContext ctx) {
    Path dir = Path.of(ctx.config().paths().exports(), "company_score", "as_of_date=2026-11-03");
    try (var files = Files.list(dir)) {
      String manifest = Files.readString(dir.resolve(ScoreExport.MANIFEST));
      String run = manifest.replaceAll("(?s).*\"run_id\" : \"([^\"]+)\".*", "$1");
      return files.map(p -> p.getFileName().toString()).sorted().toList() + " run_id=" + run;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static void assertSuccessIsLastAndTheManifestMatchesTheFiles(RunContext ctx) throws Exception {
    Path dir = Path.of(ctx.config().paths().exports(), "company_score", "as_of_date=2026-11-03");
    long success = Files.getLastModifiedTime(dir.resolve(ScoreExport.SUCCESS)).toMillis();
    var manifest = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve(ScoreExport.MANIFEST)
        .toFile());
    try (var files = Files.list(dir)) {
      // Hidden files are the checksum sidecars of Hadoop's local file system, written after their file.
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
        assertTrue(Files.getLastModifiedTime(f).toMillis() <= success, f + " is newer than _SUCCESS");
      }
    }
    assertEquals(lakeRows(ctx), manifest.get("rows").asLong());
    for (var f : manifest.get("files")) {
      byte[] bytes = Files.readAllBytes(dir.resolve(f.get("file").asText()));
      String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(bytes));
      assertEquals(f.get("sha256").asText(), sha, f.get("file").asText());
    }
  }

  static long lakeRows(RunContext ctx) {
    return ctx.lake().read(Tables.COMPANY_SCORE).count();
  }

  /** A {@code tradecredit publish --date 2026-11-03} process in its own JVM, to be held at a point and killed. */
  static final class Held {
    final String point;
    final Process process;
    final CountDownLatch paused = new CountDownLatch(1);
    final StringBuilder out = new StringBuilder();
    final Thread reader;

    private Held(String point, Process process) {
      this.point = point;
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (out) {
              out.append(line).append('\n');
            }
            if (line.equals("tradecredit: paused at " + point)) {
              paused.countDown();
            }
          }
        } catch (IOException e) {
          // The stream closes when the process is killed.
        }
      });
      reader.start();
    }

    static Held start(Path root, String point) throws IOException {
      List<String> cmd = ChildJvm.command("-Xmx1g");
      cmd.addAll(List.of("io.tradecredit.cli.Main", "publish",
          "--date", "2026-11-03", "--conf", SampleLake.HOME.resolve("conf/local.yaml").toString()));
      for (String s : SampleLake.settings(root, SampleLake.HOME.resolve("data-samples/landing"))) {
        cmd.addAll(List.of("--set", s.startsWith("spark.master=") ? "spark.master=local[1]" : s));
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("TRADECREDIT_PAUSE_AT", point);
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      return new Held(point, pb.start());
    }

    void awaitPause(RunContext ctx) throws InterruptedException {
      boolean reached = paused.await(600, TimeUnit.SECONDS) && process.isAlive();
      synchronized (out) {
        assertTrue(reached, "publish never paused at " + point + ":\n" + out);
      }
      // An analyst's session works while the publication is under way: the catalog takes no lock.
      Lake analyst = new Lake(spark(), ctx.config().paths().lake());
      analyst.registerCatalog();
      assertEquals(SampleLake.twoNights().lake().read(Tables.COMPANY_SCORE).count(),
          analyst.read(Tables.COMPANY_SCORE).count());
    }

    /** Kills the process with SIGKILL; returns the run id of the attempt it left. */
    String kill(RunContext ctx) throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(60, TimeUnit.SECONDS);
      reader.join(10_000);
      assertEquals(137, process.exitValue(), "killed with SIGKILL");
      List<PublishAttempts.Attempt> left = new PublishAttempts(ctx.lake()).unfinished();
      assertEquals(1, left.size(), "the killed attempt is the only unfinished one: " + left);
      assertFalse(left.get(0).runId().equals(ctx.runId()));
      return left.get(0).runId();
    }
  }
}
