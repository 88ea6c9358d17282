package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.mllib.evaluation.BinaryClassificationMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * How well a scorecard ranks and how stable it is: AUC, Gini and KS on the training and the
 * held-out sample, IV per candidate characteristic, and the PSI of the score distribution from the
 * training to the held-out sample over the bands in {@code bins}. Written as {@code metrics.json}.
 *
 * @param split how the held-out sample was chosen, see {@link TrainingInfo#split}
 * @param train figures on the training sample
 * @param test figures on the held-out sample
 * @param iv information value of every candidate characteristic on the training sample, highest first
 * @param selected the characteristics the model kept
 * @param dropped candidate characteristics the model did not keep, each with why
 * @param psi population stability index of the score, training (expected) to held-out (actual)
 * @param bins the score bands the PSI is computed over (training deciles), with counts and bad rates
 * @param baseline a plain logistic regression on raw values on the same samples, null if not fitted
 * @param fairness calibration and AUC per country and region of the held-out sample, null without a country column
 * @param tuning the settings cross-validation on the training sample chose, with every setting's validation AUC;
 *     null when it was off
 */
@JsonPropertyOrder({"split", "train", "test", "iv", "selected", "dropped", "psi", "bins", "baseline", "fairness",
    "tuning"})
public record Metrics(
    String split,
    SampleMetrics train,
    SampleMetrics test,
    Map<String, Double> iv,
    List<String> selected,
    Map<String, String> dropped,
    double psi,
    List<ScoreBand> bins,
    Baseline baseline,
    Fairness fairness,
    CrossValidation.Tuning tuning) {

  /** Shares below this are raised to it in the PSI, so an empty band does not make it infinite. */
  public static final double PSI_FLOOR = 1e-4;

  public Metrics {
    iv = Collections.unmodifiableMap(new LinkedHashMap<>(iv));
    dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    selected = List.copyOf(selected);
    bins = List.copyOf(bins);
  }

  /**
   * Figures on one sample.
   *
   * @param rows rows in the sample
   * @param bads bad rows in the sample
   * @param badRate bads / rows
   * @param auc area under the ROC curve of the score ranking bads below goods (ties count half)
   * @param gini 2 * auc - 1
   * @param ks Kolmogorov-Smirnov statistic: the largest gap between the cumulative score distributions of bads and goods
   * @param benchmarkAuc AUC of a benchmark column (e.g. a known true pd) on the same rows, null if none was given
   */
  @JsonPropertyOrder({"rows", "bads", "bad_rate", "auc", "gini", "ks", "benchmark_auc"})
  public record SampleMetrics(
      long rows, long bads, double badRate, double auc, double gini, double ks, Double benchmarkAuc) {
    SampleMetrics withBenchmarkAuc(Double value) {
      return new SampleMetrics(rows, bads, badRate, auc, gini, ks, value);
    }
  }

  /**
   * One score band of the PSI: scores in {@code [lower, upper)}, null meaning unbounded.
   *
   * @param lower inclusive lowest score, null for none
   * @param upper exclusive upper score, null for none
   * @param trainCount training rows in the band
   * @param trainShare share of training rows
   * @param trainBadRate bad rate of the training rows in the band
   * @param testCount held-out rows in the band
   * @param testShare share of held-out rows
   * @param testBadRate bad rate of the held-out rows in the band
   * @param psi this band's term of the PSI
   */
  @JsonPropertyOrder({
    "lower", "upper", "train_count", "train_share", "train_bad_rate",
    "test_count", "test_share", "test_bad_rate", "psi"
  })
  public record ScoreBand(
      Integer lower, Integer upper, long trainCount, double trainShare, double trainBadRate,
      long testCount, double testShare, double testBadRate, double psi) {}

  /** Reads a metrics.json written by {@link #write}. */
  public static Metrics read(Path path) {
    return ModelJson.read(path, Metrics.class);
  }

  /** Writes the metrics as pretty-printed JSON (the {@code metrics.json} of a training report). */
  public void write(Path path) {
    ModelJson.write(this, path);
  }

  /**
   * Exact AUC, Gini and KS of a discrete score, higher meaning lower risk, against a 0/1 bad column.
   * One aggregation to counts per distinct score (at most a few hundred for a 300..850 score),
   * then the curves are walked on the driver.
   */
  public static SampleMetrics evaluate(Dataset<Row> scored, String scoreColumn, String badColumn) {
    return evaluate(scoreCounts(scored, scoreColumn, badColumn));
  }

  /**
   * Goods and bads per distinct score, ascending: one Spark aggregation, at most a few hundred rows
   * for a 300..850 score reach the driver. Rows with a null score are left out.
   */
  public static List<ScoreCount> scoreCounts(Dataset<Row> scored, String scoreColumn, String badColumn) {
    List<Row> perScore = scored
        .groupBy(col(scoreColumn).cast("double").as("s"))
        .agg(count(lit(1)).as("n"), sum(col(badColumn).cast("long")).as("b"))
        .where(col("s").isNotNull())
        .collectAsList();
    List<ScoreCount> counts = new ArrayList<>();
    for (Row r : perScore) {
      long n = r.getLong(1);
      long b = r.isNullAt(2) ? 0 : r.getLong(2);
      counts.add(new ScoreCount(r.getDouble(0), n - b, b));
    }
    counts.sort(Comparator.comparingDouble(ScoreCount::score));
    return List.copyOf(counts);
  }

  /** AUC, Gini and KS from the per-score counts of {@link #scoreCounts}. */
  public static SampleMetrics evaluate(List<ScoreCount> ascending) {
    List<double[]> counts = new ArrayList<>();
    long rows = 0;
    long bads = 0;
    for (ScoreCount c : ascending) {
      counts.add(new double[] {c.score(), c.goods(), c.bads()});
      rows += c.goods() + c.bads();
      bads += c.bads();
    }
    return fromCounts(counts, rows, bads);
  }

  /**
   * Goods and bads of one distinct score of a sample.
   *
   * @param score the score
   * @param goods good rows with that score
   * @param bads bad rows with that score
   */
  public record ScoreCount(double score, long goods, long bads) {}

  /** AUC, Gini and KS from {score, goods, bads} triples sorted by ascending score. */
  static SampleMetrics fromCounts(List<double[]> ascending, long rows, long bads) {
    double goods = rows - bads;
    if (bads == 0 || goods == 0) {
      throw new IllegalArgumentException(String.format(
          "Cannot compute AUC/KS on %d rows with %d bad: both goods and bads are needed", rows, bads));
    }
    double goodsBelow = 0;
    double badsBelow = 0;
    double concordant = 0;
    double ks = 0;
    for (double[] c : ascending) {
      // A bad at this score is ranked correctly against every good scoring higher; ties count half.
      concordant += c[2] * (goods - goodsBelow - c[1]) + 0.5 * c[2] * c[1];
      goodsBelow += c[1];
      badsBelow += c[2];
      ks = Math.max(ks, Math.abs(badsBelow / bads - goodsBelow / goods));
    }
    double auc = concordant / (goods * bads);
    return new SampleMetrics(rows, bads, (double) bads / rows, auc, 2 * auc - 1, ks, null);
  }

  /**
   * AUC of any numeric column where higher means riskier (e.g. a pd), with Spark's
   * {@link BinaryClassificationEvaluator} without down-sampling (exact, ties count half).
   * Rows with a null in either column are left out.
   */
  public static double auc(Dataset<Row> data, String riskColumn, String badColumn) {
    Dataset<Row> pairs = data
        .select(col(riskColumn).cast("double").as("risk"), col(badColumn).cast("double").as("label"))
        .na().drop();
    return new BinaryClassificationEvaluator()
        .setRawPredictionCol("risk")
        .setLabelCol("label")
        .setMetricName("areaUnderROC")
        .setNumBins(0)
        .evaluate(pairs);
  }

  /**
   * Rows, bads, AUC, Gini and KS of a continuous risk column (higher = riskier, e.g. a pd), exact, with Spark's
   * {@link BinaryClassificationMetrics} without down-sampling: KS is the largest gap between the true and the false
   * positive rate along its ROC curve. Rows with a null in either column are left out.
   */
  public static SampleMetrics evaluateRisk(Dataset<Row> data, String riskColumn, String badColumn) {
    Dataset<Row> pairs = data
        .select(col(riskColumn).cast("double").as("risk"), col(badColumn).cast("double").as("label"))
        .na().drop();
    Row totals = pairs.agg(count(lit(1)), sum(col("label"))).first();
    long rows = totals.getLong(0);
    long bads = totals.isNullAt(1) ? 0 : Math.round(totals.getDouble(1));
    if (bads == 0 || bads == rows) {
      throw new IllegalArgumentException(String.format(
          "Cannot compute AUC/KS of %s on %d rows with %d bad: both goods and bads are needed", riskColumn, rows, bads));
    }
    JavaRDD<Tuple2<Object, Object>> scoreAndLabel = pairs.javaRDD()
        .map(r -> new Tuple2<Object, Object>(r.getDouble(0), r.getDouble(1)));
    BinaryClassificationMetrics curves = new BinaryClassificationMetrics(scoreAndLabel.rdd(), 0);
    try {
      double auc = curves.areaUnderROC();
      double ks = curves.roc().toJavaRDD()
          .map(p -> Math.abs((Double) p._2() - (Double) p._1()))
          .reduce((a, b) -> Math.max(a, b));
      return new SampleMetrics(rows, bads, (double) bads / rows, auc, 2 * auc - 1, ks, null);
    } finally {
      curves.unpersist();
    }
  }

  /**
   * PSI of an integer score from {@code expected} (training) to {@code actual} (held-out), over bands
   * cut at the deciles of the expected scores: {@code sum((a - e) * ln(a / e))} over bands, shares
   * floored at {@link #PSI_FLOOR}.
   */
  public static List<ScoreBand> psiBands(
      Dataset<Row> expected, Dataset<Row> actual, String scoreColumn, String badColumn) {
    double[] deciles = expected.stat().approxQuantile(
        scoreColumn, new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}, 0.001);
    int[] edges = Arrays.stream(deciles).mapToInt(d -> (int) Math.round(d)).distinct().sorted().toArray();
    Column band = lit(edges.length);
    for (int i = edges.length - 1; i >= 0; i--) {
      band = when(col(scoreColumn).lt(edges[i]), lit(i)).otherwise(band);
    }
    Map<Integer, long[]> exp = bandCounts(expected, band, badColumn);
    Map<Integer, long[]> act = bandCounts(actual, band, badColumn);
    long expTotal = exp.values().stream().mapToLong(c -> c[0]).sum();
    long actTotal = act.values().stream().mapToLong(c -> c[0]).sum();
    List<ScoreBand> bands = new ArrayList<>();
    for (int i = 0; i <= edges.length; i++) {
      long[] e = exp.getOrDefault(i, new long[2]);
      long[] a = act.getOrDefault(i, new long[2]);
      double eShare = expTotal == 0 ? 0 : (double) e[0] / expTotal;
      double aShare = actTotal == 0 ? 0 : (double) a[0] / actTotal;
      double ef = Math.max(eShare, PSI_FLOOR);
      double af = Math.max(aShare, PSI_FLOOR);
      bands.add(new ScoreBand(
          i == 0 ? null : edges[i - 1], i == edges.length ? null : edges[i],
          e[0], eShare, e[0] == 0 ? 0 : (double) e[1] / e[0],
          a[0], aShare, a[0] == 0 ? 0 : (double) a[1] / a[0],
          (af - ef) * Math.log(af / ef)));
    }
    return bands;
  }

  /** The PSI of bands from {@link #psiBands}. */
  public static double psi(List<ScoreBand> bands) {
    return bands.stream().mapToDouble(ScoreBand::psi).sum();
  }

  private static Map<Integer, long[]> bandCounts(Dataset<Row> data, Column band, String badColumn) {
    Map<Integer, long[]> counts = new HashMap<>();
    for (Row r : data.groupBy(band.as("band"))
        .agg(count(lit(1)), sum(col(badColumn).cast("long")))
        .collectAsList()) {
      counts.put(r.getInt(0), new long[] {r.getLong(1), r.isNullAt(2) ? 0 : r.getLong(2)});
    }
    return counts;
  }
}
