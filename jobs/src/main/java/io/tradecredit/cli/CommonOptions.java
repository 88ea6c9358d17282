package io.tradecredit.cli;

import io.tradecredit.config.ConfigLoader;
import io.tradecredit.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every command takes: which configuration, and overrides of it. */
public class CommonOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "Configuration file (default: conf/local.yaml under the project home).")
  Path conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override one configuration key, e.g. --set paths.lake=/data/lake (repeatable).")
  List<String> overrides = new ArrayList<>();

  /** The project home: {@code TRADECREDIT_HOME} (set by bin/tradecredit), else the working directory. */
  static Path home() {
    String env = System.getenv("TRADECREDIT_HOME");
    return Path.of(env == null || env.isBlank() ? "." : env).toAbsolutePath().normalize();
  }

  PipelineConfig load() {
    Path file = conf;
    if (file == null) {
      Path local = home().resolve("conf/local.yaml");
      file = Files.isRegularFile(local) ? local : null;
    }
    return ConfigLoader.load(file, overrides, home());
  }
}
