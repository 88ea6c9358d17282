package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.OneHotEncoder;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The yardstick the scorecard is measured against: a plain logistic regression (Spark MLlib, unregularised) on the
 * raw values of the same candidate columns, fitted on the same training sample and evaluated on the same held-out
 * sample. Numeric columns enter as they are, a missing value replaced by the column's training median; categorical
 * ones one-hot, a missing or unseen category all zeros. Nothing else: no binning, no transformation, no
 * interactions. What the scorecard ranks better than this is what binning buys it (non-linear and non-monotone
 * effects, missing values as evidence of their own).
 *
 * @param method the model in words
 * @param numeric the numeric columns it used
 * @param categorical the categorical columns it used, one-hot
 * @param test AUC, Gini and KS of its pd on the held-out sample
 */
@JsonPropertyOrder({"method", "numeric", "categorical", "test"})
public record Baseline(String method, List<String> numeric, List<String> categorical, Metrics.SampleMetrics test) {
  static final String METHOD = "logistic regression on raw values (Spark MLlib, unregularised): numeric columns as "
      + "they are with a missing value set to the training median, categorical columns one-hot";

  public Baseline {
    numeric = List.copyOf(numeric);
    categorical = List.copyOf(categorical);
  }

  /**
   * Fits on {@code train} and evaluates on {@code test}, both with the 0/1 column {@code badColumn}.
   * A numeric column without a single value in the training sample is left out (it has no median).
   */
  static Baseline fit(Dataset<Row> train, Dataset<Row> test, List<Characteristic> columns, String badColumn) {
    // Positional names: raw column names may hold dots or spaces that ML stages would misread.
    List<String> numeric = new ArrayList<>();
    List<String> categorical = new ArrayList<>();
    List<Column> select = new ArrayList<>(List.of(col(badColumn).cast("double").as(badColumn)));
    for (Characteristic c : columns) {
      if (c.type() == Characteristic.Type.NUMERIC) {
        select.add(BinExpressions.column(c.name()).cast("double").as("n" + numeric.size()));
        numeric.add(c.name());
      } else {
        select.add(BinExpressions.column(c.name()).cast("string").as("c" + categorical.size()));
        categorical.add(c.name());
      }
    }
    Dataset<Row> trainRaw = train.select(select.toArray(new Column[0]));
    Dataset<Row> testRaw = test.select(select.toArray(new Column[0]));

    Map<String, Object> medians = new HashMap<>();
    List<String> kept = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    if (!numeric.isEmpty()) {
      String[] names = java.util.stream.IntStream.range(0, numeric.size()).mapToObj(i -> "n" + i)
          .toArray(String[]::new);
      double[][] q = trainRaw.stat().approxQuantile(names, new double[] {0.5}, 0.001);
      for (int i = 0; i < names.length; i++) {
        if (q[i].length > 0 && !Double.isNaN(q[i][0])) {
          medians.put(names[i], q[i][0]);
          inputs.add(names[i]);
          kept.add(numeric.get(i));
        }
      }
    }
    List<PipelineStage> stages = new ArrayList<>();
    if (!categorical.isEmpty()) {
      String[] in = new String[categorical.size()];
      String[] index = new String[in.length];
      String[] oneHot = new String[in.length];
      for (int i = 0; i < in.length; i++) {
        in[i] = "c" + i;
        index[i] = "ci" + i;
        oneHot[i] = "co" + i;
        inputs.add(oneHot[i]);
      }
      // "keep" gives nulls and unseen values the extra last index, which dropLast turns into all zeros.
      stages.add(new StringIndexer().setInputCols(in).setOutputCols(index).setHandleInvalid("keep"));
      stages.add(new OneHotEncoder().setInputCols(index).setOutputCols(oneHot).setDropLast(true));
    }
    if (inputs.isEmpty()) {
      throw new IllegalStateException("Cannot fit the baseline: no column has a value in the training sample");
    }
    stages.add(new VectorAssembler().setInputCols(inputs.toArray(new String[0])).setOutputCol("features"));
    stages.add(new LogisticRegression()
        .setFamily("binomial")
        .setLabelCol(badColumn)
        .setFeaturesCol("features")
        .setRegParam(0.0)
        .setMaxIter(200)
        .setTol(1e-7));
    Dataset<Row> predicted = new Pipeline().setStages(stages.toArray(new PipelineStage[0]))
        .fit(trainRaw.na().fill(medians))
        .transform(testRaw.na().fill(medians))
        .select(org.apache.spark.ml.functions.vector_to_array(col("probability"), "float64").getItem(1).as("pd"),
            col(badColumn));
    return new Baseline(METHOD, kept, categorical, Metrics.evaluateRisk(predicted, "pd", badColumn));
  }
}
