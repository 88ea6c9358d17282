package io.tradecredit.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Trains a scorecard from a labelled file or table on disk: CSV (header, inferred types), Parquet or
 * Delta, told apart by the extension and by a {@code _delta_log} folder. Writes the model JSON,
 * {@code metrics.json} and the {@code report.html} for a person ({@link TrainingReport}). This is
 * what {@code tradecredit train} runs, and how the scorecard can be
 * checked against any public labelled data set.
 */
public final class TrainFile {
  /** Name of the metrics file written into the report folder. */
  public static final String METRICS_FILE = "metrics.json";

  private TrainFile() {}

  /**
   * Trains with default options except the label, the split and the seed.
   *
   * @param input a .csv file, a .parquet file or folder, or a Delta table folder
   * @param label the label column
   * @param badValue the label value of a bad row
   * @param testFraction share of rows held out (the latest as-of dates when there is an as_of_date column)
   * @param seed seed of a random split
   * @param out where to write the model JSON
   * @param reportDir folder for metrics.json and report.html
   */
  public static TrainResult run(SparkSession spark, Path input, String label, String badValue,
      double testFraction, long seed, Path out, Path reportDir) {
    return run(spark, input, options(label, badValue, testFraction, seed, Map.of()), out, reportDir);
  }

  /** Trains with the given options; see {@link TrainerOptions} for the keys. */
  public static TrainResult run(SparkSession spark, Path input, TrainerOptions options, Path out, Path reportDir) {
    return run(read(spark, input), input.toString(), options, out, reportDir);
  }

  /** Trains on a labelled Dataset ({@code source} names it in the model) and writes the model, the metrics and the report. */
  public static TrainResult run(Dataset<Row> data, String source, TrainerOptions options, Path out, Path reportDir) {
    return run(data, source, options, null, out, reportDir);
  }

  /** As {@link #run(Dataset, String, TrainerOptions, Path, Path)}, the model stated to score {@code target} (or none). */
  public static TrainResult run(Dataset<Row> data, String source, TrainerOptions options, Target target, Path out,
      Path reportDir) {
    long started = System.nanoTime();
    TrainedScorecard trained = ScorecardTrainer.train(data, options, source);
    if (target != null) {
      trained = new TrainedScorecard(trained.scorecard().forTarget(target), trained.metrics(), trained.trainScores(),
          trained.testScores());
    }
    Path metricsPath = reportDir.resolve(METRICS_FILE);
    trained.scorecard().write(out);
    trained.metrics().write(metricsPath);
    Path reportPath = reportDir.resolve(TrainingReport.FILE);
    TrainingReport.write(trained, reportPath);
    Metrics m = trained.metrics();
    TrainingInfo t = trained.scorecard().training();
    return new TrainResult(trained.scorecard().version(), t.rows(), t.trainRows(), t.testRows(), m.split(),
        m.selected(), m.train().auc(), m.test().auc(), m.test().gini(), m.test().ks(), m.psi(),
        m.test().benchmarkAuc(), m.baseline() == null ? null : m.baseline().test(), m.fairness(), out, metricsPath,
        reportPath, (System.nanoTime() - started) / 1e9);
  }

  /** Options for the four settings of the short {@link #run} plus any other keys. */
  public static TrainerOptions options(String label, String badValue, double testFraction, long seed,
      Map<String, String> more) {
    Map<String, String> o = new HashMap<>(more);
    o.put(TrainerOptions.LABEL, label);
    o.put(TrainerOptions.BAD_VALUE, badValue);
    o.put(TrainerOptions.TEST_FRACTION, Double.toString(testFraction));
    o.put(TrainerOptions.SEED, Long.toString(seed));
    return TrainerOptions.of(o);
  }

  /** Reads the input by its kind: Delta folder, CSV file or folder, Parquet file or folder. */
  public static Dataset<Row> read(SparkSession spark, Path input) {
    if (!Files.exists(input)) {
      throw new IllegalArgumentException("Cannot read training data from " + input + ": no such file or folder");
    }
    String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
    String path = input.toString();
    if (Files.isDirectory(input.resolve("_delta_log"))) {
      return spark.read().format("delta").load(path);
    } else if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
      return spark.read().option("header", "true").option("inferSchema", "true").csv(path);
    } else if (name.endsWith(".parquet") || Files.isDirectory(input)) {
      return spark.read().parquet(path);
    }
    throw new IllegalArgumentException("Cannot read training data from " + input
        + ": expected a .csv or .parquet file, or a Parquet or Delta folder");
  }
}
