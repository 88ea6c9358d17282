package io.tradecredit.model;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.slice;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Applies a {@link Scorecard} to a features table, as Spark column expressions (one CASE WHEN per
 * characteristic), adding:
 * <ul>
 *   <li>{@code score} int: the sum of the company's bin points, clipped to the model's 300..850;
 *   <li>{@code pd_12m} double: the calibrated pd of the score (monotone: a higher score, a lower pd);
 *   <li>{@code grade} string: the first grade band whose pd limit is at or above pd_12m;
 *   <li>{@code reasons} array&lt;struct&lt;code:string, text:string, points:int&gt;&gt;: up to
 *       {@value #MAX_REASONS} characteristics whose points fall furthest below the best bin of that
 *       characteristic, most adverse first; {@code points} is the company's points minus the best
 *       points, always negative; a characteristic at its best bin is no reason. Characteristics that
 *       report the same code (missing for one cause) make one reason with their points added up.
 *       Ties keep model order.
 * </ul>
 */
public final class ScorecardScorer {
  /** Added column: int score, 300..850 with the default scaling. */
  public static final String SCORE = "score";
  /** Added column: double, calibrated probability of a credit event within 12 months. */
  public static final String PD_12M = "pd_12m";
  /** Added column: string grade from the model's bands. */
  public static final String GRADE = "grade";
  /** Added column: array of (code, text, points) reasons, most adverse first. */
  public static final String REASONS = "reasons";
  /** Most reasons reported per company. */
  public static final int MAX_REASONS = 4;

  private static final String POINTS_PREFIX = "__scorecard_points_";

  private ScorecardScorer() {}

  /**
   * The features with {@code score}, {@code pd_12m}, {@code grade} and {@code reasons} added.
   *
   * @throws IllegalArgumentException if a characteristic's column is missing or of the wrong type:
   *     NUMERIC needs a numeric column (double, or any other numeric type, read as double), CATEGORICAL
   *     a string column (or boolean, read as "true"/"false")
   */
  public static Dataset<Row> score(Dataset<Row> features, Scorecard model) {
    checkSchema(features.schema(), model);
    List<Characteristic> cs = model.characteristics();
    Map<String, Column> points = new LinkedHashMap<>();
    for (int i = 0; i < cs.size(); i++) {
      points.put(POINTS_PREFIX + i, BinExpressions.binValue(cs.get(i), Bin::points));
    }
    Calibration cal = model.calibration();
    Column score = col(SCORE);
    Column pd = lit(1.0).divide(lit(1.0).plus(exp(lit(-cal.intercept()).minus(lit(cal.slope()).multiply(score)))));
    return features
        .withColumns(points)
        .withColumn(SCORE, clip(sum(points.keySet().stream().map(ScorecardScorer::pointsColumn).toList()), model.scaling()))
        .withColumn(PD_12M, pd)
        .withColumn(GRADE, grade(col(PD_12M), model.gradeBands()))
        .withColumn(REASONS, reasons(cs))
        .drop(points.keySet().toArray(new String[0]));
  }

  /** The clipped integer score alone, for training before a calibration exists. */
  static Column scoreColumn(List<Characteristic> characteristics, Scaling scaling) {
    return clip(sum(characteristics.stream().map(c -> BinExpressions.binValue(c, Bin::points)).toList()), scaling);
  }

  /** Refuses a features table without a characteristic's column or with it in a type the model cannot read. */
  static void checkSchema(StructType schema, Scorecard model) {
    for (Characteristic c : model.characteristics()) {
      Optional<StructField> field = Arrays.stream(schema.fields()).filter(f -> f.name().equals(c.name())).findFirst();
      String expected = c.type() == Characteristic.Type.NUMERIC ? "double" : "string";
      if (field.isEmpty()) {
        throw new IllegalArgumentException(String.format(
            "Cannot score with model %s: characteristic %s must be a %s column, found no such column",
            model.version(), c.name(), expected));
      }
      DataType type = field.get().dataType();
      boolean readable = c.type() == Characteristic.Type.NUMERIC
          ? type instanceof NumericType
          : type instanceof StringType || type instanceof BooleanType;
      if (!readable) {
        throw new IllegalArgumentException(String.format(
            "Cannot score with model %s: characteristic %s must be a %s column, found %s",
            model.version(), c.name(), expected, type.simpleString()));
      }
    }
  }

  private static Column pointsColumn(String name) {
    return col(name);
  }

  private static Column sum(List<Column> columns) {
    Column total = lit(0);
    for (Column c : columns) {
      total = total.plus(c);
    }
    return total;
  }

  private static Column clip(Column total, Scaling scaling) {
    return greatest(lit(scaling.minScore()), least(lit(scaling.maxScore()), total)).cast("int");
  }

  private static Column grade(Column pd, List<GradeBand> bands) {
    Column e = when(pd.leq(bands.get(0).pdUpper()), lit(bands.get(0).grade()));
    for (GradeBand b : bands.subList(1, bands.size())) {
      e = e.when(pd.leq(b.pdUpper()), lit(b.grade()));
    }
    return e;
  }

  private static Column reasons(List<Characteristic> cs) {
    // Each reason code collects the shortfall of every characteristic that reports it for this row:
    // features missing for one cause (a company that never sold) share a code and become one reason.
    Map<String, String> textOf = new LinkedHashMap<>();
    Map<String, Column> shortfallOf = new LinkedHashMap<>();
    for (int i = 0; i < cs.size(); i++) {
      Characteristic c = cs.get(i);
      Column x = BinExpressions.input(c);
      Column missing = c.type() == Characteristic.Type.NUMERIC ? x.isNull().or(isnan(x)) : x.isNull();
      Column shortfall = col(POINTS_PREFIX + i).minus(lit(c.bestPoints()));
      add(textOf, shortfallOf, c.reasonCode(), c.reasonText(), when(missing, lit(0)).otherwise(shortfall));
      add(textOf, shortfallOf, c.missingReasonCode(), c.missingReasonText(), when(missing, shortfall).otherwise(lit(0)));
    }
    List<Column> candidates = new ArrayList<>();
    int order = 0;
    for (Map.Entry<String, Column> e : shortfallOf.entrySet()) {
      // Field order matters: sort_array orders structs by points first, then by model order.
      candidates.add(struct(e.getValue().cast("int").as("points"), lit(order++).as("order"),
          lit(e.getKey()).as("code"), lit(textOf.get(e.getKey())).as("text")));
    }
    Column adverse = filter(array(candidates.toArray(new Column[0])), r -> r.getField("points").lt(0));
    Column ordered = transform(sort_array(adverse, true),
        r -> struct(r.getField("code").as("code"), r.getField("text").as("text"), r.getField("points").as("points")));
    return slice(ordered, 1, MAX_REASONS);
  }

  private static void add(Map<String, String> textOf, Map<String, Column> shortfallOf, String code, String text,
      Column shortfall) {
    textOf.putIfAbsent(code, text);
    shortfallOf.merge(code, shortfall, Column::plus);
  }
}
