package io.tradecredit.model;

import static org.apache.spark.sql.functions.approx_count_distinct;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.covar_pop;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Matrix;
import org.apache.spark.ml.stat.Correlation;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link Scorecard} from any labelled table.
 *
 * <ol>
 *   <li>Label: rows with a null label are left out; a row is bad when its label equals the bad value.
 *   <li>Candidates: every column but the label, the country, the split, the as-of date, the benchmark and the
 *       excluded ones;
 *       numeric Spark types are NUMERIC, string and boolean CATEGORICAL, anything else is skipped;
 *       a string column with more than {@code max-categories} values is taken for an id and skipped.
 *   <li>Split: as a split column says when one is named, else out-of-time on the as-of date when there is one,
 *       else stratified random ({@link DataSplit}).
 *   <li>Binning on the training sample: numeric columns start from approxQuantile cut points and
 *       are merged by {@link Binning} (min bin share, monotone trend, max bins); categories start one
 *       per value. Nulls always get their own MISSING bin. WoE and IV per {@link WeightOfEvidence}.
 *   <li>Selection: IV at least {@code min-iv}; then, strongest IV first, a characteristic whose WoE
 *       correlates above {@code max-correlation} with one already kept is dropped.
 *   <li>Settings: with {@code cv-folds} on, the L2 penalty, min bin share and max bins are chosen by k-fold
 *       cross-validation inside the training sample ({@link CrossValidation}); the held-out sample plays no part.
 *   <li>Logistic regression (Spark MLlib, L2 penalty as chosen) of the bad flag on the WoE columns. A
 *       positive coefficient (more risk for better evidence: a symptom of collinearity) would put
 *       points the wrong way round, so the weakest such characteristic is dropped and the model refit.
 *   <li>Points per {@link Scaling#points}; pd calibration fitted on the held-out sample's scores.
 *   <li>Report figures on the held-out sample: calibration and AUC per country and region ({@link Fairness}), and
 *       the {@link Baseline} logistic regression on raw values, for comparison.
 * </ol>
 *
 * Everything that touches rows runs as Spark operations; only per-bin and per-date aggregates reach
 * the driver.
 */
public final class ScorecardTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(ScorecardTrainer.class);
  static final String BAD = "__bad";
  private static final String COUNTRY = "__country";

  private ScorecardTrainer() {}

  /** Trains on {@code data}; see the class comment for the steps. */
  public static TrainedScorecard train(Dataset<Row> data, TrainerOptions options) {
    return train(data, options, "Dataset passed to ScorecardTrainer");
  }

  /**
   * Trains on {@code data}, recording {@code source} as where the data came from.
   *
   * @throws IllegalArgumentException when the label column is missing, there are no bad or no good
   *     rows, or no column can be a characteristic
   * @throws IllegalStateException when no characteristic is strong enough or the score does not
   *     rank the held-out sample
   */
  public static TrainedScorecard train(Dataset<Row> data, TrainerOptions options, String source) {
    long started = System.nanoTime();
    Dataset<Row> labelled = label(data, options);
    Map<String, String> excluded = new LinkedHashMap<>();
    List<Characteristic> candidates = candidates(data, options, excluded);

    Row totals = labelled.agg(count(lit(1)), sum(col(BAD))).first();
    long rows = totals.getLong(0);
    long bads = totals.isNullAt(1) ? 0 : totals.getLong(1);
    if (bads == 0 || bads == rows) {
      List<String> seen = labelled.select(BinExpressions.column(options.labelColumn()).cast("string"))
          .distinct().limit(10).collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
      throw new IllegalArgumentException(String.format(
          "Cannot train a scorecard: no %s rows: %d of %d labelled rows have %s = %s; label values seen: %s",
          bads == 0 ? "bad" : "good", bads, rows, options.labelColumn(), options.badValue(), seen));
    }
    LOG.info("Training on {} labelled rows, {} bad ({}%), {} candidate characteristics",
        rows, bads, String.format("%.2f", 100.0 * bads / rows), candidates.size());

    DataSplit.Split split = DataSplit.split(labelled, BAD, options, rows);
    try {
      return fit(split, candidates, excluded, rows, options, source, started);
    } finally {
      split.unpersist();
    }
  }

  private static TrainedScorecard fit(DataSplit.Split split, List<Characteristic> candidates,
      Map<String, String> excluded, long rows, TrainerOptions given, String source, long started) {
    TrainerOptions options = given;
    long[] train = goodsAndBads(split.train());
    long[] test = goodsAndBads(split.test());
    requireBoth("training", train, options);
    requireBoth("held-out", test, options);
    long trainRows = train[0] + train[1];

    Map<String, String> dropped = new LinkedHashMap<>();
    FineClassing fine = fineClassing(split.train(), candidates, options, dropped);
    CrossValidation.Tuning tuning = null;
    if (options.cvFolds() > 0) {
      // Chosen on the training sample alone: the held-out sample is for judging the model, not for shaping it.
      tuning = CrossValidation.choose(split.train(), fine, options);
      options = options.with(tuning.chosen());
    }
    List<Characteristic> binned = coarse(fine, fineCounts(split.train(), fine), options, train[0], train[1]);
    binned.sort(Comparator.comparingDouble(Characteristic::iv).reversed());
    Map<String, Double> iv = new LinkedHashMap<>();
    binned.forEach(c -> iv.put(c.name(), c.iv()));

    List<Characteristic> strong = new ArrayList<>();
    for (Characteristic c : binned) {
      if (c.iv() >= options.minIv()) {
        strong.add(c);
      } else {
        dropped.put(c.name(), String.format("IV %.4f below min-iv %s", c.iv(), options.minIv()));
      }
    }
    if (strong.isEmpty()) {
      throw new IllegalStateException(String.format(
          "Cannot train a scorecard: no characteristic reaches min-iv %s; information values: %s",
          options.minIv(), iv));
    }

    Dataset<Row> woe = woeColumns(split.train(), strong).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      DistinctRows patterns = DistinctRows.of(woe, woeNames(strong.size()), BAD);
      List<Characteristic> kept = dropCorrelated(woe, patterns, strong, options.maxCorrelation(), dropped);
      double[] lr = fitWithRightSigns(woe, patterns, kept, strong, dropped, options.regParam());
      Scaling scaling = Scaling.of(options.pdo(), options.baseScore(), options.baseOdds(),
          options.minScore(), options.maxScore());
      List<Characteristic> scored = withPoints(kept, lr, scaling);
      Map<String, Double> coefficients = new LinkedHashMap<>();
      for (int i = 0; i < kept.size(); i++) {
        coefficients.put(kept.get(i).name(), lr[i + 1]);
      }

      Column score = ScorecardScorer.scoreColumn(scored, scaling);
      Dataset<Row> trainScores = split.train().select(score.as(ScorecardScorer.SCORE), col(BAD));
      List<Column> testColumns = new ArrayList<>(List.of(score.as(ScorecardScorer.SCORE), col(BAD)));
      if (options.benchmarkColumn() != null) {
        testColumns.add(BinExpressions.column(options.benchmarkColumn()).cast("double").as("__benchmark"));
      }
      String country = countryColumn(split.test(), options);
      if (country != null) {
        testColumns.add(trim(BinExpressions.column(country).cast("string")).as(COUNTRY));
      }
      Dataset<Row> testScores = split.test().select(testColumns.toArray(new Column[0]))
          .persist(StorageLevel.MEMORY_AND_DISK());
      try {
        Calibration calibration = calibrate(testScores, options.version());
        List<Metrics.ScoreCount> trainCounts = Metrics.scoreCounts(trainScores, ScorecardScorer.SCORE, BAD);
        List<Metrics.ScoreCount> testCounts = Metrics.scoreCounts(testScores, ScorecardScorer.SCORE, BAD);
        Metrics.SampleMetrics trainMetrics = Metrics.evaluate(trainCounts);
        Metrics.SampleMetrics testMetrics = Metrics.evaluate(testCounts);
        if (options.benchmarkColumn() != null) {
          testMetrics = testMetrics.withBenchmarkAuc(Metrics.auc(testScores, "__benchmark", BAD));
        }
        List<Metrics.ScoreBand> bands = Metrics.psiBands(trainScores, testScores, ScorecardScorer.SCORE, BAD);
        Fairness fairness = country == null ? null : Fairness.of(testScores, COUNTRY, ScorecardScorer.SCORE, BAD,
            calibration, country, options.fairnessTolerance(), options.fairnessZ());
        Baseline baseline = options.baseline() ? baseline(split, binned) : null;
        Metrics metrics = new Metrics(split.method(), trainMetrics, testMetrics, iv,
            scored.stream().map(Characteristic::name).toList(), dropped, Metrics.psi(bands), bands, baseline, fairness,
            tuning);

        TrainingInfo info = new TrainingInfo(source, split.method(),
            split.method().equals(TrainingInfo.OUT_OF_TIME) ? options.asOfColumn() : null,
            split.trainFrom(), split.trainTo(), split.testFrom(), split.testTo(),
            options.testFraction(), options.seed(), rows, trainRows, test[0] + test[1],
            candidates.stream().map(Characteristic::name).toList(),
            excluded.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).toList());
        Scorecard model = new Scorecard(
            options.version(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
            options.description() != null ? options.description() : "Scorecard trained on " + source,
            info,
            new LabelDefinition(options.labelColumn(), options.badValue(), options.labelDefinition()),
            scored,
            new Logistic(lr[0], coefficients),
            scaling,
            calibration,
            options.gradeBands(),
            metrics);
        LOG.info("Trained {}: {} characteristics, test AUC {} KS {} (train AUC {}), PSI {}, in {} s",
            model.version(), scored.size(), fmt(testMetrics.auc()), fmt(testMetrics.ks()),
            fmt(trainMetrics.auc()), fmt(metrics.psi()), (System.nanoTime() - started) / 1_000_000_000L);
        if (fairness != null && !fairness.flaggedCountries().isEmpty()) {
          LOG.warn("Calibration of {} is off by more than {} in countries {} (regions {})", model.version(),
              fairness.tolerance(), fairness.flaggedCountries(), fairness.flaggedRegions());
        }
        return new TrainedScorecard(model, metrics, trainCounts, testCounts);
      } finally {
        testScores.unpersist();
      }
    } finally {
      woe.unpersist();
    }
  }

  /** The country column of the fairness report when {@code data} has it, else null. */
  private static String countryColumn(Dataset<Row> data, TrainerOptions options) {
    String name = options.countryColumn();
    return name != null && Arrays.asList(data.columns()).contains(name) ? name : null;
  }

  /** The baseline on the same samples and columns; a failure costs only the comparison, not the model. */
  private static Baseline baseline(DataSplit.Split split, List<Characteristic> columns) {
    try {
      Baseline b = Baseline.fit(split.train(), split.test(), columns, BAD);
      LOG.info("Baseline logistic regression on raw values: test AUC {} KS {}", fmt(b.test().auc()), fmt(b.test().ks()));
      return b;
    } catch (RuntimeException e) {
      LOG.warn("Cannot fit the baseline logistic regression on raw values; the report goes without it", e);
      return null;
    }
  }

  /** Adds the 0/1 bad flag and leaves out rows without a label. */
  static Dataset<Row> label(Dataset<Row> data, TrainerOptions options) {
    String label = options.labelColumn();
    StructField field = Arrays.stream(data.schema().fields()).filter(f -> f.name().equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(String.format(
            "Cannot train a scorecard: label column %s not found; available columns: %s",
            label, String.join(", ", data.columns()))));
    Column value = BinExpressions.column(label);
    Column isBad;
    Double numericBad = parseDouble(options.badValue());
    if (field.dataType() instanceof NumericType && numericBad != null) {
      // 1, 1.0 and "1" all mean the same bad value on a numeric label.
      isBad = value.cast("double").equalTo(lit(numericBad));
    } else {
      isBad = value.cast("string").equalTo(lit(options.badValue()));
    }
    return data.where(value.isNotNull()).withColumn(BAD, when(isBad, lit(1)).otherwise(lit(0)));
  }

  /** Draft characteristics (no bins yet) for every usable column; the others land in {@code excluded}. */
  static List<Characteristic> candidates(Dataset<Row> data, TrainerOptions options, Map<String, String> excluded) {
    List<String> columns = Arrays.asList(data.columns());
    for (String name : options.include()) {
      if (!columns.contains(name)) {
        throw new IllegalArgumentException(String.format(
            "Cannot train a scorecard: included column %s not found; available columns: %s",
            name, String.join(", ", columns)));
      }
    }
    if (options.benchmarkColumn() != null && !columns.contains(options.benchmarkColumn())) {
      throw new IllegalArgumentException(String.format(
          "Cannot train a scorecard: benchmark column %s not found; available columns: %s",
          options.benchmarkColumn(), String.join(", ", columns)));
    }
    if (options.splitColumn() != null && !columns.contains(options.splitColumn())) {
      throw new IllegalArgumentException(String.format(
          "Cannot train a scorecard: split column %s not found; available columns: %s",
          options.splitColumn(), String.join(", ", columns)));
    }
    if (options.countryColumnRequired() && !columns.contains(options.countryColumn())) {
      throw new IllegalArgumentException(String.format(
          "Cannot train a scorecard: country column %s not found; available columns: %s "
              + "(an empty %s turns the country report off)",
          options.countryColumn(), String.join(", ", columns), TrainerOptions.COUNTRY_COLUMN));
    }
    List<Characteristic> result = new ArrayList<>();
    for (StructField f : data.schema().fields()) {
      String name = f.name();
      if (name.equals(options.labelColumn())) {
        continue;
      } else if (name.equals(options.countryColumn())) {
        // Fair across borders: where a company is registered must not move its score.
        excluded.put(name, "country column: never a characteristic, reported per country and region");
      } else if (name.equals(options.splitColumn())) {
        excluded.put(name, "split column");
      } else if (name.equals(options.asOfColumn())) {
        excluded.put(name, "as-of date");
      } else if (name.equals(options.benchmarkColumn())) {
        excluded.put(name, "benchmark column");
      } else if (options.exclude().contains(name)) {
        excluded.put(name, "excluded by option");
      } else if (!options.include().isEmpty() && !options.include().contains(name)) {
        excluded.put(name, "not in the include list");
      } else if (f.dataType() instanceof NumericType) {
        result.add(draft(name, Characteristic.Type.NUMERIC));
      } else if (f.dataType() instanceof StringType || f.dataType() instanceof BooleanType) {
        result.add(draft(name, Characteristic.Type.CATEGORICAL));
      } else {
        excluded.put(name, "type " + f.dataType().simpleString() + " is neither numeric nor string");
      }
    }
    if (result.isEmpty()) {
      throw new IllegalArgumentException(String.format(
          "Cannot train a scorecard: no candidate characteristics among columns %s (excluded: %s)", columns, excluded));
    }
    return result;
  }

  /**
   * Bins every candidate on the training sample: one aggregation for covariances and cardinalities,
   * one approxQuantile for the cut points, one aggregation of counts per fine bin.
   */
  static List<Characteristic> bin(Dataset<Row> train, List<Characteristic> candidates, TrainerOptions options,
      long goods, long bads, Map<String, String> dropped) {
    FineClassing fine = fineClassing(train, candidates, options, dropped);
    return coarse(fine, fineCounts(train, fine), options, goods, bads);
  }

  /**
   * The fine classing of the usable candidates, before any counts: their quantile cut points, the sign of their
   * relation with the bad flag (an AUTO trend) and the fine-bin key expression of each ({@link #fineKey}).
   */
  record FineClassing(List<Characteristic> usable, Map<String, double[]> cuts, Map<String, Double> correlation,
      List<Column> keys) {}

  /** One aggregation for covariances and cardinalities, one approxQuantile for the cut points. */
  static FineClassing fineClassing(Dataset<Row> train, List<Characteristic> candidates, TrainerOptions options,
      Map<String, String> dropped) {
    List<Column> profile = new ArrayList<>();
    for (Characteristic c : candidates) {
      // Only the sign of the relation with the bad flag sets an AUTO trend: the covariance has it, and unlike the
      // correlation it does not divide by the variance, which a constant column has none of (an ANSI error).
      profile.add(c.type() == Characteristic.Type.NUMERIC
          ? covar_pop(BinExpressions.input(c), col(BAD).cast("double"))
          : approx_count_distinct(BinExpressions.input(c)).cast("double"));
    }
    Row stats = train.agg(profile.get(0), profile.subList(1, profile.size()).toArray(new Column[0])).first();
    List<Characteristic> usable = new ArrayList<>();
    Map<String, Double> correlation = new HashMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      Characteristic c = candidates.get(i);
      double stat = stats.isNullAt(i) ? Double.NaN : stats.getDouble(i);
      if (c.type() == Characteristic.Type.CATEGORICAL && stat > options.maxCategories()) {
        dropped.put(c.name(), String.format(
            "about %d distinct values, more than max-categories %d: an id, not a characteristic",
            (long) stat, options.maxCategories()));
      } else {
        usable.add(c);
        correlation.put(c.name(), stat);
      }
    }

    Map<String, double[]> cuts = cutPoints(train, usable, options);
    List<Column> keys = new ArrayList<>();
    for (Characteristic c : usable) {
      keys.add(fineKey(c, cuts.get(c.name()), options));
    }
    return new FineClassing(usable, cuts, correlation, keys);
  }

  /** One pass for all characteristics: characteristic index -> fine bin key -> {rows, bads}. */
  static Map<Integer, Map<String, long[]>> fineCounts(Dataset<Row> train, FineClassing f) {
    List<Column> keys = new ArrayList<>();
    for (int i = 0; i < f.keys().size(); i++) {
      keys.add(struct(lit(i).as("c"), f.keys().get(i).as("k")));
    }
    Map<Integer, Map<String, long[]>> fine = new HashMap<>();
    train.select(col(BAD), explode(array(keys.toArray(new Column[0]))).as("e"))
        .groupBy(col("e.c"), col("e.k"))
        .agg(count(lit(1)), sum(col(BAD)))
        .collectAsList()
        .forEach(r -> fine.computeIfAbsent(r.getInt(0), k -> new HashMap<>())
            .put(r.getString(1), new long[] {r.getLong(2), r.getLong(3)}));
    return fine;
  }

  /** Coarse classing of every usable characteristic from its fine-bin counts, with WoE and IV. */
  static List<Characteristic> coarse(FineClassing f, Map<Integer, Map<String, long[]>> fine, TrainerOptions options,
      long goods, long bads) {
    List<Characteristic> result = new ArrayList<>();
    for (int i = 0; i < f.usable().size(); i++) {
      result.add(coarse(f, i, fine.getOrDefault(i, Map.of()), options, goods, bads));
    }
    return result;
  }

  /** Coarse classing of the {@code i}th usable characteristic from its fine-bin counts. */
  static Characteristic coarse(FineClassing f, int i, Map<String, long[]> counts, TrainerOptions options, long goods,
      long bads) {
    long minCount = (long) Math.ceil(options.minBinShare() * (goods + bads));
    Characteristic c = f.usable().get(i);
    return ReasonCatalog.withReasons(c.type() == Characteristic.Type.NUMERIC
        ? numeric(c.name(), f.cuts().get(c.name()), counts, f.correlation().get(c.name()), options, minCount, goods,
            bads)
        : categorical(c.name(), counts, options, minCount, goods, bads));
  }

  private static Map<String, double[]> cutPoints(Dataset<Row> train, List<Characteristic> usable, TrainerOptions o) {
    double[] probabilities = new double[o.initialBins() - 1];
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] = (i + 1) / (double) o.initialBins();
    }
    Map<String, double[]> cuts = new HashMap<>();
    List<String> plain = new ArrayList<>();
    for (Characteristic c : usable) {
      if (c.type() != Characteristic.Type.NUMERIC) {
        continue;
      }
      List<Double> special = o.specialValues().get(c.name());
      if (special == null) {
        plain.add(c.name());
      } else {
        // Sentinels would pull the quantiles towards themselves: cut the ranges without them.
        Dataset<Row> regular = train.where(not(BinExpressions.input(c).isin(special.toArray())))
            .select(BinExpressions.input(c).as("x"));
        cuts.put(c.name(), distinctSorted(regular.stat().approxQuantile("x", probabilities, o.quantileRelativeError())));
      }
    }
    if (!plain.isEmpty()) {
      Dataset<Row> numeric = train.select(plain.stream()
          .map(n -> BinExpressions.column(n).cast("double").as(n)).toArray(Column[]::new));
      double[][] q = numeric.stat().approxQuantile(plain.toArray(new String[0]), probabilities, o.quantileRelativeError());
      for (int i = 0; i < plain.size(); i++) {
        cuts.put(plain.get(i), distinctSorted(q[i]));
      }
    }
    return cuts;
  }

  private static double[] distinctSorted(double[] values) {
    return Arrays.stream(values).filter(v -> !Double.isNaN(v)).distinct().sorted().toArray();
  }

  /** The fine bin of each row: M (missing), S (special), R0..Rk (quantile ranges), or V + the category. */
  private static Column fineKey(Characteristic c, double[] cuts, TrainerOptions options) {
    Column x = BinExpressions.input(c);
    if (c.type() == Characteristic.Type.CATEGORICAL) {
      return when(x.isNull(), lit("M")).otherwise(concat(lit("V"), x));
    }
    Column key = when(x.isNull().or(isnan(x)), lit("M"));
    List<Double> special = options.specialValues().get(c.name());
    if (special != null) {
      key = key.when(x.isin(special.toArray()), lit("S"));
    }
    for (int j = 0; j < cuts.length; j++) {
      key = key.when(x.lt(cuts[j]), lit("R" + j));
    }
    return key.otherwise(lit("R" + cuts.length));
  }

  private static Characteristic numeric(String name, double[] cuts, Map<String, long[]> counts, Double correlation,
      TrainerOptions options, long minCount, long goods, long bads) {
    List<Binning.Group> fine = new ArrayList<>();
    for (int j = 0; j <= cuts.length; j++) {
      long[] n = counts.getOrDefault("R" + j, new long[2]);
      fine.add(new Binning.Group(j == 0 ? null : cuts[j - 1], j == cuts.length ? null : cuts[j], null, n[0], n[1]));
    }
    Characteristic.Trend trend = switch (options.monotoneFor(name)) {
      case INCREASING -> Characteristic.Trend.INCREASING;
      case DECREASING -> Characteristic.Trend.DECREASING;
      case NONE -> Characteristic.Trend.NONE;
      case AUTO -> correlation == null || correlation.isNaN() || correlation == 0
          ? Characteristic.Trend.NONE
          : correlation > 0 ? Characteristic.Trend.INCREASING : Characteristic.Trend.DECREASING;
    };
    List<Binning.Group> merged = Binning.merge(fine, minCount, options.maxBins(), trend, goods, bads);
    List<Bin> bins = new ArrayList<>();
    for (Binning.Group g : merged) {
      bins.add(bin(Bin.Kind.RANGE, Bin.rangeLabel(g.lower, g.upper), g.lower, g.upper, null, null, g.count, g.bads, goods, bads));
    }
    List<Double> special = options.specialValues().get(name);
    if (special != null) {
      long[] n = counts.getOrDefault("S", new long[2]);
      bins.add(bin(Bin.Kind.SPECIAL, "special " + special, null, null, null, special, n[0], n[1], goods, bads));
    }
    long[] m = counts.getOrDefault("M", new long[2]);
    bins.add(bin(Bin.Kind.MISSING, "missing", null, null, null, null, m[0], m[1], goods, bads));
    // One value bin has no direction left to speak of.
    Characteristic.Trend kept = merged.size() > 1 ? trend : Characteristic.Trend.NONE;
    return new Characteristic(name, Characteristic.Type.NUMERIC, "", "", "", "", kept, iv(bins, goods, bads), bins);
  }

  private static Characteristic categorical(String name, Map<String, long[]> counts, TrainerOptions options,
      long minCount, long goods, long bads) {
    List<Binning.Group> fine = new ArrayList<>();
    counts.forEach((key, n) -> {
      if (key.startsWith("V")) {
        fine.add(new Binning.Group(null, null, List.of(key.substring(1)), n[0], n[1]));
      }
    });
    List<Bin> bins = new ArrayList<>();
    for (Binning.Group g : Binning.merge(Binning.byBadRate(fine), minCount, options.maxBins(),
        Characteristic.Trend.NONE, goods, bads)) {
      List<String> values = g.values.stream().sorted().toList();
      bins.add(bin(Bin.Kind.VALUES, String.join(", ", values), null, null, values, null, g.count, g.bads, goods, bads));
    }
    long[] m = counts.getOrDefault("M", new long[2]);
    bins.add(bin(Bin.Kind.MISSING, "missing", null, null, null, null, m[0], m[1], goods, bads));
    return new Characteristic(name, Characteristic.Type.CATEGORICAL, "", "", "", "",
        Characteristic.Trend.NONE, iv(bins, goods, bads), bins);
  }

  private static Bin bin(Bin.Kind kind, String label, Double lower, Double upper, List<String> values,
      List<Double> special, long count, long badCount, long goods, long bads) {
    return new Bin(kind, label, lower, upper, values, special, count, badCount,
        count == 0 ? 0.0 : (double) badCount / count,
        WeightOfEvidence.woe(count - badCount, badCount, goods, bads), 0);
  }

  private static double iv(List<Bin> bins, long goods, long bads) {
    return bins.stream().mapToDouble(b -> WeightOfEvidence.ivTerm(b.count() - b.badCount(), b.badCount(), goods, bads)).sum();
  }

  /** The names of the first {@code n} WoE columns of {@link #woeColumns}. */
  private static List<String> woeNames(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> "w" + i).toList();
  }

  private static Matrix patternCorrelations(DistinctRows patterns, int n) {
    double[] values = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        values[i + k * n] = i == k ? 1 : patterns.correlation(i, k);
      }
    }
    return new org.apache.spark.ml.linalg.DenseMatrix(n, n, values);
  }

  /** The bad flag and one WoE column per characteristic, named w0, w1, ... in list order. */
  private static Dataset<Row> woeColumns(Dataset<Row> data, List<Characteristic> cs) {
    List<Column> columns = new ArrayList<>();
    columns.add(col(BAD).cast("double").as(BAD));
    for (int i = 0; i < cs.size(); i++) {
      columns.add(BinExpressions.binValue(cs.get(i), Bin::woe).cast("double").as("w" + i));
    }
    return data.select(columns.toArray(new Column[0]));
  }

  /** Strongest IV first, keeps a characteristic only if its WoE is not too correlated with one kept before. */
  private static List<Characteristic> dropCorrelated(Dataset<Row> woe, DistinctRows patterns,
      List<Characteristic> strong, double maxCorrelation, Map<String, String> dropped) {
    if (strong.size() < 2) {
      return new ArrayList<>(strong);
    }
    Matrix corr = patterns != null ? patternCorrelations(patterns, strong.size())
        : Correlation.corr(new VectorAssembler().setInputCols(woeNames(strong.size()).toArray(String[]::new))
            .setOutputCol("features").transform(woe), "features").first().getAs(0);
    List<Integer> keptIndex = new ArrayList<>();
    for (int i = 0; i < strong.size(); i++) {
      int worst = -1;
      for (int k : keptIndex) {
        if (Math.abs(corr.apply(i, k)) > maxCorrelation && (worst < 0 || Math.abs(corr.apply(i, k)) > Math.abs(corr.apply(i, worst)))) {
          worst = k;
        }
      }
      if (worst < 0) {
        keptIndex.add(i);
      } else {
        dropped.put(strong.get(i).name(), String.format("WoE correlation %.3f with %s, which has the higher IV",
            corr.apply(i, worst), strong.get(worst).name()));
      }
    }
    return keptIndex.stream().map(strong::get).collect(Collectors.toCollection(ArrayList::new));
  }

  /**
   * Fits the logistic regression on the WoE columns of {@code kept} (modified in place), dropping the
   * lowest-IV characteristic with a positive coefficient and refitting until every sign is right. Returns {intercept,
   * coefficients...}: on the driver from {@code patterns}, or with Spark's L-BFGS when there were too many of them.
   */
  private static double[] fitWithRightSigns(Dataset<Row> woe, DistinctRows patterns, List<Characteristic> kept,
      List<Characteristic> columnsOf, Map<String, String> dropped, double regParam) {
    while (true) {
      List<Integer> indexes = kept.stream().map(columnsOf::indexOf).toList();
      double[] model = patterns != null ? patterns.fit(indexes, regParam) : sparkFit(woe, indexes, regParam);
      int wrong = -1;
      for (int i = 0; i < kept.size(); i++) {
        if (model[i + 1] > 0 && (wrong < 0 || kept.get(i).iv() < kept.get(wrong).iv())) {
          wrong = i;
        }
      }
      if (wrong < 0) {
        return model;
      }
      if (kept.size() == 1) {
        throw new IllegalStateException("Cannot train a scorecard: the only characteristic left, "
            + kept.get(0).name() + ", has a positive coefficient " + model[1]);
      }
      dropped.put(kept.get(wrong).name(), String.format(
          "coefficient %+.4f has the wrong sign next to the other characteristics (collinear)", model[wrong + 1]));
      LOG.info("Dropping {}: coefficient {} has the wrong sign", kept.get(wrong).name(), model[wrong + 1]);
      kept.remove(wrong);
    }
  }

  /** Spark's fit of the same objective as {@link Newton}, for more WoE combinations than the driver holds. */
  private static double[] sparkFit(Dataset<Row> woe, List<Integer> indexes, double regParam) {
    String[] inputs = indexes.stream().map(i -> "w" + i).toArray(String[]::new);
    LogisticRegressionModel model = new LogisticRegression()
        .setFamily("binomial")
        .setLabelCol(BAD)
        .setFeaturesCol("features")
        .setRegParam(regParam)
        .setStandardization(false)
        .setMaxIter(200)
        .setTol(1e-7)
        .fit(new VectorAssembler().setInputCols(inputs).setOutputCol("features").transform(woe));
    double[] out = new double[inputs.length + 1];
    out[0] = model.intercept();
    for (int i = 0; i < inputs.length; i++) {
      out[i + 1] = model.coefficients().apply(i);
    }
    return out;
  }

  private static List<Characteristic> withPoints(List<Characteristic> kept, double[] lr, Scaling s) {
    List<Characteristic> result = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      double coefficient = lr[i + 1];
      Characteristic c = kept.get(i);
      result.add(c.withBins(c.bins().stream()
          .map(b -> b.withPoints(s.points(coefficient, b.woe(), lr[0], kept.size())))
          .toList()));
    }
    return result;
  }

  /** Logistic pd(score) fitted on the held-out scores. */
  private static Calibration calibrate(Dataset<Row> testScores, String version) {
    // Fitted on (score - center) / scale, about -10..10, where the fit converges cleanly; mapped back below.
    double center = 600;
    double scale = 20;
    Dataset<Row> scaled = testScores.select(
        col(ScorecardScorer.SCORE).cast("double").minus(center).divide(scale).as(ScorecardScorer.SCORE),
        col(BAD).cast("double").as(BAD));
    DistinctRows scores = DistinctRows.of(scaled, List.of(ScorecardScorer.SCORE), BAD);
    double[] model = scores != null ? scores.fit(List.of(0), 0.0) : sparkFit(scaled.withColumnRenamed(
        ScorecardScorer.SCORE, "w0"), List.of(0), 0.0);
    double slope = model[1] / scale;
    double intercept = model[0] - slope * center;
    if (!(slope < 0)) {
      throw new IllegalStateException(String.format(
          "Cannot calibrate model %s: on the held-out sample a higher score does not mean fewer bads (slope %s); "
              + "the characteristics do not generalise from the training sample", version, slope));
    }
    long[] gb = goodsAndBads(testScores);
    return new Calibration(Calibration.LOGISTIC, intercept, slope, gb[0] + gb[1], gb[1]);
  }

  private static long[] goodsAndBads(Dataset<Row> data) {
    Row r = data.agg(count(lit(1)), sum(col(BAD))).first();
    long bads = r.isNullAt(1) ? 0 : r.getLong(1);
    return new long[] {r.getLong(0) - bads, bads};
  }

  private static void requireBoth(String sample, long[] goodsAndBads, TrainerOptions options) {
    if (goodsAndBads[0] == 0 || goodsAndBads[1] == 0) {
      throw new IllegalArgumentException(String.format(
          "Cannot train a scorecard: the %s sample has %d good and %d bad rows; both are needed "
              + "(test-fraction %s, split on %s)", sample, goodsAndBads[0], goodsAndBads[1],
          options.testFraction(), options.asOfColumn()));
    }
  }

  private static Characteristic draft(String name, Characteristic.Type type) {
    List<Bin> bins = new ArrayList<>();
    if (type == Characteristic.Type.NUMERIC) {
      bins.add(new Bin(Bin.Kind.RANGE, "all values", null, null, null, null, 0, 0, 0, 0, 0));
    }
    bins.add(new Bin(Bin.Kind.MISSING, "missing", null, null, null, null, 0, 0, 0, 0, 0));
    return new Characteristic(name, type, "", "", "", "", Characteristic.Trend.NONE, 0, bins);
  }

  private static Double parseDouble(String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String fmt(double v) {
    return String.format("%.4f", v);
  }
}
