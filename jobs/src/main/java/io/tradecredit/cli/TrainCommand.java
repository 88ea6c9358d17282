package io.tradecredit.cli;

import io.tradecredit.lake.RunContext;
import io.tradecredit.model.TrainFile;
import io.tradecredit.model.TrainerOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Fit a scorecard (binning, WoE, logistic regression, scaling, calibration) "
    + "from a labelled CSV, Parquet or Delta table; writes the model JSON and metrics.json.")
final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--input", required = true, paramLabel = "PATH", description = "Labelled data: CSV, Parquet or Delta.")
  Path input;

  @Option(names = "--label", defaultValue = TrainerOptions.LABEL_DEFAULT, paramLabel = "COL",
      description = "Label column (default: ${DEFAULT-VALUE}).")
  String label;

  @Option(names = "--bad", defaultValue = TrainerOptions.BAD_VALUE_DEFAULT, paramLabel = "VALUE",
      description = "Label value of a bad row (default: ${DEFAULT-VALUE}).")
  String bad;

  @Option(names = "--test-fraction", defaultValue = "0.3", description = "Share held out (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the random split (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "MODEL.json", description = "Model artifact to write.")
  Path out;

  @Option(names = "--report", required = true, paramLabel = "DIR", description = "Folder for metrics.json.")
  Path report;

  @Option(names = "--option", paramLabel = "KEY=VALUE",
      description = "A trainer option, e.g. --option version=scorecard-v2 (repeatable).")
  List<String> options = List.of();

  @Override
  public Integer call() {
    Map<String, String> more = new LinkedHashMap<>();
    for (String o : options) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Cannot parse --option '" + o + "': expected KEY=VALUE");
      }
      more.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
    }
    TrainerOptions trainer = TrainFile.options(label, bad, testFraction, seed, more);
    RunContext ctx = Session.start(common.load());
    System.out.println(TrainFile.run(ctx.spark(), input, trainer, out, report).summary());
    return 0;
  }
}
