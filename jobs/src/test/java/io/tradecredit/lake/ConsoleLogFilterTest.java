package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.filter.AbstractFilterable;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The console filter of log4j2.properties: Spark's notices that ask nothing of the operator, and only those. */
class ConsoleLogFilterTest {

  private static Filter.Result judged(String logger, String message) {
    Configuration config = ((LoggerContext) LogManager.getContext(false)).getConfiguration();
    String source = String.valueOf(config.getConfigurationSource().getLocation());
    assertTrue(source.endsWith("log4j2.properties"), source);
    Filter filter = ((AbstractFilterable) config.getAppender("console")).getFilter();
    return filter.filter(Log4jLogEvent.newBuilder().setLoggerName(logger).setLevel(Level.WARN)
        .setMessage(new SimpleMessage(message)).build());
  }

  /**
   * Spark's notices that ask nothing of the operator are kept out (DENY); other warnings of the same loggers, such as
   * a failed put, reach the console (NEUTRAL).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      DENY    | storage.BlockManager   | Block rdd_11728_0 already exists on this machine; not re-adding it
      DENY    | scheduler.DAGScheduler | Broadcasting large task binary with size 1047.2 KiB
      DENY    | SparkContext           | Failed to cancel job group 3f2a
      DENY    | storage.memory.MemoryStore | Not enough space to cache rdd_454_7 in memory! (computed 94.9 MiB so far)
      DENY    | storage.BlockManager   | Persisting block rdd_454_7 to disk instead.
      NEUTRAL | storage.memory.MemoryStore | Not enough space to cache broadcast_9 in memory! (computed 4.0 MiB so far)
      NEUTRAL | storage.BlockManager   | Putting block rdd_12_0 failed due to exception java.io.IOException.
      NEUTRAL | storage.BlockManager   | Block broadcast_4 could not be removed as it was not found on disk or in memory
      """)
  void onlyNoticesWithNothingToActOnAreKeptOut(Filter.Result expected, String sparkLogger, String message) {
    assertEquals(expected, judged("org.apache.spark." + sparkLogger, message), message);
  }
}
