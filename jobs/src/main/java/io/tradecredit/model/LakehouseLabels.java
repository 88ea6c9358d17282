package io.tradecredit.model;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.conform.ConformStage;
import io.tradecredit.conform.Silver;
import io.tradecredit.features.FeaturesStage;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The labelled table {@code train --date D --target T} fits on: the feature rows of {@code gold.company_features} at
 * monthly as-of dates, each labelled by the target's outcome after it ({@link Target}): a credit event in the 12
 * months after, or a failure as a seller or as a buyer in the horizon ({@link OutcomeLabels}).
 *
 * <p>Point in time on both sides: the features are what the nightly computed as of each as-of date, and the labels
 * come from silver as of D (drops with dt &lt;= D). Only as-of dates whose whole horizon, and the settling time after
 * it, have passed by D are used (as_of_date &lt;= D - horizon - settle), so no row is labelled good just because its
 * window is still open. A company without the target's minimum activity in the horizon keeps a null label and is left
 * out of training. The monthly as-of date is the last date of each month the nightly published features for.
 */
public final class LakehouseLabels {
  /** Days after an as-of date in which a credit event makes the row bad. */
  public static final int HORIZON_DAYS = Target.CREDIT.horizonDays();
  public static final String LABEL = "bad";
  /** Identifiers and names: never characteristics of the scorecard. */
  public static final List<String> IDENTIFIERS = List.of("company_id", "registration_number", "legal_name",
      "registry_country");

  private LakehouseLabels() {}

  /** The credit-event labels (what {@code train --date} fits without a target). */
  public static Dataset<Row> build(Lake lake, LocalDate date) {
    return build(lake, date, Target.CREDIT);
  }

  /**
   * The labelled feature rows of {@code target} as of {@code date}, with the account map known on that date, from
   * features the nightly published (a lake that has none old enough needs {@link #label} and a work folder).
   */
  public static Dataset<Row> build(Lake lake, LocalDate date, Target target) {
    return label(lake, date, target, null).rows();
  }

  /**
   * As {@link #build(Lake, LocalDate, Target)} with the account-to-company map given (platform, account_id,
   * company_id); unused for credit.
   */
  public static Dataset<Row> build(Lake lake, LocalDate date, Target target, Dataset<Row> accounts) {
    return label(lake, date, target, accounts, null).rows();
  }

  /**
   * The labelled rows and where their features came from.
   *
   * @param features how the features were obtained, in words, for the model's source and the report
   */
  public record Labelled(Dataset<Row> rows, String features) {}

  /**
   * {@link #build(Lake, LocalDate, Target)}, saying where the features came from. With a work folder the labelled
   * rows are written there and read back, so that training reads them from disk however often it passes over them.
   *
   * @param scratch where intermediate tables go; null keeps the rows a plan over the lake, and then only features
   *     the nightly published can be used
   */
  public static Labelled label(Lake lake, LocalDate date, Target target, TrainingScratch scratch) {
    Dataset<Row> accounts = target == Target.CREDIT ? null : ConformStage.companyAccounts(lake, date);
    if (target != Target.CREDIT && accounts == null) {
      throw new IllegalStateException("Cannot label " + target + " outcomes as of " + date
          + ": silver has no accounts or registry yet (run the nightly first)");
    }
    return label(lake, date, target, accounts, scratch);
  }

