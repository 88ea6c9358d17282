package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Rows collapsed to their distinct combinations of values, each with its number of rows and of bads.
 *
 * <p>A scorecard's characteristics take a handful of values each (one WoE per bin), and a score a few hundred, so
 * many rows share a combination, and the log-likelihood of a logistic regression is the same summed over
 * combinations weighted by their counts as summed over rows. One Spark aggregation then serves every fit of the
 * trainer (each refit after a wrong sign drops a characteristic), the correlations between characteristics and the
 * calibration, on the driver by Newton's method ({@link Newton}), where Spark's L-BFGS runs a job per iteration (up
 * to 200 per fit).
 */
final class DistinctRows {
  /** Combinations up to which fits run on the driver (a few hundred megabytes at twenty characteristics). */
  static final int MAX_PATTERNS = 1_000_000;

  private final double[][] x;
  private final double[] rows;
  private final double[] bads;

  private DistinctRows(double[][] x, double[] rows, double[] bads) {
    this.x = x;
    this.rows = rows;
    this.bads = bads;
  }

  /**
   * The distinct values of {@code columns} in {@code data} with their row and bad counts ({@code bad} is 0/1), or
   * null when there are more than {@link #MAX_PATTERNS} of them.
   */
  static DistinctRows of(Dataset<Row> data, List<String> columns, String bad) {
    return of(data, columns, bad, MAX_PATTERNS);
  }

  /** As {@link #of(Dataset, List, String)}, null beyond {@code maxPatterns} combinations. */
  static DistinctRows of(Dataset<Row> data, List<String> columns, String bad, int maxPatterns) {
    List<Row> groups = data.groupBy(columns.stream().map(c -> col(c)).toArray(Column[]::new))
        .agg(count(lit(1)), sum(col(bad)))
        .limit(maxPatterns + 1)
        .collectAsList();
    if (groups.size() > maxPatterns) {
      return null;
    }
    int p = columns.size();
    double[][] x = new double[groups.size()][p];
    double[] rows = new double[groups.size()];
    double[] bads = new double[groups.size()];
    for (int i = 0; i < groups.size(); i++) {
      Row g = groups.get(i);
      for (int a = 0; a < p; a++) {
        x[i][a] = ((Number) g.get(a)).doubleValue();
      }
      rows[i] = g.getLong(p);
      bads[i] = ((Number) g.get(p + 1)).doubleValue();
    }
    return new DistinctRows(x, rows, bads);
  }

  /** {intercept, coefficients...} of the bad flag on the columns at {@code indexes}, MLlib's objective. */
  double[] fit(List<Integer> indexes, double regParam) {
    double[][] design = new double[x.length][indexes.size()];
    for (int i = 0; i < x.length; i++) {
      for (int a = 0; a < indexes.size(); a++) {
        design[i][a] = x[i][indexes.get(a)];
      }
    }
    return Newton.fit(design, rows, bads, regParam);
  }

  /** Pearson correlation of columns {@code a} and {@code b} over the rows; NaN when either is constant. */
  double correlation(int a, int b) {
    double n = 0;
    double meanA = 0;
    double meanB = 0;
    for (int i = 0; i < x.length; i++) {
      n += rows[i];
      meanA += rows[i] * x[i][a];
      meanB += rows[i] * x[i][b];
    }
    meanA /= n;
    meanB /= n;
    double covariance = 0;
    double varA = 0;
    double varB = 0;
    for (int i = 0; i < x.length; i++) {
      double da = x[i][a] - meanA;
      double db = x[i][b] - meanB;
      covariance += rows[i] * da * db;
      varA += rows[i] * da * da;
      varB += rows[i] * db * db;
    }
    return varA == 0 || varB == 0 ? Double.NaN : covariance / Math.sqrt(varA * varB);
  }
}
