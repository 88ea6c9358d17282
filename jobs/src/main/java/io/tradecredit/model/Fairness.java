package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Whether the score serves every country alike: on the held-out sample, per country and per region
 * ({@link CountryRegions}), the rows, the observed bad rate, the predicted bad rate (the mean pd_12m) and the AUC.
 * Country is never a characteristic, so a country whose companies default more (or less) than their features say
 * shows up here as a gap between observed and predicted.
 *
 * <p>A group is flagged when both hold: the observed bad rate is off the predicted one by more than
 * {@code tolerance} times the predicted one (relative, so that a 0.5% country and a 10% country are held to the same
 * standard), and the observed bads lie more than {@code z} standard errors from the predicted ones (the sum of pd and
 * of pd(1 - pd) over its rows), so that a country of fifty companies is not flagged for one default too many.
 *
 * @param countryColumn the column the countries came from
 * @param tolerance see {@link TrainerOptions#FAIRNESS_TOLERANCE}
 * @param z see {@link TrainerOptions#FAIRNESS_Z}
 * @param flaggedCountries the countries flagged, largest first
 * @param flaggedRegions the regions flagged, largest first
 * @param countries every country of the held-out sample, largest first
 * @param regions every region of the held-out sample, largest first
 */
@JsonPropertyOrder({"country_column", "tolerance", "z", "flagged_countries", "flagged_regions", "countries", "regions"})
public record Fairness(
    String countryColumn,
    double tolerance,
    double z,
    List<String> flaggedCountries,
    List<String> flaggedRegions,
    List<Group> countries,
    List<Group> regions) {

  public Fairness {
    flaggedCountries = List.copyOf(flaggedCountries);
    flaggedRegions = List.copyOf(flaggedRegions);
    countries = List.copyOf(countries);
    regions = List.copyOf(regions);
  }

  /**
   * The figures of one country or region on the held-out sample.
   *
   * @param name the country code as in the data ({@link CountryRegions#UNKNOWN_COUNTRY} for none), or the region
   * @param region the country's region; null on a region's own row
   * @param rows held-out rows
   * @param bads bad rows among them
   * @param observedBadRate bads / rows
   * @param predictedBadRate mean pd_12m of the rows
   * @param ratio observed / predicted bad rate
   * @param zScore (bads - sum of pd) / sqrt(sum of pd (1 - pd)): how far off, in standard errors
   * @param auc AUC of the score within the group; null when it has no goods or no bads
   * @param flagged whether the calibration is off by more than the tolerance, beyond noise
   */
  @JsonPropertyOrder({
    "name", "region", "rows", "bads", "observed_bad_rate", "predicted_bad_rate", "ratio", "z_score", "auc", "flagged"
  })
  public record Group(String name, String region, long rows, long bads, double observedBadRate,
      double predictedBadRate, double ratio, double zScore, Double auc, boolean flagged) {}

  /**
   * The report of a held-out sample with a 0/1 bad column, a score column and a country column, the latter named
   * {@code recordedAs} in the report. One Spark aggregation to counts per (country, score): at most about 250
   * countries times 551 scores reach the driver.
   */
  static Fairness of(Dataset<Row> scored, String countryColumn, String scoreColumn, String badColumn,
      Calibration calibration, String recordedAs, double tolerance, double z) {
    Map<String, TreeMap<Double, long[]>> byCountry = new TreeMap<>();
    for (Row r : scored
        .groupBy(col(countryColumn).as("c"), col(scoreColumn).cast("double").as("s"))
        .agg(count(lit(1)), sum(col(badColumn).cast("long")))
        .where(col("s").isNotNull())
        .collectAsList()) {
      String country = r.isNullAt(0) || r.getString(0).isBlank() ? CountryRegions.UNKNOWN_COUNTRY : r.getString(0);
      long bads = r.isNullAt(3) ? 0 : r.getLong(3);
      add(byCountry, country, r.getDouble(1), r.getLong(2) - bads, bads);
    }
    Map<String, TreeMap<Double, long[]>> byRegion = new TreeMap<>();
    List<Group> countries = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Double, long[]>> e : byCountry.entrySet()) {
      String region = CountryRegions.region(e.getKey());
      countries.add(group(e.getKey(), region, e.getValue(), calibration, tolerance, z));
      e.getValue().forEach((score, n) -> add(byRegion, region, score, n[0], n[1]));
    }
    List<Group> regions = new ArrayList<>();
    byRegion.forEach((region, counts) -> regions.add(group(region, null, counts, calibration, tolerance, z)));
    Comparator<Group> largestFirst = Comparator.comparingLong(Group::rows).reversed().thenComparing(Group::name);
    countries.sort(largestFirst);
    regions.sort(largestFirst);
    return new Fairness(recordedAs, tolerance, z, flagged(countries), flagged(regions), countries, regions);
  }

  /** The figures of one group from its goods and bads per score. */
  static Group group(String name, String region, TreeMap<Double, long[]> perScore, Calibration calibration,
      double tolerance, double z) {
    long goods = 0;
    long bads = 0;
    double expected = 0;
    double variance = 0;
    List<Metrics.ScoreCount> ascending = new ArrayList<>();
    for (Map.Entry<Double, long[]> e : perScore.entrySet()) {
      long[] n = e.getValue();
      double pd = calibration.pd(e.getKey());
      goods += n[0];
      bads += n[1];
      expected += (n[0] + n[1]) * pd;
      variance += (n[0] + n[1]) * pd * (1 - pd);
      ascending.add(new Metrics.ScoreCount(e.getKey(), n[0], n[1]));
    }
    long rows = goods + bads;
    double observed = (double) bads / rows;
    double predicted = expected / rows;
    double zScore = variance > 0 ? (bads - expected) / Math.sqrt(variance) : 0;
    boolean flagged = Math.abs(observed - predicted) > tolerance * predicted && Math.abs(zScore) > z;
    Double auc = goods > 0 && bads > 0 ? Metrics.evaluate(ascending).auc() : null;
    return new Group(name, region, rows, bads, observed, predicted, observed / predicted, zScore, auc, flagged);
  }

  private static void add(Map<String, TreeMap<Double, long[]>> counts, String group, double score, long goods,
      long bads) {
    long[] n = counts.computeIfAbsent(group, g -> new TreeMap<>()).computeIfAbsent(score, s -> new long[2]);
    n[0] += goods;
    n[1] += bads;
  }

  private static List<String> flagged(List<Group> groups) {
    return groups.stream().filter(Group::flagged).map(Group::name).toList();
  }
}
