package io.tradecredit.model;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.conform.Silver;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The labelled table {@code train --date D} fits on: the feature rows of {@code gold.company_features} at monthly
 * as-of dates, each with {@code bad = 1} when the company had a credit event in the 12 months after it.
 *
 * <p>Point in time on both sides: the features are what the nightly computed as of each as-of date, and the labels
 * come from silver as of D (drops with dt &lt;= D). Only as-of dates whose whole 12-month outcome window has passed by
 * D are used (as_of_date &lt;= D - 365 days), so no row is labelled good just because its window is still open. The
 * monthly as-of date is the last date of each month the nightly published features for.
 */
public final class LakehouseLabels {
  /** Days after an as-of date in which a credit event makes the row bad. */
  public static final int HORIZON_DAYS = 365;
  public static final String LABEL = "bad";
  /** Identifiers and names: never characteristics of the scorecard. */
  public static final List<String> IDENTIFIERS = List.of("company_id", "registration_number", "legal_name",
      "registry_country");

  private LakehouseLabels() {}

  public static Dataset<Row> build(Lake lake, LocalDate date) {
    if (!lake.exists(Tables.COMPANY_FEATURES_GOLD)) {
      throw new IllegalStateException("Cannot train from the lakehouse as of " + date + ": "
          + Tables.COMPANY_FEATURES_GOLD + " does not exist at " + lake.path(Tables.COMPANY_FEATURES_GOLD)
          + " (run the nightly first)");
    }
    LocalDate lastAsOf = date.minusDays(HORIZON_DAYS);
    Dataset<Row> all = lake.read(Tables.COMPANY_FEATURES_GOLD);
    Dataset<Row> features = all.where(col("as_of_date").leq(lit(java.sql.Date.valueOf(lastAsOf))));
    Dataset<Row> monthEnds = features.groupBy(trunc(col("as_of_date"), "month"))
        .agg(max("as_of_date").as("as_of_date")).select("as_of_date");
    if (monthEnds.isEmpty()) {
      Row range = all.agg(min("as_of_date"), max("as_of_date")).first();
      throw new IllegalStateException(String.format("Cannot train from the lakehouse as of %s: no features as of "
          + "%s or earlier (%s covers %s .. %s); every as-of date needs its %d days of outcome before %s",
          date, lastAsOf, Tables.COMPANY_FEATURES_GOLD, range.get(0), range.get(1), HORIZON_DAYS, date));
    }
    Dataset<Row> rows = features.join(monthEnds, "as_of_date");
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
