package io.tradecredit.publish;

import static org.apache.spark.sql.functions.*;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Population stability of the score distribution over ten equal-width bins of 300..850: the gate's
 * {@code score_psi} and the monitoring page's drift per country and platform are the same index.
 */
public final class ScorePsi {
  public static final int BINS = 10;
  /** Shares below this are raised to it, so that an empty bin does not make the index infinite. */
  private static final double FLOOR = 1e-4;

  private ScorePsi() {}

  /** The bin of a score, 0..9; scores outside 300..850 fall into the nearest end bin. */
  public static Column bin(Column score) {
    return least(greatest(floor(score.minus(300).divide(55.0)), lit(0)), lit(BINS - 1)).cast("int");
  }

  /** The index between two score tables (column {@code score}), both counted per bin in one job. */
  public static double psi(Dataset<Row> current, Dataset<Row> previous) {
    List<Row> rows = current.select(lit(0).as("side"), bin(col("score")).as("bin"))
        .unionByName(previous.select(lit(1).as("side"), bin(col("score")).as("bin")))
        .groupBy("side", "bin").count().collectAsList();
    return index(counts(rows, 0), counts(rows, 1));
  }

  /** The index between two distributions given as counts per bin. */
  public static double index(long[] current, long[] previous) {
    double[] cur = shares(current);
    double[] prev = shares(previous);
    double psi = 0;
    for (int i = 0; i < BINS; i++) {
      double c = Math.max(cur[i], FLOOR);
      double p = Math.max(prev[i], FLOOR);
      psi += (c - p) * Math.log(c / p);
    }
    return psi;
  }

  /** Counts per bin of one side from rows of (side, bin, count); a null bin (no score) is left out. */
  private static long[] counts(List<Row> rows, int side) {
    long[] counts = new long[BINS];
    for (Row r : rows) {
      if (r.getInt(0) == side && !r.isNullAt(1)) {
        counts[r.getInt(1)] += r.getLong(2);
      }
    }
    return counts;
  }

  private static double[] shares(long[] counts) {
    double total = 0;
    for (long c : counts) {
      total += c;
    }
    double[] s = new double[BINS];
    for (int i = 0; i < BINS && total > 0; i++) {
      s[i] = counts[i] / total;
    }
    return s;
  }
}
