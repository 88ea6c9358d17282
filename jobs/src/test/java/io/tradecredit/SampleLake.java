package io.tradecredit;

import io.tradecredit.cli.Nightly;
import io.tradecredit.config.ConfigLoader;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sample drops run through two nights (2026-11-02 and 2026-11-03), once per Maven run (once per test JVM
 * outside Maven): several test classes start from it, and a night costs tens of seconds. A test that changes a
 * lake works on a {@link #copy}.
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
        String shared = System.getProperty("tradecredit.sampleLake");
        Path root = shared == null ? Files.createTempDirectory("tradecredit-sample-lake") : Path.of(shared);
        if (shared == null) {
          firstPublication = build(root);
        } else {
          firstPublication = buildOnce(root, System.getProperty("tradecredit.sampleLakeToken", ""));
        }
        ctx = context(root, HOME.resolve("data-samples/landing"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ctx;
  }

  /**
   * The two nights run into {@code root}; returns the first night's publication. The lake is only read after
   * this: tests that change a lake change a copy.
   */
  static List<String> build(Path root) {
    RunContext c = context(root, HOME.resolve("data-samples/landing"));
    Nightly.run(c, FIRST);
    List<String> first = SparkTestBase.rows(c.lake().read(Tables.COMPANY_SCORE_HISTORY)
        .where("as_of_date = DATE'" + FIRST + "'").drop("run_id"));
    Nightly.run(c, SECOND);
    return first;
  }

  /**
   * One build for every test JVM of a Maven run (surefire sets the folder and a token of the run): the first JVM
   * builds under a file lock while the others wait, then all read it. A folder left by another run, or by a JVM
   * that died building, carries another token or none, and is built again.
   */
  static List<String> buildOnce(Path root, String token) throws IOException {
    Files.createDirectories(root.getParent());
    Path built = root.resolve("BUILT");
    Path first = root.resolve("first-publication.txt");
    try (FileChannel lock = FileChannel.open(root.resolveSibling(root.getFileName() + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock held = lock.lock()) {
      if (!Files.exists(built) || !Files.readString(built).equals(token)) {
        deleteTree(root);
        Files.write(first, build(root));
        Files.writeString(built, token);
      }
      return Files.readAllLines(first);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** The history rows of the first night as published that night, run ids left out. */
  public static List<String> firstPublication() {
    twoNights();
    return firstPublication;
  }

  /** The configuration of conf/local.yaml with the lake and exports under {@code root}. */
  public static List<String> settings(Path root, Path landing) {
    return new ArrayList<>(List.of("paths.landing=" + landing, "paths.lake=" + root.resolve("lake"),
        "paths.exports=" + root.resolve("exports"), "spark.master=local[2]"));
  }

  public static RunContext context(Path root, Path landing) {
    return RunContext.create(SparkTestBase.spark(), ConfigLoader.load(HOME.resolve("conf/local.yaml"),
        settings(root, landing), HOME));
  }

  /** A copy of the two-night lake and its exports under {@code root}, with its context. */
  public static RunContext copy(Path root) {
    return copy(twoNights(), root);
  }

  /** A copy of {@code source}'s lake and exports under {@code root}, with its context (the sample landing). */
  public static RunContext copy(RunContext source, Path root) {
    // With their times: Delta dates commits by their files' times, and warns when a copy makes them equal.
    copyTree(Path.of(source.config().paths().lake()), root.resolve("lake"),
        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    copyTree(Path.of(source.config().paths().exports()), root.resolve("exports"));
    return context(root, HOME.resolve("data-samples/landing"));
  }

  public static void copyTree(Path from, Path to) {
    copyTree(from, to, new java.nio.file.CopyOption[0]);
  }

  /** @param options {@link java.nio.file.StandardCopyOption#COPY_ATTRIBUTES} keeps the files' times */
  public static void copyTree(Path from, Path to, java.nio.file.CopyOption... options) {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, options);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " to " + to, e);
    }
  }
}
