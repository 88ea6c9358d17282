package io.tradecredit.score;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tradecredit.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The credit-limit rule on cases worked out by hand from its documentation (docs/credit-limit.md). */
class CreditLimitTest extends SparkTestBase {
  static final StructType BUYERS = new StructType()
      .add("case", DataTypes.StringType)
      .add("grade", DataTypes.StringType)
      .add("purchases", DataTypes.DoubleType)
      .add("orders", DataTypes.DoubleType)
      .add("months", DataTypes.DoubleType);

  @Test
  void limitsFollowTheRuleCaseByCase() {
    Dataset<Row> buyers = spark().createDataFrame(List.of(
        // 120,000 / 12 = 10,000 a month, x 2.0 for A.
        RowFactory.create("a", "A", 120_000.0, 40.0, 30.0),
        // 36,500 / 5 months = 7,300, x 1.5 = 10,950: above 10,000, down to the thousand.
        RowFactory.create("bbb-young", "BBB", 36_500.0, 9.0, 5.0),
        // 5,555 / 12 = 462.92, x 1.0: below 10,000, down to the hundred.
        RowFactory.create("bb", "BB", 5_555.0, 3.0, 14.0),
        // 1,000 / 12 = 83.33, x 0.5 = 41.67: rounds to nothing.
        RowFactory.create("b-small", "B", 1_000.0, 2.0, 12.0),
        RowFactory.create("ccc", "CCC", 1_000_000.0, 100.0, 12.0),
        // 12,000,000 / 12 x 3.0 = 3,000,000: capped.
        RowFactory.create("aaa-cap", "AAA", 12_000_000.0, 500.0, 24.0),
        RowFactory.create("no-orders", "AA", 0.0, 0.0, 12.0),
        // Two weeks old: one month, 3,000 x 2.0.
        RowFactory.create("a-new", "A", 3_000.0, 2.0, 0.0),
        RowFactory.create("no-grade", null, 50_000.0, 10.0, 12.0)), BUYERS);
    Column[] limit = CreditLimit.of(col("grade"), col("purchases"), col("orders"), col("months"));

    assertEquals(rows(
            "[a,20000.00,2.0 x average monthly purchases of USD 10,000 over 12 month(s), grade A, rounded down]",
            "[a-new,6000.00,2.0 x average monthly purchases of USD 3,000 over 1 month(s), grade A, rounded down]",
            "[aaa-cap,250000.00,3.0 x average monthly purchases of USD 1,000,000 over 12 month(s), grade AAA, "
                + "capped at USD 250,000, rounded down]",
            "[b-small,0.00,purchases of USD 83 a month are too small for a limit]",
            "[bb,400.00,1.0 x average monthly purchases of USD 463 over 12 month(s), grade BB, rounded down]",
            "[bbb-young,10000.00,1.5 x average monthly purchases of USD 7,300 over 5 month(s), grade BBB, "
                + "rounded down]",
            "[ccc,0.00,grade CCC: extend no credit]",
            "[no-grade,null,no grade to go by: no recommendation]",
            "[no-orders,0.00,no purchases as a buyer in the last 365 days: extend no credit]"),
        rows(buyers.select(col("case"), limit[0], limit[1])));
    assertEquals("decimal(18,2)", buyers.select(limit[0]).schema().fields()[0].dataType().simpleString());
  }
}
