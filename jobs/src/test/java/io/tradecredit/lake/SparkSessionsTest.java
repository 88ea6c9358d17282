package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  /** The mode each of two tasks of an RDD job (no SQL execution around it) reads from its SQL settings. */
  private static List<String> modeInTasks() {
    return JavaSparkContext.fromSparkContext(spark().sparkContext()).parallelize(List.of(1, 2), 2)
        .map(i -> SQLConf.get().getConfString(KEY, "FALLBACK"))
        .collect();
  }
}
