package io.tradecredit.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings of a {@link ScorecardTrainer} run, read from string key/value pairs (a CLI's
 * {@code --option key=value}, a YAML map) so every caller spells them the same way. Each key has a
 * constant, a {@code _DEFAULT} and a line of Javadoc; an unknown key is refused. A key not given
 * takes its default; there is no other source of settings.
 *
 * @param labelColumn see {@link #LABEL}
 * @param badValue see {@link #BAD_VALUE}
 * @param labelDescription see {@link #LABEL_DESCRIPTION}
 * @param testFraction see {@link #TEST_FRACTION}
 * @param seed see {@link #SEED}
 * @param splitColumn see {@link #SPLIT_COLUMN}; null for none
 * @param asOfColumn see {@link #AS_OF_COLUMN}
 * @param exclude see {@link #EXCLUDE}
 * @param include see {@link #INCLUDE}
 * @param maxBins see {@link #MAX_BINS}
 * @param initialBins see {@link #INITIAL_BINS}
 * @param minBinShare see {@link #MIN_BIN_SHARE}
 * @param quantileRelativeError see {@link #QUANTILE_RELATIVE_ERROR}
 * @param monotone see {@link #MONOTONE}
 * @param monotoneOverrides see {@link #MONOTONE_OVERRIDES}
 * @param specialValues see {@link #SPECIAL_VALUES}
 * @param maxCategories see {@link #MAX_CATEGORIES}
 * @param minIv see {@link #MIN_IV}
 * @param maxCorrelation see {@link #MAX_CORRELATION}
 * @param pdo see {@link #PDO}
 * @param baseScore see {@link #BASE_SCORE}
 * @param baseOdds see {@link #BASE_ODDS}
 * @param minScore see {@link #MIN_SCORE}
 * @param maxScore see {@link #MAX_SCORE}
 * @param gradeBands see {@link #GRADE_BANDS}
 * @param version see {@link #VERSION}
 * @param description see {@link #DESCRIPTION}
 * @param benchmarkColumn see {@link #BENCHMARK_COLUMN}
 * @param countryColumn see {@link #COUNTRY_COLUMN}; null for none
 * @param countryColumnRequired whether {@link #COUNTRY_COLUMN} was named explicitly, so it must exist
 * @param fairnessTolerance see {@link #FAIRNESS_TOLERANCE}
 * @param fairnessZ see {@link #FAIRNESS_Z}
 * @param baseline see {@link #BASELINE}
 * @param regParam see {@link #REG_PARAM}
 * @param cvFolds see {@link #CV_FOLDS}
 * @param cvRegParams see {@link #CV_REG_PARAMS}
 * @param cvMinBinShares see {@link #CV_MIN_BIN_SHARES}
 * @param cvMaxBins see {@link #CV_MAX_BINS}
 * @param cvMaxRows see {@link #CV_MAX_ROWS}
 */
public record TrainerOptions(
    String labelColumn,
    String badValue,
    String labelDescription,
    double testFraction,
    long seed,
    String splitColumn,
    String asOfColumn,
    List<String> exclude,
    List<String> include,
    int maxBins,
    int initialBins,
    double minBinShare,
    double quantileRelativeError,
    Monotone monotone,
    Map<String, Monotone> monotoneOverrides,
    Map<String, List<Double>> specialValues,
    int maxCategories,
    double minIv,
    double maxCorrelation,
    double pdo,
    double baseScore,
    double baseOdds,
    int minScore,
    int maxScore,
    List<GradeBand> gradeBands,
    String version,
    String description,
    String benchmarkColumn,
    String countryColumn,
    boolean countryColumnRequired,
    double fairnessTolerance,
    double fairnessZ,
    boolean baseline,
    double regParam,
    int cvFolds,
    List<Double> cvRegParams,
    List<Double> cvMinBinShares,
    List<Integer> cvMaxBins,
    int cvMaxRows) {

  /** How a numeric characteristic's bad rate is made monotone. */
  public enum Monotone {
    /** Increasing or decreasing by the sign of the correlation of the value with the bad flag. */
    AUTO,
    INCREASING,
    DECREASING,
    /** Not enforced: bins are merged only for size and count. */
    NONE
  }

  /** The label column. */
  public static final String LABEL = "label";
  public static final String LABEL_DEFAULT = "bad";
  /** The label value that marks a bad row (compared as a number when the column is numeric). */
  public static final String BAD_VALUE = "bad-value";
  public static final String BAD_VALUE_DEFAULT = "1";
  /** Plain-language definition of bad, stored in the model; defaults to "label = bad-value". */
  public static final String LABEL_DESCRIPTION = "label-description";
  /** Share of rows held out for the test metrics and the pd calibration. */
  public static final String TEST_FRACTION = "test-fraction";
  public static final double TEST_FRACTION_DEFAULT = 0.25;
  /** Seed of the stratified random split (unused for an out-of-time split). */
  public static final String SEED = "seed";
  public static final long SEED_DEFAULT = 42L;
  /**
   * A column naming each row's sample, {@code train} or {@code test} (any case): the held-out sample is exactly the
   * test rows, whatever the as-of dates, the test fraction and the seed, and the column is never a characteristic.
   * For judging the trainer against other methods on the very same rows (bench/model/public-credit.sh).
   */
  public static final String SPLIT_COLUMN = "split-column";
  /** As-of date column: when present, the latest dates are held out (out-of-time), and it is never a characteristic. */
  public static final String AS_OF_COLUMN = "as-of-column";
  public static final String AS_OF_COLUMN_DEFAULT = "as_of_date";
  /** Comma-separated columns that are never characteristics (ids, leakage). */
  public static final String EXCLUDE = "exclude";
  public static final List<String> EXCLUDE_DEFAULT = List.of("company_id");
  /** Comma-separated columns that are the only candidates; empty means every column not excluded. */
  public static final String INCLUDE = "include";
  /** Most value bins per characteristic (MISSING and SPECIAL not counted). */
  public static final String MAX_BINS = "max-bins";
  public static final int MAX_BINS_DEFAULT = 6;
  /** Quantile bins a numeric characteristic starts from before merging (fine classing). */
  public static final String INITIAL_BINS = "initial-bins";
  public static final int INITIAL_BINS_DEFAULT = 20;
  /** Smallest share of training rows in a value bin; smaller bins are merged with a neighbour. */
  public static final String MIN_BIN_SHARE = "min-bin-share";
  public static final double MIN_BIN_SHARE_DEFAULT = 0.05;
  /** Relative error of approxQuantile for the initial cut points. */
  public static final String QUANTILE_RELATIVE_ERROR = "quantile-relative-error";
  public static final double QUANTILE_RELATIVE_ERROR_DEFAULT = 0.001;
  /** Monotone trend enforced on numeric characteristics: AUTO, INCREASING, DECREASING or NONE. */
  public static final String MONOTONE = "monotone";
  public static final Monotone MONOTONE_DEFAULT = Monotone.AUTO;
  /** Per-column trend, {@code col:NONE,col2:INCREASING}, over {@link #MONOTONE}. */
  public static final String MONOTONE_OVERRIDES = "monotone-overrides";
  /** Numeric sentinel values that get their own SPECIAL bin, {@code col:-1|-99,col2:0}. */
  public static final String SPECIAL_VALUES = "special-values";
  /** A string column with more distinct values than this is treated as an id and not used. */
  public static final String MAX_CATEGORIES = "max-categories";
  public static final int MAX_CATEGORIES_DEFAULT = 50;
  /** Characteristics with a lower information value are not selected. */
  public static final String MIN_IV = "min-iv";
  public static final double MIN_IV_DEFAULT = 0.02;
  /** Of two characteristics whose WoE columns correlate above this (absolute), the lower-IV one is dropped. */
  public static final String MAX_CORRELATION = "max-correlation";
  public static final double MAX_CORRELATION_DEFAULT = 0.7;
  /** Points to double the odds. */
  public static final String PDO = "pdo";
  public static final double PDO_DEFAULT = 20;
  /** Score at the base odds. */
  public static final String BASE_SCORE = "base-score";
  public static final double BASE_SCORE_DEFAULT = 600;
  /** Good:bad odds that score the base score (50 means 50:1). */
  public static final String BASE_ODDS = "base-odds";
  public static final double BASE_ODDS_DEFAULT = 50;
  /** Lowest score reported. */
  public static final String MIN_SCORE = "min-score";
  public static final int MIN_SCORE_DEFAULT = 300;
  /** Highest score reported. */
  public static final String MAX_SCORE = "max-score";
  public static final int MAX_SCORE_DEFAULT = 850;
  /** Grade bands best first, {@code AAA:0.001,AA:0.0025,...,C:1.0}; see {@link GradeBand#DEFAULTS}. */
  public static final String GRADE_BANDS = "grade-bands";
  /** Version stamped into the model. */
  public static final String VERSION = "version";
  public static final String VERSION_DEFAULT = "scorecard-dev";
  /** What the model is for and what it was trained on, in words. */
  public static final String DESCRIPTION = "description";
  /** A column (higher = riskier, e.g. a known true pd) whose held-out AUC is reported next to the model's; never a characteristic. */
  public static final String BENCHMARK_COLUMN = "benchmark-column";
  /**
   * The company's country (ISO 3166-1 alpha-2), never a characteristic: the held-out calibration and AUC are
   * reported per country and per region ({@link CountryRegions}). The default is used when the table has that
   * column; a column named here must exist; an empty value turns the country report off.
   */
  public static final String COUNTRY_COLUMN = "country-column";
  public static final String COUNTRY_COLUMN_DEFAULT = "registry_country";
  /**
   * A country or region is flagged when its observed bad rate is off its predicted bad rate (mean pd_12m) by more
   * than this share of the predicted one: relative, so 0.25 flags 2.6% observed against 2.0% predicted.
   */
  public static final String FAIRNESS_TOLERANCE = "fairness-tolerance";
  public static final double FAIRNESS_TOLERANCE_DEFAULT = 0.25;
  /**
   * ... and when its observed bads lie more than this many standard errors from the predicted ones, so a small
   * country is not flagged for noise; 0 flags on the tolerance alone. Not 1.96: a report of some forty countries
   * would then flag about two well-calibrated ones on every run by chance; beyond 3 that is about one group in 370.
   */
  public static final String FAIRNESS_Z = "fairness-z";
  public static final double FAIRNESS_Z_DEFAULT = 3.0;
  /** Whether to fit the baseline, a plain logistic regression on raw values ({@link Baseline}), for comparison. */
  public static final String BASELINE = "baseline";
  public static final boolean BASELINE_DEFAULT = true;

  /**
   * L2 penalty of the logistic regression, as Spark's {@code regParam} on unstandardised WoE columns (mean log-loss
   * plus regParam / 2 times the squared coefficients); used as given only when cross-validation is off.
   */
  public static final String REG_PARAM = "reg-param";
  public static final double REG_PARAM_DEFAULT = 0.0;
  /**
   * Folds of the cross-validation inside the training sample ({@link CrossValidation}) that chooses the
   * regularisation and the bin settings from the grids below; 0 turns it off and {@link #REG_PARAM},
   * {@link #MIN_BIN_SHARE} and {@link #MAX_BINS} are used as given. The held-out sample never takes part.
   */
  public static final String CV_FOLDS = "cv-folds";
  public static final int CV_FOLDS_DEFAULT = 5;
  /** Comma-separated {@link #REG_PARAM} values cross-validation chooses from. */
  public static final String CV_REG_PARAMS = "cv-reg-params";
  public static final List<Double> CV_REG_PARAMS_DEFAULT = List.of(0.1, 0.03, 0.01, 0.003, 0.0);
  /** Comma-separated {@link #MIN_BIN_SHARE} values cross-validation chooses from. */
  public static final String CV_MIN_BIN_SHARES = "cv-min-bin-shares";
  public static final List<Double> CV_MIN_BIN_SHARES_DEFAULT = List.of(0.1, 0.05, 0.02);
  /** Comma-separated {@link #MAX_BINS} values cross-validation chooses from. */
  public static final String CV_MAX_BINS = "cv-max-bins";
  public static final List<Integer> CV_MAX_BINS_DEFAULT = List.of(4, 6, 8);
  /**
   * Most training rows cross-validation looks at: it works on the driver, so a larger training sample is sampled
   * down (stratified by the seed) to bound its memory and time; the final fit uses every training row.
   */
  public static final String CV_MAX_ROWS = "cv-max-rows";
  public static final int CV_MAX_ROWS_DEFAULT = 100_000;

  private static final Set<String> KEYS = Set.of(
      LABEL, BAD_VALUE, LABEL_DESCRIPTION, TEST_FRACTION, SEED, SPLIT_COLUMN, AS_OF_COLUMN, EXCLUDE, INCLUDE,
      MAX_BINS, INITIAL_BINS, MIN_BIN_SHARE, QUANTILE_RELATIVE_ERROR, MONOTONE, MONOTONE_OVERRIDES,
      SPECIAL_VALUES, MAX_CATEGORIES, MIN_IV, MAX_CORRELATION, PDO, BASE_SCORE, BASE_ODDS, MIN_SCORE,
      MAX_SCORE, GRADE_BANDS, VERSION, DESCRIPTION, BENCHMARK_COLUMN, COUNTRY_COLUMN, FAIRNESS_TOLERANCE,
      FAIRNESS_Z, BASELINE, REG_PARAM, CV_FOLDS, CV_REG_PARAMS, CV_MIN_BIN_SHARES, CV_MAX_BINS, CV_MAX_ROWS);

  public TrainerOptions {
    check(testFraction > 0 && testFraction < 1, TEST_FRACTION, testFraction, "between 0 and 1 (exclusive)");
    check(maxBins >= 2, MAX_BINS, maxBins, "at least 2");
    check(initialBins >= maxBins, INITIAL_BINS, initialBins, "at least max-bins (" + maxBins + ")");
    check(minBinShare >= 0 && minBinShare < 0.5, MIN_BIN_SHARE, minBinShare, "in [0, 0.5)");
    check(quantileRelativeError >= 0 && quantileRelativeError < 0.1, QUANTILE_RELATIVE_ERROR,
        quantileRelativeError, "in [0, 0.1)");
    check(maxCategories >= 2, MAX_CATEGORIES, maxCategories, "at least 2");
    check(minIv >= 0, MIN_IV, minIv, "at least 0");
    check(maxCorrelation > 0 && maxCorrelation <= 1, MAX_CORRELATION, maxCorrelation, "in (0, 1]");
    check(pdo > 0, PDO, pdo, "positive");
    check(baseOdds > 0, BASE_ODDS, baseOdds, "positive");
    check(minScore < maxScore, MIN_SCORE, minScore, "below max-score (" + maxScore + ")");
    check(fairnessTolerance >= 0, FAIRNESS_TOLERANCE, fairnessTolerance, "at least 0");
    check(fairnessZ >= 0, FAIRNESS_Z, fairnessZ, "at least 0");
    check(regParam >= 0, REG_PARAM, regParam, "at least 0");
    check(cvFolds == 0 || cvFolds >= 2, CV_FOLDS, cvFolds, "0 (off) or at least 2");
    check(!cvRegParams.isEmpty() && cvRegParams.stream().allMatch(v -> v >= 0), CV_REG_PARAMS, cvRegParams,
        "a non-empty list of values at least 0");
    check(!cvMinBinShares.isEmpty() && cvMinBinShares.stream().allMatch(v -> v >= 0 && v < 0.5), CV_MIN_BIN_SHARES,
        cvMinBinShares, "a non-empty list of values in [0, 0.5)");
    check(!cvMaxBins.isEmpty() && cvMaxBins.stream().allMatch(v -> v >= 2 && v <= initialBins), CV_MAX_BINS,
        cvMaxBins, "a non-empty list of values from 2 to initial-bins (" + initialBins + ")");
    check(cvMaxRows >= 100, CV_MAX_ROWS, cvMaxRows, "at least 100");
    cvRegParams = List.copyOf(cvRegParams);
    cvMinBinShares = List.copyOf(cvMinBinShares);
    cvMaxBins = List.copyOf(cvMaxBins);
    exclude = List.copyOf(exclude);
    include = List.copyOf(include);
    monotoneOverrides = Map.copyOf(monotoneOverrides);
    specialValues = Map.copyOf(specialValues);
    gradeBands = GradeBand.validate(gradeBands);
  }

  /** All defaults. */
  public static TrainerOptions defaults() {
    return of(Map.of());
  }

  /**
   * Options from key/value pairs; keys not given take their defaults.
   *
   * @throws IllegalArgumentException on an unknown key or a value that does not parse
   */
  public static TrainerOptions of(Map<String, String> options) {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot configure scorecard training: unknown option(s) " + unknown + "; known options: " + new TreeSet<>(KEYS));
    }
    Map<String, String> o = options;
    return new TrainerOptions(
        o.getOrDefault(LABEL, LABEL_DEFAULT),
        o.getOrDefault(BAD_VALUE, BAD_VALUE_DEFAULT),
        o.get(LABEL_DESCRIPTION),
        parseDouble(o, TEST_FRACTION, TEST_FRACTION_DEFAULT),
        o.containsKey(SEED) ? parse(SEED, o.get(SEED), Long::parseLong) : SEED_DEFAULT,
        emptyToNull(o.get(SPLIT_COLUMN)),
        o.getOrDefault(AS_OF_COLUMN, AS_OF_COLUMN_DEFAULT),
        o.containsKey(EXCLUDE) ? list(o.get(EXCLUDE)) : EXCLUDE_DEFAULT,
        o.containsKey(INCLUDE) ? list(o.get(INCLUDE)) : List.of(),
        parseInt(o, MAX_BINS, MAX_BINS_DEFAULT),
        parseInt(o, INITIAL_BINS, INITIAL_BINS_DEFAULT),
        parseDouble(o, MIN_BIN_SHARE, MIN_BIN_SHARE_DEFAULT),
        parseDouble(o, QUANTILE_RELATIVE_ERROR, QUANTILE_RELATIVE_ERROR_DEFAULT),
        o.containsKey(MONOTONE) ? monotone(MONOTONE, o.get(MONOTONE)) : MONOTONE_DEFAULT,
        monotoneOverrides(o.getOrDefault(MONOTONE_OVERRIDES, "")),
        specialValues(o.getOrDefault(SPECIAL_VALUES, "")),
        parseInt(o, MAX_CATEGORIES, MAX_CATEGORIES_DEFAULT),
        parseDouble(o, MIN_IV, MIN_IV_DEFAULT),
        parseDouble(o, MAX_CORRELATION, MAX_CORRELATION_DEFAULT),
        parseDouble(o, PDO, PDO_DEFAULT),
        parseDouble(o, BASE_SCORE, BASE_SCORE_DEFAULT),
        parseDouble(o, BASE_ODDS, BASE_ODDS_DEFAULT),
        parseInt(o, MIN_SCORE, MIN_SCORE_DEFAULT),
        parseInt(o, MAX_SCORE, MAX_SCORE_DEFAULT),
        o.containsKey(GRADE_BANDS) ? gradeBands(o.get(GRADE_BANDS)) : GradeBand.DEFAULTS,
        o.getOrDefault(VERSION, VERSION_DEFAULT),
        o.get(DESCRIPTION),
        o.get(BENCHMARK_COLUMN),
        o.containsKey(COUNTRY_COLUMN) ? emptyToNull(o.get(COUNTRY_COLUMN)) : COUNTRY_COLUMN_DEFAULT,
        o.containsKey(COUNTRY_COLUMN) && emptyToNull(o.get(COUNTRY_COLUMN)) != null,
        parseDouble(o, FAIRNESS_TOLERANCE, FAIRNESS_TOLERANCE_DEFAULT),
        parseDouble(o, FAIRNESS_Z, FAIRNESS_Z_DEFAULT),
        o.containsKey(BASELINE) ? parse(BASELINE, o.get(BASELINE), TrainerOptions::parseBoolean) : BASELINE_DEFAULT,
        parseDouble(o, REG_PARAM, REG_PARAM_DEFAULT),
        parseInt(o, CV_FOLDS, CV_FOLDS_DEFAULT),
        o.containsKey(CV_REG_PARAMS) ? numbers(CV_REG_PARAMS, o.get(CV_REG_PARAMS), Double::parseDouble)
            : CV_REG_PARAMS_DEFAULT,
        o.containsKey(CV_MIN_BIN_SHARES) ? numbers(CV_MIN_BIN_SHARES, o.get(CV_MIN_BIN_SHARES), Double::parseDouble)
            : CV_MIN_BIN_SHARES_DEFAULT,
        o.containsKey(CV_MAX_BINS) ? numbers(CV_MAX_BINS, o.get(CV_MAX_BINS), Integer::parseInt) : CV_MAX_BINS_DEFAULT,
        parseInt(o, CV_MAX_ROWS, CV_MAX_ROWS_DEFAULT));
  }

  /** The same options with the settings cross-validation chose (and cross-validation off). */
  public TrainerOptions with(CrossValidation.Setting s) {
    return new TrainerOptions(labelColumn, badValue, labelDescription, testFraction, seed, splitColumn, asOfColumn,
        exclude, include, s.maxBins(), initialBins, s.minBinShare(), quantileRelativeError, monotone, monotoneOverrides,
        specialValues, maxCategories, minIv, maxCorrelation, pdo, baseScore, baseOdds, minScore, maxScore, gradeBands,
        version, description, benchmarkColumn, countryColumn, countryColumnRequired, fairnessTolerance, fairnessZ,
        baseline, s.regParam(), 0, cvRegParams, cvMinBinShares, cvMaxBins, cvMaxRows);
  }

  /** The trend to enforce on a numeric column. */
  public Monotone monotoneFor(String column) {
    return monotoneOverrides.getOrDefault(column, monotone);
  }

  /** The label definition as stored in the model. */
  public String labelDefinition() {
    return labelDescription != null ? labelDescription : labelColumn + " = " + badValue;
  }

  private static void check(boolean ok, String key, Object value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          "Cannot configure scorecard training: option " + key + " is " + value + ", must be " + expected);
    }
  }

  private interface Parser<T> {
    T parse(String s);
  }

  private static <T> T parse(String key, String value, Parser<T> parser) {
    try {
      return parser.parse(value.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot configure scorecard training: option " + key + " has an invalid value '" + value + "'", e);
    }
  }

  private static int parseInt(Map<String, String> o, String key, int def) {
    return o.containsKey(key) ? parse(key, o.get(key), Integer::parseInt) : def;
  }

  private static double parseDouble(Map<String, String> o, String key, double def) {
    return o.containsKey(key) ? parse(key, o.get(key), Double::parseDouble) : def;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static boolean parseBoolean(String value) {
    // Boolean.parseBoolean takes any typo for false.
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not true or false: " + value);
    };
  }

  private static <T> List<T> numbers(String key, String value, Parser<T> parser) {
    return list(value).stream().map(v -> parse(key, v, parser)).toList();
  }

  private static List<String> list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static Monotone monotone(String key, String value) {
    return parse(key, value, s -> Monotone.valueOf(s.toUpperCase(java.util.Locale.ROOT)));
  }

  private static Map<String, Monotone> monotoneOverrides(String value) {
    Map<String, Monotone> map = new LinkedHashMap<>();
    for (String item : list(value)) {
      String[] kv = pair(MONOTONE_OVERRIDES, item);
      map.put(kv[0], monotone(MONOTONE_OVERRIDES, kv[1]));
    }
    return map;
  }

  private static Map<String, List<Double>> specialValues(String value) {
    Map<String, List<Double>> map = new LinkedHashMap<>();
    for (String item : list(value)) {
      String[] kv = pair(SPECIAL_VALUES, item);
      List<Double> values = new ArrayList<>();
      for (String v : kv[1].split("\\|")) {
        values.add(parse(SPECIAL_VALUES, v, Double::parseDouble));
      }
      map.put(kv[0], values);
    }
    return map;
  }

  private static List<GradeBand> gradeBands(String value) {
    List<GradeBand> bands = new ArrayList<>();
    for (String item : list(value)) {
      String[] kv = pair(GRADE_BANDS, item);
      bands.add(new GradeBand(kv[0], parse(GRADE_BANDS, kv[1], Double::parseDouble)));
    }
    return bands;
  }

  private static String[] pair(String key, String item) {
    int at = item.lastIndexOf(':');
    if (at <= 0 || at == item.length() - 1) {
      throw new IllegalArgumentException(
          "Cannot configure scorecard training: option " + key + " item '" + item + "' is not name:value");
    }
    return new String[] {item.substring(0, at).trim(), item.substring(at + 1).trim()};
  }
}
