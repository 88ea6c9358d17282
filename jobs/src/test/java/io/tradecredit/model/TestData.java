package io.tradecredit.model;

import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Small labelled tables for the model tests, built in memory. */
final class TestData {
  private TestData() {}

  static final StructType COMPANIES = DataTypes.createStructType(List.of(
      DataTypes.createStructField("company_id", DataTypes.StringType, false),
      DataTypes.createStructField("days_late", DataTypes.DoubleType, true),
      DataTypes.createStructField("orders", DataTypes.IntegerType, true),
      DataTypes.createStructField("status", DataTypes.StringType, true),
      DataTypes.createStructField("noise", DataTypes.DoubleType, true),
      DataTypes.createStructField("bad", DataTypes.IntegerType, false)));

  /**
   * Companies with a latent quality: days late rises and orders fall with risk, a non-ACTIVE status
   * is riskier, noise is noise; about 10% bad. No as-of date, so training splits at random.
   */
  static Dataset<Row> companies(SparkSession spark, int n, long seed) {
    Random rng = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double z = rng.nextGaussian();
      Double daysLate = rng.nextDouble() < 0.1 ? null : (double) Math.max(0, Math.round(10 - 8 * z + 6 * rng.nextGaussian()));
      Integer orders = rng.nextDouble() < 0.2 ? null : (int) Math.max(0, Math.round(20 + 10 * z + 8 * rng.nextGaussian()));
      String status = rng.nextDouble() < 0.05 ? null : rng.nextDouble() < 1 / (1 + Math.exp(2.5 + 1.2 * z)) ? "INACTIVE" : "ACTIVE";
      double pd = 1 / (1 + Math.exp(2.6 + 1.4 * z));
      rows.add(RowFactory.create("C" + i, daysLate, orders, status, rng.nextGaussian(), rng.nextDouble() < pd ? 1 : 0));
    }
    return spark.createDataFrame(rows, COMPANIES);
  }

  static final StructType COUNTRIES = DataTypes.createStructType(List.of(
      DataTypes.createStructField("company_id", DataTypes.StringType, false),
      DataTypes.createStructField("country", DataTypes.StringType, true),
      DataTypes.createStructField("days_late", DataTypes.DoubleType, true),
      DataTypes.createStructField("status", DataTypes.StringType, true),
      DataTypes.createStructField("bad", DataTypes.IntegerType, false)));

  /**
   * Companies in {@code countries} drawn with the given {@code shares}, with the risk of {@link #companies} seen through
   * days late and status alike everywhere, except that companies of {@code country} default with {@code extraLogit}
   * more log-odds than their features say (a risk no characteristic carries). {@code fewGoods} companies of
   * {@code quiet} are all good.
   */
  static Dataset<Row> companiesByCountry(SparkSession spark, int n, long seed, List<String> countries,
      double[] shares, String country, double extraLogit, String quiet, int fewGoods) {
    Random rng = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      String c = countries.get(countries.size() - 1);
      for (int k = 0; k < countries.size(); k++) {
        u -= shares[k];
        if (u < 0) {
          c = countries.get(k);
          break;
        }
      }
      double z = rng.nextGaussian();
      Double daysLate = rng.nextDouble() < 0.1 ? null : (double) Math.max(0, Math.round(10 - 8 * z + 6 * rng.nextGaussian()));
      String status = rng.nextDouble() < 1 / (1 + Math.exp(2.5 + 1.2 * z)) ? "INACTIVE" : "ACTIVE";
      double logit = -2.6 - 1.4 * z + (c.equals(country) ? extraLogit : 0);
      rows.add(RowFactory.create("C" + i, c, daysLate, status, rng.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0));
    }
    for (int i = 0; i < fewGoods; i++) {
      rows.add(RowFactory.create("Q" + i, quiet, 10.0, "ACTIVE", 0));
    }
    return spark.createDataFrame(rows, COUNTRIES);
  }

  static final StructType SEGMENTS = DataTypes.createStructType(List.of(
      DataTypes.createStructField("as_of_date", DataTypes.DateType, false),
      DataTypes.createStructField("segment", DataTypes.StringType, true),
      DataTypes.createStructField("x", DataTypes.DoubleType, true),
      DataTypes.createStructField("bad", DataTypes.IntegerType, false)));

  /** {@code goods} good and {@code bads} bad rows of one (segment, x) on one as-of date. */
  static void add(List<Row> rows, String asOf, String segment, Double x, int goods, int bads) {
    for (int i = 0; i < goods + bads; i++) {
      rows.add(RowFactory.create(Date.valueOf(asOf), segment, x, i < bads ? 1 : 0));
    }
  }

  /** A hand-built model: days_late (numeric) and status (categorical), points chosen for easy sums. */
  static Scorecard manualModel() {
    Characteristic daysLate = new Characteristic("days_late", Characteristic.Type.NUMERIC,
        "DAYS_LATE", "Pays late", "DAYS_LATE_MISSING", "No payments on record", Characteristic.Trend.INCREASING, 0.5,
        List.of(
            bin(Bin.Kind.RANGE, null, 5.0, null, 300),
            bin(Bin.Kind.RANGE, 5.0, 30.0, null, 250),
            bin(Bin.Kind.RANGE, 30.0, null, null, 150),
            bin(Bin.Kind.MISSING, null, null, null, 200)));
    Characteristic status = new Characteristic("status", Characteristic.Type.CATEGORICAL,
        "STATUS", "Not active", "NO_REGISTRY", "No registry record", Characteristic.Trend.NONE, 0.3,
        List.of(
            bin(Bin.Kind.VALUES, null, null, List.of("ACTIVE"), 300),
            bin(Bin.Kind.VALUES, null, null, List.of("INACTIVE", "SUSPENDED"), 100),
            bin(Bin.Kind.MISSING, null, null, null, 150)));
    Characteristic capital = new Characteristic("capital", Characteristic.Type.NUMERIC,
        "CAPITAL", "Low capital", "NO_REGISTRY", "No registry record", Characteristic.Trend.DECREASING, 0.1,
        List.of(
            bin(Bin.Kind.RANGE, null, 1000.0, null, 0),
            bin(Bin.Kind.RANGE, 1000.0, null, null, 400),
            bin(Bin.Kind.SPECIAL, null, null, null, 10),
            bin(Bin.Kind.MISSING, null, null, null, 0)));
    return new Scorecard("test-v1", "2026-01-01T00:00:00Z", "hand-built for tests", null,
        new LabelDefinition("bad", "1", "bad = 1"), List.of(daysLate, status, capital),
        new Logistic(-3.0, Map.of("days_late", -1.0, "status", -1.0, "capital", -1.0)),
        Scaling.of(20, 600, 50, 300, 850),
        new Calibration(Calibration.LOGISTIC, 8.0, -0.02, 1000, 50),
        GradeBand.DEFAULTS, null);
  }

  private static Bin bin(Bin.Kind kind, Double lower, Double upper, List<String> values, int points) {
    String label = kind == Bin.Kind.RANGE ? Bin.rangeLabel(lower, upper) : kind == Bin.Kind.VALUES ? String.join(", ", values) : kind.name();
    return new Bin(kind, label, lower, upper, values, kind == Bin.Kind.SPECIAL ? List.of(-1.0) : null, 10, 1, 0.1, 0.0, points);
  }

  static final StructType FEATURES = DataTypes.createStructType(List.of(
      DataTypes.createStructField("company_id", DataTypes.StringType, false),
      DataTypes.createStructField("days_late", DataTypes.DoubleType, true),
      DataTypes.createStructField("status", DataTypes.StringType, true),
      DataTypes.createStructField("capital", DataTypes.DoubleType, true)));
}
