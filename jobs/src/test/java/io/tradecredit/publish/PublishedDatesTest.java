package io.tradecredit.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The dates the publish stage reads over a whole table (the lake's first trade day, the publications before and
 * after a night) come from a scan, without the Spark jobs over the Delta log's state that Delta's planning runs for an
 * unfiltered aggregate, and are the dates the rows hold.
 */
class PublishedDatesTest extends SparkTestBase {
  static final String STATE = "Delta Table State";

  @Test
  void theFirstTradeDayIsReadWithoutJobsOverTheLogsState() {
    Lake lake = SampleLake.twoNights().lake();
    // What the rule costs: an unfiltered earliest day has Delta rebuild the table version's state first.
    assertTrue(plansMentioning(STATE, () -> lake.read(Tables.COMPANY_ACTIVITY_DAILY).agg(min("day")).first()) > 0);

    long[] days = new long[1];
    assertEquals(0, plansMentioning(STATE, () -> days[0] = Night.tradeDays(lake, SampleLake.SECOND)));

    LocalDate first = lake.read(Tables.COMPANY_ACTIVITY_DAILY).collectAsList().stream()
        .map(r -> r.getDate(r.fieldIndex("day")).toLocalDate()).min(LocalDate::compareTo).orElseThrow();
    assertEquals(ChronoUnit.DAYS.between(first, SampleLake.SECOND) + 1, days[0]);
  }

  @Test
  void thePublicationsBeforeAndAfterANightAreReadWithoutJobsOverTheLogsState() {
    Lake lake = SampleLake.twoNights().lake();
    AtomicReference<PublishStage.Published> at = new AtomicReference<>();
    assertEquals(0, plansMentioning(STATE, () -> at.set(PublishStage.published(lake, SampleLake.SECOND))));
    assertEquals(new PublishStage.Published(SampleLake.FIRST, SampleLake.SECOND), at.get());

    assertEquals(new PublishStage.Published(null, SampleLake.SECOND), PublishStage.published(lake, SampleLake.FIRST));
    assertEquals(new PublishStage.Published(SampleLake.SECOND, SampleLake.SECOND),
        PublishStage.published(lake, SampleLake.SECOND.plusDays(1)));
    Row held = lake.read(Tables.COMPANY_SCORE_HISTORY).where(col("as_of_date").isNotNull())
        .agg(min("as_of_date"), max("as_of_date")).first();
    assertEquals(SampleLake.FIRST, held.getDate(0).toLocalDate());
    assertEquals(SampleLake.SECOND, held.getDate(1).toLocalDate());
  }
}
