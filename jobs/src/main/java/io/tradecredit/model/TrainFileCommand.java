package io.tradecredit.model;

import io.tradecredit.lake.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@link TrainFile} as a command line, runnable on its own (the first model was made with it) or
 * registered as a subcommand.
 */
@Command(name = "train-file", mixinStandardHelpOptions = true,
    description = "Train a scorecard from a labelled CSV, Parquet or Delta table.")
public final class TrainFileCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "Labelled data: .csv, .parquet, or a Parquet/Delta folder.")
  Path input;

  @Option(names = "--label", defaultValue = TrainerOptions.LABEL_DEFAULT, description = "Label column (default: ${DEFAULT-VALUE}).")
  String label;

  @Option(names = "--bad-value", defaultValue = TrainerOptions.BAD_VALUE_DEFAULT, description = "Label value of a bad row (default: ${DEFAULT-VALUE}).")
  String badValue;

  @Option(names = "--test-fraction", defaultValue = "0.25", description = "Share of rows held out (default: ${DEFAULT-VALUE}).")
  double testFraction;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of a random split (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Model JSON to write.")
  Path out;

  @Option(names = "--report-dir", required = true, description = "Folder for metrics.json.")
  Path reportDir;

  @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Any TrainerOptions key, e.g. --option version=scorecard-v1 (repeatable).")
  List<String> options = List.of();

  @Option(names = "--master", defaultValue = "local[*]", description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainFileCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> more = new HashMap<>();
    for (String o : options) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("Cannot parse --option " + o + ": expected KEY=VALUE");
      }
      more.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
    }
    TrainerOptions trainerOptions = TrainFile.options(label, badValue, testFraction, seed, more);
    SparkSession spark = SparkSessions.create(master, 4, Files.createTempDirectory("tradecredit-train").toString());
    try {
      System.out.println(TrainFile.run(spark, input, trainerOptions, out, reportDir).summary());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
