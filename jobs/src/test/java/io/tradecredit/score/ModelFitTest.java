package io.tradecredit.score;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tradecredit.model.Characteristic;
import io.tradecredit.model.Scorecard;
import java.nio.file.Path;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ModelFitTest {
  static final Path SHIPPED = Path.of("..", "conf", "models", "scorecard-v1.json");

  /** A table with exactly the model's characteristics, each of the type it expects. */
  static StructType fitting(Scorecard model) {
    StructType schema = new StructType().add("company_id", DataTypes.StringType);
    for (Characteristic c : model.characteristics()) {
      schema = schema.add(c.name(), c.type() == Characteristic.Type.NUMERIC ? DataTypes.DoubleType
          : DataTypes.StringType);
    }
    return schema;
  }

  @Test
  void aTableWithEveryCharacteristicOfItsTypeFits() {
    Scorecard model = Scorecard.read(SHIPPED);
    assertDoesNotThrow(() -> ModelFit.check(model, fitting(model), "gold.company_features", "m.json"));
  }

  @Test
  void refusesAMissingColumnAndAWrongTypeNamingBoth() {
    Scorecard model = Scorecard.read(SHIPPED);
    Characteristic numeric = model.characteristics().stream()
        .filter(c -> c.type() == Characteristic.Type.NUMERIC).findFirst().orElseThrow();
    Characteristic other = model.characteristics().stream().filter(c -> c != numeric).findFirst().orElseThrow();
    StructType schema = new StructType();
    for (var f : fitting(model).fields()) {
      if (f.name().equals(numeric.name())) {
        schema = schema.add(f.name(), DataTypes.StringType);
      } else if (!f.name().equals(other.name())) {
        schema = schema.add(f);
      }
    }
    StructType table = schema;

    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ModelFit.check(model, table, "gold.company_features", "conf/models/x.json"));

    String m = e.getMessage();
    assertTrue(m.startsWith("Cannot score with model " + model.version() + " (conf/models/x.json): it does not "
        + "match gold.company_features: "), m);
    assertTrue(m.contains("'" + other.name() + "' is not a column"), m);
    assertTrue(m.contains("'" + numeric.name() + "' is NUMERIC in the model but string in the table"), m);
    assertTrue(m.endsWith("Train a model on these features or point model.path at one that was."), m);
  }
}
