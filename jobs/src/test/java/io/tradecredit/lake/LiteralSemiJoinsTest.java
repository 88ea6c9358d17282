package io.tradecredit.lake;

import static org.apache.spark.sql.functions.broadcast;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A semi join with literal keys reads as a filter: the rows the join gives, null keys on either side and keys given
 * twice included, in one job where the join took two (its broadcast of the literal rows). A join it cannot turn into
 * a filter exactly stays a join.
 */
class LiteralSemiJoinsTest extends SparkTestBase {
  private static final String RULES = "spark.sql.optimizer.excludedRules";

  @Test
  void aSemiJoinWithLiteralKeysIsAFilterWithTheJoinsRows(@TempDir Path root) {
    String t = "delta.`" + root.resolve("t") + "`";
    sql("CREATE TABLE %s (platform STRING, id STRING, day DATE, v INT) USING delta", t);
    sql("INSERT INTO %s VALUES ('a', '1', DATE'2026-11-01', 1), ('a', '2', DATE'2026-11-01', 2), "
        + "('b', '1', DATE'2026-11-02', 3), (NULL, '1', DATE'2026-11-01', 4), ('a', NULL, DATE'2026-11-01', 5), "
        + "('a', '1', DATE'2026-11-01', 6)", t);
    Dataset<Row> keys = spark().createDataFrame(List.of(RowFactory.create("a", "1", java.sql.Date.valueOf(
        "2026-11-01")), RowFactory.create("a", "1", java.sql.Date.valueOf("2026-11-01")), RowFactory.create("b", "1",
        java.sql.Date.valueOf("2026-11-03")), RowFactory.create(null, "1", java.sql.Date.valueOf("2026-11-01")),
        RowFactory.create("a", null, java.sql.Date.valueOf("2026-11-01"))),
        StructType.fromDDL("platform STRING, id STRING, day DATE"));
    Supplier<Dataset<Row>> joined = () -> spark().read().format("delta").load(root.resolve("t").toString())
        .join(broadcast(keys), scala.jdk.javaapi.CollectionConverters.asScala(List.of("platform", "id", "day"))
            .toSeq(), "left_semi");

    rows(joined.get()); // the table's first read, with whatever Delta does once per version
    int[] jobs = new int[1];
    List<String> filtered = counted(() -> rows(joined.get()), jobs);
    assertEquals(rows("[a,1,2026-11-01,1]", "[a,1,2026-11-01,6]"), filtered);
    assertEquals(1, jobs[0], "the rows read in one job, no broadcast");
    assertFalse(joined.get().queryExecution().optimizedPlan().toString().contains("Join"),
        joined.get().queryExecution().optimizedPlan().toString());

    int[] joinJobs = new int[1];
    assertEquals(filtered, withoutTheRule(() -> counted(() -> rows(joined.get()), joinJobs)), "the join's rows");
    assertEquals(2, joinJobs[0], "the join broadcasts the literal rows in a job of its own");
  }

  @Test
  void oneKeyAndNoKeys() {
    Dataset<Row> ids = sql("SELECT id, id * 10 AS v FROM range(10)");
    Dataset<Row> some = spark().createDataFrame(List.of(RowFactory.create(3L), RowFactory.create(7L),
        RowFactory.create(70L)), StructType.fromDDL("id BIGINT"));
    Dataset<Row> none = spark().createDataFrame(List.of(), StructType.fromDDL("id BIGINT"));
    assertEquals(rows("[3,30]", "[7,70]"), rows(ids.join(some, ids.col("id").equalTo(some.col("id")), "left_semi")));
    assertEquals(List.of(), rows(ids.join(none, ids.col("id").equalTo(none.col("id")), "left_semi")));
  }

  @Test
  void aJoinThatIsNotAFilterOfEqualKeysStaysAJoin() {
    Dataset<Row> amounts = sql("SELECT * FROM VALUES (1, CAST(0.0 AS DOUBLE)), (2, CAST(-0.0 AS DOUBLE)), "
        + "(3, CAST('NaN' AS DOUBLE)), (4, CAST(1.5 AS DOUBLE)) AS t(id, x)");
    Dataset<Row> doubles = spark().createDataFrame(List.of(RowFactory.create(0.0), RowFactory.create(Double.NaN)),
        StructType.fromDDL("x DOUBLE"));
    Dataset<Row> byDouble = amounts.join(doubles, amounts.col("x").equalTo(doubles.col("x")), "left_semi");
    assertEquals(rows("[1]", "[2]", "[3]"), rows(byDouble.select("id")), "the join's equality of doubles");
    assertTrue(byDouble.queryExecution().optimizedPlan().toString().contains("Join"));

    Dataset<Row> bounds = spark().createDataFrame(List.of(RowFactory.create(2)), StructType.fromDDL("id INT"));
    Dataset<Row> above = amounts.join(bounds, amounts.col("id").gt(bounds.col("id")), "left_semi");
    assertEquals(rows("[3,NaN]", "[4,1.5]"), rows(above));
    assertTrue(above.queryExecution().optimizedPlan().toString().contains("Join"));

    Dataset<Row> limits = spark().createDataFrame(List.of(RowFactory.create(2, 1.0), RowFactory.create(4, 1.0)),
        StructType.fromDDL("id INT, y DOUBLE"));
    Dataset<Row> keyAndMore = amounts.join(limits, amounts.col("id").equalTo(limits.col("id"))
        .and(amounts.col("x").gt(limits.col("y"))), "left_semi");
    assertEquals(rows("[4]"), rows(keyAndMore.select("id")), "a key and a condition on both sides");
    assertTrue(keyAndMore.queryExecution().optimizedPlan().toString().contains("Join"));
  }

  private static <T> T withoutTheRule(Supplier<T> work) {
    String before = spark().conf().get(RULES);
    spark().conf().set(RULES, before + "," + LiteralSemiJoins.class.getName());
    try {
      return work.get();
    } finally {
      spark().conf().set(RULES, before);
    }
  }

  private static <T> T counted(Supplier<T> work, int[] jobs) {
    return counting(start -> true, jobs, work);
  }

}
