package io.tradecredit.cli;

import io.tradecredit.lake.RunContext;
import io.tradecredit.model.ChampionComparison;
import io.tradecredit.model.HeldOutScores;
import io.tradecredit.model.LakehouseLabels;
import io.tradecredit.model.Promotions;
import io.tradecredit.model.Scorecard;
import io.tradecredit.model.Target;
import io.tradecredit.model.TrainFile;
import io.tradecredit.model.TrainResult;
import io.tradecredit.model.TrainingScratch;
import io.tradecredit.model.TrainerOptions;
import io.tradecredit.model.TrainingReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Fit a scorecard (binning, WoE, logistic regression, scaling, calibration) "
    + "from a labelled CSV, Parquet or Delta table (--input), or from the lakehouse as of a date (--date: monthly "
    + "feature rows labelled by the outcome of --target after them: credit events, fulfilment as a seller, payment "
    + "as a buyer; latest as-of dates held out, compared with the promoted model in champion.json); writes the "
    + "model JSON, metrics.json and report.html, with the calibration per country and region (registry_country "
    + "or --option country-column=COL) and a baseline logistic regression on raw values.")
final class TrainCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--input", paramLabel = "PATH", description = "Labelled data: CSV, Parquet or Delta.")
  Path input;

  @Option(names = "--date", paramLabel = "D", description = "Train from the lakehouse as of D (instead of --input).")
  java.time.LocalDate date;

  @Option(names = "--target", paramLabel = "RISK", converter = PromoteCommand.TargetConverter.class,
      description = "The risk the model scores: credit (default; with --date, credit events in 365 days), "
          + "fulfilment (as a seller) or payment (as a buyer); see model/Target.java for each label.")
  Target target;

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

  @Option(names = "--out", required = true, paramLabel = "PATH",
      description = "Model artifact to write; with --date a folder that gets model.json and report/.")
  Path out;

  @Option(names = "--report", paramLabel = "DIR",
      description = "Folder for metrics.json (required with --input; with --date default OUT/report).")
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
    if ((input == null) == (date == null)) {
      throw new IllegalArgumentException("train needs exactly one source: --input PATH (a labelled file or table) "
          + "or --date D (the lakehouse as of D)");
    }
    if (input != null && report == null) {
      throw new IllegalArgumentException("train --input needs --report DIR (the folder for metrics.json)");
    }
    RunContext ctx = Session.start(common.load());
    if (input != null) {
      TrainerOptions trainer = TrainFile.options(label, bad, testFraction, seed, more);
      System.out.println(TrainFile.run(TrainFile.read(ctx.spark(), input), input.toString(), trainer, target, out,
          report).summary());
      return 0;
    }
    Target risk = target != null ? target : Target.CREDIT;
    more.putIfAbsent(TrainerOptions.EXCLUDE, String.join(",", LakehouseLabels.IDENTIFIERS));
    more.putIfAbsent(TrainerOptions.LABEL_DESCRIPTION, risk.description() + " (silver as of " + date + ")");
    TrainerOptions trainer = TrainFile.options(LakehouseLabels.LABEL, "1", testFraction, seed, more);
    // Everything training reads many times is written to the run's work folder and read back from disk; the folder
    // goes when training ends, whether it succeeded or not.
    try (TrainingScratch scratch = TrainingScratch.create(ctx.lake(), ctx.runId())) {
      System.out.println("work folder: " + scratch + " (removed when training ends)");
      LakehouseLabels.Labelled source = LakehouseLabels.label(ctx.lake(), date, risk, scratch);
      Dataset<Row> labelled = source.rows();
      Path reportDir = report != null ? report : out.resolve("report");
      TrainResult result = TrainFile.run(labelled, "lakehouse " + ctx.lake().root() + " as of " + date + ", target "
          + risk + "; " + source.features(), trainer, risk, out.resolve("model.json"), reportDir);
      System.out.println("features: " + source.features());
      System.out.println(result.summary());
      Scorecard candidate = Scorecard.read(result.model());
      Path held = HeldOutScores.write(labelled, LakehouseLabels.LABEL, candidate, reportDir);
      if (held != null) {
        System.out.println("held-out scores: " + held);
      }
      Promotions.Promotion champion = Promotions.current(ctx.lake()).get(risk);
      ChampionComparison comparison = ChampionComparison.of(labelled, LakehouseLabels.LABEL, risk, candidate,
          champion == null ? null : champion.model());
      comparison.write(reportDir);
      TrainingReport.addChampion(result.report(), comparison);
      System.out.println(comparison.summary());
      System.out.println("promote with: tradecredit promote " + out.resolve("model.json") + " --reason TEXT");
    }
    return 0;
  }
}
