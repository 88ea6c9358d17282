package io.tradecredit.score;

import io.tradecredit.model.Characteristic;
import io.tradecredit.model.Scorecard;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Whether a model artifact can score a features table: every characteristic must be a column of the table, numeric
 * characteristics numeric and categorical ones text or boolean. A model trained on other features would otherwise
 * fail deep inside Spark, or worse, score every company from its MISSING bins.
 */
public final class ModelFit {
  private ModelFit() {}

  /** @throws IllegalStateException naming the model, the table and every mismatch */
  public static void check(Scorecard model, StructType features, String table, String modelPath) {
    List<String> problems = new ArrayList<>();
    for (Characteristic c : model.characteristics()) {
      StructField field = find(features, c.name());
      if (field == null) {
        problems.add("'" + c.name() + "' is not a column");
      } else if (!fits(c.type(), field.dataType())) {
        problems.add("'" + c.name() + "' is " + c.type() + " in the model but " + field.dataType().simpleString()
            + " in the table");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Cannot score with model " + model.version() + " (" + modelPath + "): it does "
          + "not match " + table + ": " + String.join("; ", problems) + ". Train a model on these features or "
          + "point model.path at one that was.");
    }
  }

  private static StructField find(StructType schema, String name) {
    for (StructField f : schema.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }

  private static boolean fits(Characteristic.Type type, DataType column) {
    return switch (type) {
      case NUMERIC -> column instanceof NumericType;
      case CATEGORICAL -> column instanceof StringType || column instanceof BooleanType;
    };
  }
}
