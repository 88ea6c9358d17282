package io.tradecredit.model;

/**
 * L2-penalised logistic regression on the driver by Newton's method, with Spark MLlib's objective for
 * {@code regParam} and unstandardised features: mean log-loss plus {@code regParam / 2} times the squared
 * coefficients, the intercept not penalised. So a penalty chosen here ({@link CrossValidation}) means the same in
 * the final fit, which runs here too on the rows' distinct combinations ({@link DistinctRows}), or in Spark when they
 * are too many. Not MLlib's LogisticRegression here: cross-validation fits a model per setting and fold (225 by
 * default), the trainer refits after every characteristic it drops, and a Spark fit costs a job per iteration.
 */
final class Newton {
  private Newton() {}

  /** {intercept, coefficients...} of the bad flag {@code y} on {@code x}. */
  static double[] fit(double[][] x, int[] y, double regParam) {
    double[] rows = new double[x.length];
    double[] bads = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      rows[i] = 1;
      bads[i] = y[i];
    }
    return fit(x, rows, bads, regParam);
  }

  /**
   * As {@link #fit(double[][], int[], double)} with row {@code i} standing for {@code rows[i]} rows, {@code bads[i]}
   * of them bad ({@link DistinctRows}): the mean is over all the rows they stand for.
   */
  static double[] fit(double[][] x, double[] rows, double[] bads, double regParam) {
    int p = x.length == 0 ? 0 : x[0].length;
    double n = 0;
    for (double r : rows) {
      n += r;
    }
    double[] beta = new double[p + 1];
    double previous = Double.POSITIVE_INFINITY;
    for (int iteration = 0; iteration < 30; iteration++) {
      double[] gradient = new double[p + 1];
      double[][] hessian = new double[p + 1][p + 1];
      double loss = 0;
      for (int i = 0; i < x.length; i++) {
        double eta = eta(beta, x[i]);
        double prob = 1 / (1 + Math.exp(-eta));
        loss += rows[i] * (Math.log1p(Math.exp(-Math.abs(eta))) + Math.max(eta, 0)) - bads[i] * eta;
        double w = rows[i] * prob * (1 - prob);
        double residual = rows[i] * prob - bads[i];
        gradient[0] += residual;
        hessian[0][0] += w;
        for (int a = 0; a < p; a++) {
          gradient[a + 1] += residual * x[i][a];
          hessian[0][a + 1] += w * x[i][a];
          for (int b = a; b < p; b++) {
            hessian[a + 1][b + 1] += w * x[i][a] * x[i][b];
          }
        }
      }
      loss /= n;
      for (int a = 0; a <= p; a++) {
        gradient[a] /= n;
        for (int b = a; b <= p; b++) {
          hessian[a][b] /= n;
          hessian[b][a] = hessian[a][b];
        }
      }
      for (int a = 1; a <= p; a++) {
        loss += regParam / 2 * beta[a] * beta[a];
        gradient[a] += regParam * beta[a];
        // A tiny ridge keeps the system solvable when a column is constant or the classes separate.
        hessian[a][a] += regParam + 1e-9;
      }
      hessian[0][0] += 1e-9;
      double[] step = solve(hessian, gradient);
      for (int a = 0; a <= p; a++) {
        beta[a] -= step[a];
      }
      if (Math.abs(previous - loss) < 1e-10) {
        break;
      }
      previous = loss;
    }
    return beta;
  }

  static double eta(double[] beta, double[] x) {
    double eta = beta[0];
    for (int a = 0; a < x.length; a++) {
      eta += beta[a + 1] * x[a];
    }
    return eta;
  }

  /** Solves {@code a z = b} for a symmetric positive definite {@code a} (Cholesky). */
  private static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = a[i][j];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        l[i][j] = i == j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
      }
    }
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double sum = b[i];
      for (int k = 0; k < i; k++) {
        sum -= l[i][k] * z[k];
      }
      z[i] = sum / l[i][i];
    }
    for (int i = n - 1; i >= 0; i--) {
      double sum = z[i];
      for (int k = i + 1; k < n; k++) {
        sum -= l[k][i] * z[k];
      }
      z[i] = sum / l[i][i];
    }
    return z;
  }
}
