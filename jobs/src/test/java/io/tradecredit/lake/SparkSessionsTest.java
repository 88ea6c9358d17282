package io.tradecredit.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.internal.SQLConf;
import org.junit.jupiter.api.Test;

/** The session's settings as the tasks of its jobs see them. */
class SparkSessionsTest extends SparkTestBase {
  private static final String KEY = "spark.sql.codegen.factoryMode";

  @Test
  void aJobStartedOutsideASqlExecutionRunsItsTasksWithTheSessionsCodeGenerationMode() {
    assertEquals("NO_CODEGEN", spark().conf().get(KEY), "conf/local.yaml's setting, which the test session takes");
    assertEquals(List.of("NO_CODEGEN", "NO_CODEGEN"), modeInTasks());
    // Without the property on the thread, a plain RDD job's tasks fall back to the default: what the session set
    // would not reach them.
    String carried = spark().sparkContext().getLocalProperty(KEY);
    spark().sparkContext().setLocalProperty(KEY, null);
    try {
      assertEquals(List.of("FALLBACK", "FALLBACK"), modeInTasks());
    } finally {
      spark().sparkContext().setLocalProperty(KEY, carried);
    }
  }

  /**
   * A collecting aggregate (the partials' counterparty maps) is a sort aggregate, one buffer reused over the groups,
   * not the object hash aggregate, which past 128 groups sorts anyway and makes a buffer per group; its tasks read the
   * types framework's setting from the session, not its default (an environment lookup per buffer in Spark 4.2).
   */
  @Test
  void aCollectingAggregateSortsWithOneBufferAndItsTasksReadTheTypesFrameworkSetting() {
    var rows = spark().range(0, 1000).select(col("id").mod(300).as("k"), col("id").as("v"))
        .groupBy("k").agg(collect_list("v").as("vs"));
    String plan = rows.queryExecution().executedPlan().toString();
    assertTrue(plan.contains("SortAggregate"), plan);
    assertFalse(plan.contains("ObjectHashAggregate"), plan);
    assertEquals(300, rows.count());
    assertEquals(List.of("false", "false"), JavaSparkContext.fromSparkContext(spark().sparkContext())
        .parallelize(List.of(1, 2), 2)
        .map(i -> SQLConf.get().getConfString("spark.sql.types.framework.enabled", "UNSET"))
        .collect());
  }

  /** The mode each of two tasks of an RDD job (no SQL execution around it) reads from its SQL settings. */
  private static List<String> modeInTasks() {
    return JavaSparkContext.fromSparkContext(spark().sparkContext()).parallelize(List.of(1, 2), 2)
        .map(i -> SQLConf.get().getConfString(KEY, "FALLBACK"))
        .collect();
  }
}
