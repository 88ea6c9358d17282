package io.tradecredit;

import io.tradecredit.config.ConfigLoader;
import io.tradecredit.config.PipelineConfig;
import io.tradecredit.lake.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A landing area and lake in a temp folder, with helpers to write drops as a producer would. */
public final class LandingFixture {
  public final Path root;
  public final Path landing;
  public final Path lake;

  public LandingFixture(Path root) {
    this.root = root;
    this.landing = root.resolve("landing");
    this.lake = root.resolve("lake");
  }

  /** Writes one file into {@code <landing>/<feed>/dt=<dt>/} without the _SUCCESS marker. */
  public Path file(String feed, String dt, String name, String content) {
    return file(feed, dt, name, content.getBytes(StandardCharsets.UTF_8));
  }

  public Path file(String feed, String dt, String name, byte[] content) {
    try {
      Path dir = landing.resolve(feed).resolve("dt=" + dt);
      Files.createDirectories(dir);
      return Files.write(dir.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a complete drop of one file: the file, then the _SUCCESS marker. */
  public Path drop(String feed, String dt, String name, String content) {
    Path file = file(feed, dt, name, content);
    success(feed, dt);
    return file;
  }

  /** Marks a drop complete. */
  public void success(String feed, String dt) {
    file(feed, dt, "_SUCCESS", new byte[0]);
  }

  public PipelineConfig config(String... overrides) {
    List<String> all = new ArrayList<>(List.of(
        "paths.landing=" + landing, "paths.lake=" + lake, "paths.exports=" + root.resolve("exports"),
        "spark.master=local[2]", "spark.shuffle_partitions=2"));
    all.addAll(List.of(overrides));
    return ConfigLoader.load(null, all, Path.of(".").toAbsolutePath());
  }

  public RunContext context(String... overrides) {
    return RunContext.create(SparkTestBase.spark(), config(overrides));
  }
}
