package io.tradecredit.cli;

import static org.apache.spark.sql.functions.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole nights killed with SIGKILL at random points of every stage, then run to the end: the lake ends exactly as
 * the uninterrupted two sample nights left theirs ({@link SampleLake#twoNights}).
 *
 * <p>Each trial is a {@code tradecredit nightly} process of its own, killed a random time after the stage it aims at
 * began (a fraction of what that stage took in the uninterrupted night). Trials of a night follow each other on the
 * same lake, so each one starts from what the killed one before it left: a rerun after a kill, killed in turn. The
 * seed is printed; {@code -Dtradecredit.killSeed=N} replays a sequence. Every process runs with {@code --rerun}: a
 * night already published from the same inputs is otherwise skipped, and a kill would find nothing to interrupt.
 * A night's features plan is large: with a 1 GB heap the child ran out of memory printing it, hence 3 GB, as near
 * bin/tradecredit's 4 GB as a test machine affords. Tagged long: its twenty-two processes of a night took 14
 * minutes beside OnboardingTest on two cores (bin/test --long, 2026-12-01).
 */
@Tag("long")
@Tag("many-nights")
class NightKillTest extends SparkTestBase {
  enum Stage { INGEST, CONFORM, FEATURES, SCORE, PUBLISH, DONE }

  /** Per night and stage; two nights and five stages make twenty kills. */
  static final int TRIALS_PER_STAGE = Integer.getInteger("tradecredit.killTrials", 2);

  /** Tries of one trial whose night ended before the kill, each aimed at half the time of the one before. */
  static final int MAX_ATTEMPTS = 4;

  /** Process-local or run-specific columns: when a row was made and by which run, not what it says. */
  static final Set<String> VOLATILE = Set.of("run_id", "ingest_run_id", "ingested_at", "quarantined_at",
      "started_at", "finished_at", "duration_ms");

  /** Logs of what ran: a killed run leaves rows of its own there, by design. Compared by their latest outcome. */
  static final Set<Table> RUN_LOGS = Set.of(Tables.INGEST_LOG, Tables.CONFORM_LOG, Tables.NIGHTLY_LOG,
      Tables.NIGHTLY_INPUTS, Tables.PUBLISH_LOG);

  @Test
  void nightsKilledAtRandomPointsOfEveryStageEndAsTheUninterruptedNights(@TempDir Path root) throws Exception {
    RunContext reference = SampleLake.twoNights();
    long seed = Long.getLong("tradecredit.killSeed", System.nanoTime());
    Random random = new Random(seed);
    RunContext ctx = SampleLake.context(root, SampleLake.HOME.resolve("data-samples/landing"));
    List<String> trials = new ArrayList<>();
    Map<Stage, Integer> landed = new EnumMap<>(Stage.class);
    for (LocalDate night : List.of(SampleLake.FIRST, SampleLake.SECOND)) {
      Map<String, Double> took = stageSeconds(reference.lake(), night);
      for (Stage aim : List.of(Stage.INGEST, Stage.CONFORM, Stage.FEATURES, Stage.SCORE, Stage.PUBLISH)) {
        for (int t = 0; t < TRIALS_PER_STAGE; t++) {
          long delay = (long) (random.nextDouble() * took.get(aim.name().toLowerCase()) * 1000);
          Stage at = Stage.DONE;
          // A child can run a stage faster than the reference night did: a night that ended before its kill
          // interrupted nothing, so the trial is made again, aimed earlier.
          for (int attempt = 0; attempt < MAX_ATTEMPTS && at == Stage.DONE; attempt++, delay /= 2) {
            NightProcess p = NightProcess.start(root, night);
            p.awaitStage(aim);
            Thread.sleep(delay);
            at = p.kill();
            trials.add(String.format("%s aimed at %s +%d ms: killed in %s", night, aim, delay, at));
          }
          landed.merge(at, 1, Integer::sum);
        }
      }
      NightProcess last = NightProcess.start(root, night);
      assertEquals(0, last.waitForEnd(), "the night after the kills:\n" + last.output());
      // What the operator reads is the pipeline's progress: no warning of Spark, Delta or Hadoop in a night.
      assertEquals(List.of(), last.output().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d (WARN|ERROR) .*"))
          .toList(), "warnings in the night's output");
    }
    String summary = "seed " + seed + "\n" + String.join("\n", trials);
    System.out.println("NightKillTest " + summary);

    assertTrue(landed.entrySet().stream().filter(e -> e.getKey() != Stage.DONE).mapToInt(Map.Entry::getValue).sum()
        >= 10 * TRIALS_PER_STAGE, "processes killed while running:\n" + summary);
    for (Stage s : List.of(Stage.INGEST, Stage.CONFORM, Stage.FEATURES, Stage.SCORE, Stage.PUBLISH)) {
      assertTrue(landed.getOrDefault(s, 0) > 0, "no kill landed in " + s + ":\n" + summary);
    }
    assertSameLake(reference.lake(), ctx.lake(), summary);
    assertSameExports(reference, ctx);
  }

  /** What each stage took in the uninterrupted night. */
  static Map<String, Double> stageSeconds(Lake lake, LocalDate night) {
    Map<String, Double> took = new TreeMap<>();
    lake.read(Tables.NIGHTLY_LOG).where(col("night").equalTo(lit(java.sql.Date.valueOf(night))))
        .where(col("status").equalTo("OK")).collectAsList()
        .forEach(r -> took.put(r.getAs("stage"), r.<Double>getAs("seconds")));
    return took;
  }

  static void assertSameLake(Lake expected, Lake actual, String context) {
    for (Table table : Tables.all()) {
      assertEquals(expected.exists(table), actual.exists(table), table + " exists\n" + context);
      if (!expected.exists(table)) {
        continue;
      }
      if (RUN_LOGS.contains(table)) {
        if (table.equals(Tables.INGEST_LOG)) {
          // Every delivery's accounting, as its latest successful ingest counted it.
          assertEquals(rows(accounting(expected)), rows(accounting(actual)), table + "\n" + context);
        }
        continue;
      }
      assertEquals(rows(comparable(expected.read(table))), rows(comparable(actual.read(table))),
          table + "\n" + context);
    }
  }

  static Dataset<Row> accounting(Lake lake) {
    return comparable(lake.read(Tables.INGEST_LOG).where(col("status").equalTo("OK"))
        .drop("fingerprint", "message")).distinct();
  }

  /** The table without its run-specific columns, maps as sorted entries (a map's order is not its content). */
  static Dataset<Row> comparable(Dataset<Row> df) {
    List<Column> cols = new ArrayList<>();
    for (StructField f : df.schema().fields()) {
      if (VOLATILE.contains(f.name())) {
        continue;
      }
      cols.add(f.dataType() instanceof MapType ? array_sort(map_entries(col(f.name()))).as(f.name())
          : col(f.name()));
    }
    return df.select(cols.toArray(new Column[0]));
  }

  static void assertSameExports(RunContext expected, RunContext actual) throws IOException {
    for (LocalDate night : List.of(SampleLake.FIRST, SampleLake.SECOND)) {
      String part = "company_score/as_of_date=" + night;
      Path exp = Path.of(expected.config().paths().exports(), part);
      Path act = Path.of(actual.config().paths().exports(), part);
      assertTrue(Files.exists(act.resolve("_SUCCESS")), act + " is complete");
      assertEquals(rows(comparable(spark().read().parquet(exp.toString()))),
          rows(comparable(spark().read().parquet(act.toString()))), part);
    }
    try (var left = Files.list(Path.of(actual.config().paths().exports(), "company_score"))) {
      assertEquals(List.of(), left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("_staging"))
          .toList(), "staged exports left behind");
    }
  }

  /** A {@code tradecredit nightly --date D} process in its own JVM, watched through its progress lines. */
  static final class NightProcess {
    private final Process process;
    private final StringBuilder out = new StringBuilder();
    private final Thread reader;
    private volatile Stage stage;

    private NightProcess(Process process) {
      this.process = process;
      this.reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
          for (String line; (line = r.readLine()) != null; ) {
            synchronized (out) {
              out.append(line).append('\n');
              if (line.startsWith("== nightly ") && line.contains("(run ")) {
                stage = Stage.INGEST;
              } else if (line.matches("nightly \\S+ +\\d/5 stages done.*")) {
                stage = Stage.values()[Integer.parseInt(line.replaceAll("nightly \\S+ +(\\d)/5.*", "$1"))];
              }
              out.notifyAll();
            }
          }
        } catch (IOException e) {
          // The stream closes when the process is killed.
        }
        synchronized (out) {
          out.notifyAll();
        }
      });
      reader.start();
    }

    static NightProcess start(Path root, LocalDate night) throws IOException {
      List<String> cmd = ChildJvm.command("-Xmx3g", "-XX:+UseParallelGC");
      cmd.addAll(List.of("io.tradecredit.cli.Main", "nightly",
          "--date", night.toString(), "--rerun", "--conf", SampleLake.HOME.resolve("conf/local.yaml").toString()));
      for (String s : SampleLake.settings(root, SampleLake.HOME.resolve("data-samples/landing"))) {
        cmd.addAll(List.of("--set", s));
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
      // As bin/tradecredit: relative paths of the configuration (the model) are the project's.
      pb.environment().put("TRADECREDIT_HOME", SampleLake.HOME.toString());
      return new NightProcess(pb.start());
    }

    /** Waits until the night has begun {@code aim} (or gone past it, or ended). */
    void awaitStage(Stage aim) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      synchronized (out) {
        while ((stage == null || stage.ordinal() < aim.ordinal()) && reader.isAlive()
            && System.nanoTime() < deadline) {
          out.wait(1000);
        }
        assertTrue(stage != null && stage.ordinal() >= aim.ordinal() || !process.isAlive(),
            "the night never reached " + aim + ":\n" + out);
      }
    }

    /** SIGKILL; the stage it was in, or DONE when it had already ended. */
    Stage kill() throws InterruptedException {
      boolean alive = process.isAlive();
      process.destroyForcibly();
      process.waitFor(60, TimeUnit.SECONDS);
      reader.join(10_000);
      synchronized (out) {
        if (!alive || process.exitValue() != 137) {
          assertEquals(0, process.exitValue(), "a night that ended before its kill must have succeeded:\n" + out);
          return Stage.DONE;
        }
        return stage == null ? Stage.INGEST : stage;
      }
    }

    int waitForEnd() throws InterruptedException {
      assertTrue(process.waitFor(10, TimeUnit.MINUTES), "the night did not end:\n" + output());
      reader.join(10_000);
      return process.exitValue();
    }

    String output() {
      synchronized (out) {
        return out.toString();
      }
    }
  }
}
