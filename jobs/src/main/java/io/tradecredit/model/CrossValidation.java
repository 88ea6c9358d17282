package io.tradecredit.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the L2 penalty, the min bin share and the max bins of a scorecard by k-fold cross-validation inside the
 * training sample: for every setting of the grid, each fold is scored by a scorecard binned and fitted on the other
 * folds, and the setting with the best mean validation AUC wins (ties go to the earlier, simpler setting).
 *
 * <p>Only the training sample is read, so the held-out figures stay an honest estimate. The fine classing (quantile
 * cut points, AUTO trends) is that of the whole training sample: it uses no label but the trend's sign. Per fold the
 * pipeline is the trainer's: coarse classing ({@link ScorecardTrainer#coarse}), WoE, min-iv, a penalised logistic
 * regression with the same objective as Spark's ({@code regParam}, unstandardised), and the drop of characteristics
 * with a wrong-signed coefficient. The correlation filter is left out: it rarely changes which setting wins and
 * would cost a correlation matrix per fold.
 *
 * <p>It runs on the driver over the rows' fine-bin indices (one int per characteristic and row; at most
 * {@code cv-max-rows} rows, sampled down beyond): a grid of 45 settings and 5 folds is some 225 small Newton fits,
 * 80 s at 45,000 rows and 16 candidates on a loaded 2-core machine (bench/RESULTS.md), where as many Spark fits
 * would take an hour.
 */
public final class CrossValidation {
  private static final Logger LOG = LoggerFactory.getLogger(CrossValidation.class);

  private CrossValidation() {}

  /** One point of the grid. */
  @JsonPropertyOrder({"reg_param", "min_bin_share", "max_bins"})
  public record Setting(double regParam, double minBinShare, int maxBins) {}

  /** A setting with its validation AUC over the folds. */
  @JsonPropertyOrder({"setting", "mean_auc", "sd_auc"})
  public record Scored(Setting setting, double meanAuc, double sdAuc) {}

  /**
   * What cross-validation chose and why.
   *
   * @param folds folds of the training sample
   * @param rows training rows it used (all, or a stratified sample of {@code cv-max-rows})
   * @param chosen the setting with the best mean validation AUC
   * @param validationAuc its mean validation AUC
   * @param grid every setting with its mean and standard deviation of the validation AUC, in grid order
   * @param seconds time it took
   */
  @JsonPropertyOrder({"folds", "rows", "chosen", "validation_auc", "grid", "seconds"})
  public record Tuning(int folds, long rows, Setting chosen, double validationAuc, List<Scored> grid,
      double seconds) {
    public Tuning {
      grid = List.copyOf(grid);
    }
  }

  /** The grid in the order ties are broken: stronger penalty, larger bins and fewer of them first. */
  static List<Setting> grid(TrainerOptions o) {
    List<Setting> grid = new ArrayList<>();
    for (double share : o.cvMinBinShares().stream().sorted((a, b) -> Double.compare(b, a)).toList()) {
      for (int bins : o.cvMaxBins().stream().sorted().toList()) {
        for (double reg : o.cvRegParams().stream().sorted((a, b) -> Double.compare(b, a)).toList()) {
          grid.add(new Setting(reg, share, bins));
        }
      }
    }
    return grid;
  }

