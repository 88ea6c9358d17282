package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.util.List;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.stat.Correlation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class DistinctRowsTest extends SparkTestBase {
  /** 3,000 rows over three columns of a few values each (as WoE columns are), the bad flag drawn from them. */
  private static Dataset<Row> rows() {
    return spark().range(3000).selectExpr(
            "cast(id % 3 as double) * 0.4 - 0.4 as w0",
            "cast((id * 7) % 5 as double) * 0.3 - 0.6 as w1",
            "cast((id * 13) % 4 as double) * 0.2 + if(id % 3 = 0, 0.1, 0) as w2",
            "rand(7) as u")
        .selectExpr("w0", "w1", "w2",
            "if(u < 1 / (1 + exp(1.2 + 1.1 * w0 + 0.8 * w1 + 0.3 * w2)), 1.0, 0.0) as bad");
  }

  @Test
  void collapsesTheRowsAndFitsWhatSparkFitsOnEveryRow() {
    Dataset<Row> data = rows().cache();
    DistinctRows distinct = DistinctRows.of(data, List.of("w0", "w1", "w2"), "bad");
    Dataset<Row> vectors = new VectorAssembler().setInputCols(new String[] {"w0", "w1", "w2"})
        .setOutputCol("features").transform(data);
    for (double regParam : new double[] {0, 0.05}) {
      LogisticRegressionModel spark = new LogisticRegression().setLabelCol("bad").setRegParam(regParam)
          .setStandardization(false).setMaxIter(500).setTol(1e-12).fit(vectors);
      double[] here = distinct.fit(List.of(0, 1, 2), regParam);
      assertEquals(spark.intercept(), here[0], 1e-5, "intercept at regParam " + regParam);
      for (int i = 0; i < 3; i++) {
        assertEquals(spark.coefficients().apply(i), here[i + 1], 1e-5, "coefficient " + i + " at " + regParam);
      }
    }
    // A fit on some columns only is the fit of those columns alone.
    LogisticRegressionModel two = new LogisticRegression().setLabelCol("bad").setStandardization(false)
        .setMaxIter(500).setTol(1e-12).fit(new VectorAssembler().setInputCols(new String[] {"w2", "w0"})
            .setOutputCol("features").transform(data));
    double[] here = distinct.fit(List.of(2, 0), 0);
    assertEquals(two.coefficients().apply(0), here[1], 1e-5);
    assertEquals(two.coefficients().apply(1), here[2], 1e-5);

    Matrix corr = Correlation.corr(vectors, "features").first().getAs(0);
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        if (a != b) {
          assertEquals(corr.apply(a, b), distinct.correlation(a, b), 1e-9, "correlation " + a + ", " + b);
        }
      }
    }
    data.unpersist();
  }

  @Test
  void aConstantColumnHasNoCorrelationAndTooManyCombinationsAreLeftToSpark() {
    DistinctRows constant = DistinctRows.of(rows().selectExpr("w0", "0.5 as w1", "bad"), List.of("w0", "w1"), "bad");
    assertTrue(Double.isNaN(constant.correlation(0, 1)));
    Dataset<Row> distinctRows = spark().range(101).selectExpr("cast(id as double) as w0", "cast(id % 2 as double) as bad");
    assertNull(DistinctRows.of(distinctRows, List.of("w0"), "bad", 100), "101 combinations, over a limit of 100");
    assertEquals(0.0, DistinctRows.of(distinctRows, List.of("w0"), "bad", 101).correlation(0, 0) - 1, 1e-12);
  }
}
