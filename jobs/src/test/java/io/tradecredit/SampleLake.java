package io.tradecredit;

import io.tradecredit.cli.Nightly;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The sample drops run through two nights (2026-11-02 and 2026-11-03), once per test JVM: several test classes
 * start from it, and a night costs tens of seconds. A test that changes a lake works on a {@link #copy}.
 */
public final class SampleLake {
  public static final Path HOME = Path.of("..").toAbsolutePath().normalize();
  public static final LocalDate FIRST = LocalDate.parse("2026-11-02");
  public static final LocalDate SECOND = LocalDate.parse("2026-11-03");

  private static RunContext ctx;
  private static List<String> firstPublication;

  private SampleLake() {}

  public static synchronized RunContext twoNights() {
    if (ctx == null) {
      try {
        Path root = Files.createTempDirectory("tradecredit-sample-lake");
        RunContext c = context(root, HOME.resolve("data-samples/landing"));
        Nightly.run(c, FIRST);
        firstPublication = SparkTestBase.rows(c.lake().read(Tables.COMPANY_SCORE_HISTORY)
            .where("as_of_date = DATE'" + FIRST + "'").drop("run_id"));
        Nightly.run(c, SECOND);
        ctx = c;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ctx;
  }

  /** The history rows of the first night as published that night, run ids left out. */
  public static List<String> firstPublication() {
    twoNights();
    return firstPublication;
  }

  /** The configuration of conf/local.yaml with the lake and exports under {@code root}. */
  public static List<String> settings(Path root, Path landing) {
    return new ArrayList<>(List.of("paths.landing=" + landing, "paths.lake=" + root.resolve("lake"),
        "paths.exports=" + root.resolve("exports"), "spark.master=local[2]", "spark.shuffle_partitions=2"));
  }

  public static RunContext context(Path root, Path landing) {
    return RunContext.create(SparkTestBase.spark(), ConfigLoader.load(HOME.resolve("conf/local.yaml"),
        settings(root, landing), HOME));
  }

  /** A copy of the two-night lake and its exports under {@code root}, with its context. */
  public static RunContext copy(Path root) {
    RunContext source = twoNights();
    copyTree(Path.of(source.config().paths().lake()), root.resolve("lake"));
    copyTree(Path.of(source.config().paths().exports()), root.resolve("exports"));
    return context(root, HOME.resolve("data-samples/landing"));
  }

  public static void copyTree(Path from, Path to) {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    }
  }
}
