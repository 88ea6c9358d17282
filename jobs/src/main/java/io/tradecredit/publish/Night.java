package io.tradecredit.publish;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the quality gate judges a publication on: the staged scores and, from the lake, what tells a broken night
 * from a young lake.
 *
 * @param staged the scores about to be published
 * @param previous the scores of the previous published date, or null for the first publication
 * @param evidence per company as of D: {@code company_id}, {@code active} (trade in the last 30 days) and
 *     {@code evidence} (its orders in 365 days as seller and as buyer); null when not known
 * @param previousEvidence the same as of the previous published date, or null
 * @param missingFeeds the daily feeds (landing contract: a drop every day) with no drop dt=D ingested
 * @param tradeDays days of trade history in the lake up to D (0 without any)
 */
record Night(Dataset<Row> staged, Dataset<Row> previous, Dataset<Row> evidence, Dataset<Row> previousEvidence,
    List<String> missingFeeds, long tradeDays) {

  /** A night judged on its scores alone: every daily feed counted as delivered, the lake not young. */
  static Night scoresOnly(Dataset<Row> staged, Dataset<Row> previous) {
    return new Night(staged, previous, null, null, List.of(), Long.MAX_VALUE);
  }

  /**
   * @param previousDate the latest published date before D, or null
   * @param previous its published scores, or null
   */
  static Night read(Lake lake, LocalDate date, Dataset<Row> staged, LocalDate previousDate,
      Dataset<Row> previous) {
    Dataset<Row> evidence = lake.exists(Tables.COMPANY_FEATURES_GOLD)
        ? evidence(lake.read(Tables.COMPANY_FEATURES_GOLD), date) : null;
    Dataset<Row> previousEvidence = previousDate != null && lake.exists(Tables.COMPANY_FEATURES)
        ? evidence(lake.read(Tables.COMPANY_FEATURES), previousDate) : null;
    return new Night(staged, previous, evidence, previousEvidence, missingFeeds(lake, date), tradeDays(lake, date));
  }

  static Dataset<Row> evidence(Dataset<Row> features, LocalDate date) {
    return features.where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(date)))).select(col("company_id"),
        coalesce(col("seller_orders_30d"), lit(0)).plus(coalesce(col("buyer_orders_30d"), lit(0))).gt(0)
            .as("active"),
        concat_ws("/", coalesce(col("seller_orders_365d"), lit(0)), coalesce(col("buyer_orders_365d"), lit(0)))
            .as("evidence"));
  }

  /** Daily feeds whose latest ingest of a drop dt=D did not succeed, or that have none. */
  static List<String> missingFeeds(Lake lake, LocalDate date) {
    Map<String, Map<LocalDate, String>> ingested = IngestStage.ingested(lake);
    return Arrays.stream(Feed.values()).filter(Feed::daily)
        .filter(f -> ingested.getOrDefault(f.id(), Map.of()).get(date) == null)
        .map(Feed::id).toList();
  }

  /** Days from the earliest event day of the daily partials to D, both counted. */
  static long tradeDays(Lake lake, LocalDate date) {
    if (!lake.exists(Tables.COMPANY_ACTIVITY_DAILY)) {
      return 0;
    }
    Column first = min(col("day"));
    Row r = lake.readSet(Tables.COMPANY_ACTIVITY_DAILY, "day").agg(first).first();
    return r.isNullAt(0) ? 0 : Math.max(0, ChronoUnit.DAYS.between(r.getDate(0).toLocalDate(), date) + 1);
  }
}