  /**
   * The feature rows at month ends: those the nightly published when it has any old enough; else, for a lake whose
   * history arrived in one onboarding drop, features of each past month end taken by event date from silver as of
   * D ({@link FeaturesStage#byEventDate}, written under {@code scratch}), said so in {@link Labelled#features}.
   */
  static Labelled label(Lake lake, LocalDate date, Target target, Dataset<Row> accounts, TrainingScratch scratch) {
    if (!lake.exists(Tables.COMPANY_FEATURES_GOLD)) {
      throw new IllegalStateException("Cannot train from the lakehouse as of " + date + ": "
          + Tables.COMPANY_FEATURES_GOLD + " does not exist at " + lake.path(Tables.COMPANY_FEATURES_GOLD)
          + " (run the nightly first)");
    }
    LocalDate lastAsOf = date.minusDays(target.labelledAfterDays());
    Dataset<Row> all = lake.read(Tables.COMPANY_FEATURES_GOLD);
    Dataset<Row> features = all.where(col("as_of_date").leq(lit(java.sql.Date.valueOf(lastAsOf))));
    // One date per month: a handful of rows however large the table. Dates travel as strings (Java 17 internals).
    List<LocalDate> monthEnds = features.groupBy(trunc(col("as_of_date"), "month"))
        .agg(max("as_of_date").cast("string")).collectAsList().stream()
        .map(r -> LocalDate.parse(r.getString(1))).sorted().toList();
    Dataset<Row> rows;
    String source;
    if (!monthEnds.isEmpty()) {
      rows = features.where(col("as_of_date").isin(monthEnds.stream().map(java.sql.Date::valueOf).toArray()));
      source = "features as published by the nightly at " + monthEnds.size() + " month ends";
    } else {
      monthEnds = pastMonthEnds(FeaturesStage.firstActivityDay(lake, date), lastAsOf);
      if (monthEnds.isEmpty()) {
        Row range = all.agg(min("as_of_date"), max("as_of_date")).first();
        throw new IllegalStateException(String.format("Cannot train the %s model from the lakehouse as of %s: no "
            + "features as of %s or earlier (%s covers %s .. %s) and no trade dated by then; every as-of date needs "
            + "its %d days of outcome before %s", target, date, lastAsOf, Tables.COMPANY_FEATURES_GOLD,
            range.get(0), range.get(1), target.labelledAfterDays(), date));
      }
      if (scratch == null) {
        throw new IllegalStateException("Cannot label " + target + " outcomes as of " + date + " by event date "
            + "without a work folder: the features of " + monthEnds.size() + " month ends are written to one");
      }
      rows = FeaturesStage.byEventDate(lake, date, monthEnds, scratch.path("features"));
      source = "features of " + monthEnds.size() + " month ends " + monthEnds.get(0) + " .. "
          + monthEnds.get(monthEnds.size() - 1) + " taken by event date from silver as of " + date + ": the nightly "
          + "had published none that old (history delivered in one onboarding drop), so outcomes reported by "
          + date + " of events before each month end (payments made, deliveries, registry changes) show in them";
    }
    Dataset<Row> labelled = withLabels(lake, date, target, accounts, rows, monthEnds);
    return new Labelled(scratch == null ? labelled : scratch.save("labelled", labelled), source);
  }

  /** The last day of every whole month from the month of {@code first} up to {@code last}. */
  static List<LocalDate> pastMonthEnds(LocalDate first, LocalDate last) {
    List<LocalDate> ends = new java.util.ArrayList<>();
    if (first == null) {
      return ends;
    }
    for (LocalDate m = first.withDayOfMonth(first.lengthOfMonth()); !m.isAfter(last);
        m = m.plusMonths(1).withDayOfMonth(m.plusMonths(1).lengthOfMonth())) {
      ends.add(m);
    }
    return ends;
  }

  private static Dataset<Row> withLabels(Lake lake, LocalDate date, Target target, Dataset<Row> accounts,
      Dataset<Row> rows, List<LocalDate> monthEnds) {
    if (target != Target.CREDIT) {
      Dataset<Row> outcomes = OutcomeLabels.of(lake, date, target, accounts, monthEnds)
          .select(col("company_id"), col("as_of_date"), col("bad").as(LABEL));
      return rows.join(outcomes, List.of("company_id", "as_of_date").toArray(new String[0]), "left");
    }
    Dataset<Row> labelled = rows.withColumn(LABEL, lit(0));
    if (lake.exists(Tables.silver(Feed.CREDIT_EVENTS))) {
      Dataset<Row> events = Silver.asOf(lake, Feed.CREDIT_EVENTS, date)
          .where(col("company_id").isNotNull())
          .select(col("company_id").as("e_company_id"), col("event_date"));
      Dataset<Row> bad = rows.select("company_id", "as_of_date")
          .join(events, col("company_id").equalTo(col("e_company_id"))
              .and(col("event_date").gt(col("as_of_date")))
              .and(col("event_date").leq(date_add(col("as_of_date"), HORIZON_DAYS))))
          .select("company_id", "as_of_date").distinct().withColumn("_bad", lit(1));
      labelled = rows.join(bad, List.of("company_id", "as_of_date").toArray(new String[0]), "left")
          .withColumn(LABEL, coalesce(col("_bad"), lit(0))).drop("_bad");
    }
    return labelled;
  }
}
