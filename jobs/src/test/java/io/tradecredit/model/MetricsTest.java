package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tradecredit.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class MetricsTest extends SparkTestBase {
  private static final StructType SCORED = DataTypes.createStructType(List.of(
      DataTypes.createStructField("score", DataTypes.IntegerType, false),
      DataTypes.createStructField("bad", DataTypes.IntegerType, false)));

  private static Dataset<Row> scored(int[][] scoreAndBad) {
    List<Row> rows = new ArrayList<>();
    for (int[] r : scoreAndBad) {
      rows.add(RowFactory.create(r[0], r[1]));
    }
    return spark().createDataFrame(rows, SCORED);
  }

  /**
   * Bads at 400, 500, 600; goods at 500, 600, 700, 800. Pairs (bad, good) ranked right: 400 below all
   * 4 goods, 500 below 3 and tied with 1, 600 below 2 and tied with 1: (4 + 3.5 + 2.5) / 12 = 10/12.
   * KS: after 400: 1/3 - 0; after 500: 2/3 - 1/4 = 5/12; after 600: 1 - 1/2 = 1/2 (the largest).
   */
  @Test
  void aucGiniAndKsMatchTheHandComputation() {
    Dataset<Row> data = scored(new int[][] {{400, 1}, {500, 1}, {600, 1}, {500, 0}, {600, 0}, {700, 0}, {800, 0}});
    Metrics.SampleMetrics m = Metrics.evaluate(data, "score", "bad");
    assertEquals(7, m.rows());
    assertEquals(3, m.bads());
    assertEquals(10.0 / 12, m.auc(), 1e-12);
    assertEquals(2 * 10.0 / 12 - 1, m.gini(), 1e-12);
    assertEquals(0.5, m.ks(), 1e-12);
    // Spark's evaluator on the risk (minus the score) agrees.
    assertEquals(10.0 / 12, Metrics.auc(data.selectExpr("-score as risk", "bad"), "risk", "bad"), 1e-12);
    // So do the ROC-curve figures of a continuous risk column.
    Metrics.SampleMetrics risk = Metrics.evaluateRisk(data.selectExpr("-score / 1000.0 as risk", "bad"), "risk", "bad");
    assertEquals(m.rows(), risk.rows());
    assertEquals(m.bads(), risk.bads());
    assertEquals(m.auc(), risk.auc(), 1e-12);
    assertEquals(m.gini(), risk.gini(), 1e-12);
    assertEquals(m.ks(), risk.ks(), 1e-12);
  }

  @Test
  void psiIsZeroForTheSameDistributionAndGrowsWithAShift() {
    int[][] base = new int[200][];
    int[][] shifted = new int[200][];
    for (int i = 0; i < 200; i++) {
      base[i] = new int[] {300 + 2 * i, i % 10 == 0 ? 1 : 0};
      shifted[i] = new int[] {400 + 2 * i, i % 10 == 0 ? 1 : 0};
    }
    List<Metrics.ScoreBand> same = Metrics.psiBands(scored(base), scored(base), "score", "bad");
    assertEquals(0.0, Metrics.psi(same), 1e-12);
    assertEquals(10, same.size());
    assertEquals(200, same.stream().mapToLong(Metrics.ScoreBand::trainCount).sum());
    List<Metrics.ScoreBand> moved = Metrics.psiBands(scored(base), scored(shifted), "score", "bad");
    // Half the shifted scores land in the top band: PSI well above the usual 0.25 alarm.
    assertEquals(200, moved.stream().mapToLong(Metrics.ScoreBand::testCount).sum());
    assertEquals(true, Metrics.psi(moved) > 0.25, "PSI " + Metrics.psi(moved));
  }
}
