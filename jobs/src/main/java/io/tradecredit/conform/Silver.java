package io.tradecredit.conform;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Reading silver as it was: every silver row is one version of a record, valid from the delivery date that
 * brought it ({@code valid_from}) until the delivery date of the version that replaced it ({@code valid_to},
 * exclusive; null while current). "As of D" therefore sees exactly the drops with {@code dt <= D}.
 */
public final class Silver {
  public static final String VALID_FROM = "valid_from";
  public static final String VALID_TO = "valid_to";

  private Silver() {}

  public static Column validOn(LocalDate date) {
    Column d = lit(java.sql.Date.valueOf(date));
    return col(VALID_FROM).leq(d).and(col(VALID_TO).isNull().or(col(VALID_TO).gt(d)));
  }

  /** The versions of a feed's records current as of {@code date}; empty (with no columns) if never conformed. */
  public static Dataset<Row> asOf(Lake lake, Feed feed, LocalDate date) {
    return lake.read(Tables.silver(feed)).where(validOn(date));
  }
}