  /** Cross-validates the grid on {@code train} (rows with the trainer's bad flag) and returns the choice. */
  static Tuning choose(Dataset<Row> train, ScorecardTrainer.FineClassing fine, TrainerOptions o) {
    long started = System.nanoTime();
    Sample s = sample(train, fine, o);
    int[] fold = folds(s.bad, o.cvFolds(), o.seed());
    List<Setting> grid = grid(o);
    double[][] auc = new double[grid.size()][o.cvFolds()];
    for (int f = 0; f < o.cvFolds(); f++) {
      // counts[i][k] = {rows, bads} of fine bin k of characteristic i on the other folds
      long[][][] counts = new long[s.keys.size()][][];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = new long[s.keys.get(i).size()][2];
      }
      long rows = 0;
      long bads = 0;
      for (int r = 0; r < s.bad.length; r++) {
        if (fold[r] != f) {
          for (int i = 0; i < counts.length; i++) {
            counts[i][s.index[r][i]][0]++;
            counts[i][s.index[r][i]][1] += s.bad[r];
          }
          rows++;
          bads += s.bad[r];
        }
      }
      for (int g = 0; g < grid.size(); g++) {
        Setting setting = grid.get(g);
        // Binning does not depend on the penalty: one classing serves the penalties of a bin setting.
        if (g > 0 && sameBins(setting, grid.get(g - 1))) {
          continue;
        }
        TrainerOptions binning = o.with(setting);
        List<Characteristic> strong = new ArrayList<>();
        List<double[]> woe = new ArrayList<>();
        List<Integer> column = new ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
          Map<String, long[]> byKey = new HashMap<>();
          for (int k = 0; k < counts[i].length; k++) {
            byKey.put(s.keys.get(i).get(k), counts[i][k]);
          }
          Characteristic c = ScorecardTrainer.coarse(fine, i, byKey, binning, rows - bads, bads);
          if (c.iv() >= o.minIv()) {
            strong.add(c);
            woe.add(woeByKey(c, s.keys.get(i), fine.cuts().get(c.name())));
            column.add(i);
          }
        }
        for (int h = g; h < grid.size() && sameBins(grid.get(h), setting); h++) {
          auc[h][f] = validationAuc(s, fold, f, strong, woe, column, grid.get(h).regParam());
        }
      }
    }
    List<Scored> scored = new ArrayList<>();
    int best = 0;
    for (int g = 0; g < grid.size(); g++) {
      double mean = Arrays.stream(auc[g]).average().orElse(0.5);
      double sd = Math.sqrt(Arrays.stream(auc[g]).map(a -> (a - mean) * (a - mean)).sum() / Math.max(1, o.cvFolds() - 1));
      scored.add(new Scored(grid.get(g), mean, sd));
      if (mean > scored.get(best).meanAuc()) {
        best = g;
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Tuning t = new Tuning(o.cvFolds(), s.bad.length, grid.get(best), scored.get(best).meanAuc(), scored, seconds);
    LOG.info("Cross-validation ({} folds, {} rows, {} settings) chose reg-param {}, min-bin-share {}, max-bins {}: "
        + "validation AUC {} in {} s", t.folds(), t.rows(), grid.size(), t.chosen().regParam(),
        t.chosen().minBinShare(), t.chosen().maxBins(), String.format("%.4f", t.validationAuc()),
        String.format("%.1f", seconds));
    return t;
  }

  private static boolean sameBins(Setting a, Setting b) {
    return a.minBinShare() == b.minBinShare() && a.maxBins() == b.maxBins();
  }

  /** The training rows as fine-bin indices: {@code index[row][characteristic]}, with each one's key names. */
  private record Sample(int[][] index, int[] bad, List<List<String>> keys) {}

  private static Sample sample(Dataset<Row> train, ScorecardTrainer.FineClassing fine, TrainerOptions o) {
    long n = train.count();
    Dataset<Row> rows = train;
    if (n > o.cvMaxRows()) {
      double f = (double) o.cvMaxRows() / n;
      rows = train.stat().sampleBy(col(ScorecardTrainer.BAD), Map.of(0, f, 1, f), o.seed());
    }
    int p = fine.keys().size();
    List<List<String>> keys = new ArrayList<>();
    List<Map<String, Integer>> dictionary = new ArrayList<>();
    for (int i = 0; i < p; i++) {
      keys.add(new ArrayList<>());
      dictionary.add(new HashMap<>());
    }
    List<int[]> index = new ArrayList<>();
    List<Integer> bad = new ArrayList<>();
    Iterator<Row> it = rows.select(col(ScorecardTrainer.BAD), array(fine.keys().toArray(new Column[0])))
        .toLocalIterator();
    while (it.hasNext()) {
      Row r = it.next();
      List<String> k = r.getList(1);
      int[] row = new int[p];
      for (int i = 0; i < p; i++) {
        List<String> names = keys.get(i);
        row[i] = dictionary.get(i).computeIfAbsent(k.get(i), key -> {
          names.add(key);
          return names.size() - 1;
        });
      }
      index.add(row);
      bad.add(r.getInt(0));
    }
    return new Sample(index.toArray(new int[0][]), bad.stream().mapToInt(Integer::intValue).toArray(), keys);
  }

  /** Stratified folds: bads and goods each shuffled with the seed and dealt round-robin. */
  static int[] folds(int[] bad, int k, long seed) {
    int[] fold = new int[bad.length];
    SplittableRandom r = new SplittableRandom(seed);
    for (int label = 0; label <= 1; label++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < bad.length; i++) {
        if (bad[i] == label) {
          rows.add(i);
        }
      }
      for (int i = rows.size() - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        Integer t = rows.get(i);
        rows.set(i, rows.get(j));
        rows.set(j, t);
      }
      for (int i = 0; i < rows.size(); i++) {
        fold[rows.get(i)] = i % k;
      }
    }
    return fold;
  }

  /** The WoE of each fine bin's key, as {@link BinExpressions#binValue} assigns rows to bins. */
  static double[] woeByKey(Characteristic c, List<String> keys, double[] cuts) {
    double[] woe = new double[keys.size()];
    for (int k = 0; k < keys.size(); k++) {
      woe[k] = binOf(c, keys.get(k), cuts).woe();
    }
    return woe;
  }

  private static Bin binOf(Characteristic c, String key, double[] cuts) {
    if (key.equals("M")) {
      return c.missingBin();
    }
    if (key.equals("S")) {
      return c.bins(Bin.Kind.SPECIAL).get(0);
    }
    if (key.startsWith("V")) {
      String value = key.substring(1);
      return c.bins(Bin.Kind.VALUES).stream().filter(b -> b.values().contains(value)).findFirst()
          .orElse(c.missingBin());
    }
    // Fine range Rj starts at cut j-1 (R0 is unbounded below); coarse ranges are unions of fine ones.
    int j = Integer.parseInt(key.substring(1));
    double x = j == 0 ? Double.NEGATIVE_INFINITY : cuts[j - 1];
    List<Bin> ranges = c.bins(Bin.Kind.RANGE);
    for (Bin b : ranges) {
      if (b.upper() == null || x < b.upper()) {
        return b;
      }
    }
    return ranges.get(ranges.size() - 1);
  }

  /** Fits on the rows outside fold {@code f}, dropping wrong-signed characteristics, and returns fold f's AUC. */
  private static double validationAuc(Sample s, int[] fold, int f, List<Characteristic> strong, List<double[]> woe,
      List<Integer> column, double regParam) {
    List<Integer> kept = new ArrayList<>();
    for (int j = 0; j < strong.size(); j++) {
      kept.add(j);
    }
    double[] beta = null;
    while (!kept.isEmpty()) {
      beta = Newton.fit(design(s, fold, f, true, woe, column, kept), trainLabels(s, fold, f), regParam);
      int wrong = -1;
      for (int j = 0; j < kept.size(); j++) {
        if (beta[j + 1] > 0 && (wrong < 0 || strong.get(kept.get(j)).iv() < strong.get(kept.get(wrong)).iv())) {
          wrong = j;
        }
      }
      if (wrong < 0) {
        break;
      }
      kept.remove(wrong);
      beta = null;
    }
    if (beta == null) {
      return 0.5;
    }
    double[][] x = design(s, fold, f, false, woe, column, kept);
    List<double[]> risk = new ArrayList<>();
    int r = 0;
    for (int i = 0; i < s.bad.length; i++) {
      if (fold[i] == f) {
        risk.add(new double[] {Newton.eta(beta, x[r++]), s.bad[i]});
      }
    }
    return auc(risk);
  }

  private static double[][] design(Sample s, int[] fold, int f, boolean training, List<double[]> woe,
      List<Integer> column, List<Integer> kept) {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < s.bad.length; i++) {
      if ((fold[i] != f) == training) {
        double[] x = new double[kept.size()];
        for (int j = 0; j < kept.size(); j++) {
          x[j] = woe.get(kept.get(j))[s.index[i][column.get(kept.get(j))]];
        }
        rows.add(x);
      }
    }
    return rows.toArray(new double[0][]);
  }

  private static int[] trainLabels(Sample s, int[] fold, int f) {
    return java.util.stream.IntStream.range(0, s.bad.length).filter(i -> fold[i] != f).map(i -> s.bad[i]).toArray();
  }

  /** AUC of {risk, bad} pairs (higher risk = more likely bad), through {@link Metrics#fromCounts}. */
  static double auc(List<double[]> risk) {
    long bads = risk.stream().filter(p -> p[1] == 1).count();
    if (bads == 0 || bads == risk.size()) {
      return 0.5;
    }
    // fromCounts wants ascending scores where higher is better: the score is minus the risk.
    risk.sort((a, b) -> Double.compare(b[0], a[0]));
    List<double[]> ascending = new ArrayList<>();
    for (double[] p : risk) {
      double[] last = ascending.isEmpty() ? null : ascending.get(ascending.size() - 1);
      if (last == null || last[0] != -p[0]) {
        last = new double[] {-p[0], 0, 0};
        ascending.add(last);
      }
      last[p[1] == 1 ? 2 : 1]++;
    }
    return Metrics.fromCounts(ascending, risk.size(), bads).auc();
  }
}
