package io.tradecredit;

import io.tradecredit.config.ConfigLoader;
import io.tradecredit.config.PipelineConfig;
import io.tradecredit.lake.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** One local SparkSession for the whole suite: starting one costs 5-10 s on two cores. */
public abstract class SparkTestBase {
  private static SparkSession spark;

  protected static synchronized SparkSession spark() {
    if (spark == null) {
      try {
        Path warehouse = Files.createTempDirectory("tradecredit-test-warehouse");
        // The embedded default's settings (conf/local.yaml: one shuffle partition, no code generation, no adaptive
        // execution): tests run on data as small as its sample drops, and the session should plan as a default
        // night does. A class whose subject is the same result over several partitions sets more for itself.
        Path home = Path.of("..").toAbsolutePath().normalize();
        PipelineConfig.Spark local = ConfigLoader.load(home.resolve("conf/local.yaml"), List.of(), home).spark();
        spark = SparkSessions.create("local[2]", local.shufflePartitions(), warehouse.toString(), local.settings());
        spark.sparkContext().setLogLevel("WARN");
      } catch (java.io.IOException e) {
        throw new IllegalStateException("Cannot create a test warehouse folder", e);
      }
    }
    return spark;
  }

  protected static Dataset<Row> sql(String query, Object... args) {
    return spark().sql(String.format(query, args));
  }

  /** Rows as sorted strings: an exact comparison whose failure shows the whole content. */
  protected static List<String> rows(Dataset<Row> df) {
    return df.collectAsList().stream().map(Row::toString).sorted().collect(Collectors.toList());
  }

  protected static List<String> rows(String... expected) {
    return Arrays.stream(expected).sorted().collect(Collectors.toList());
  }

  /**
   * Runs {@code work}, and puts in {@code jobs[0]} how many of the Spark jobs it started pass {@code counted}; returns
   * what it returned.
   */
  protected static <T> T counting(java.util.function.Predicate<org.apache.spark.scheduler.SparkListenerJobStart>
      counted, int[] jobs, java.util.function.Supplier<T> work) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
    listening(new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart start) {
        if (counted.test(start)) {
          n.incrementAndGet();
        }
      }
    }, () -> result.set(work.get()));
    jobs[0] = n.get();
    return result.get();
  }

  /** The Spark jobs started while {@code work} ran. */
  protected static int jobsWhile(Runnable work) {
    int[] jobs = new int[1];
    counting(start -> true, jobs, () -> {
      work.run();
      return null;
    });
    return jobs[0];
  }

  /** Runs {@code work} and counts the SQL executions it started whose physical plan mentions {@code text}. */
  protected static int plansMentioning(String text, Runnable work) {
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    listening(new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onOtherEvent(org.apache.spark.scheduler.SparkListenerEvent event) {
        if (event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart start
            && start.physicalPlanDescription().contains(text)) {
          count.incrementAndGet();
        }
      }
    }, work);
    return count.get();
  }

  /**
   * The rows output by scans of the files of a table (its folder's name; its Delta log aside) while {@code work} ran,
   * each scan counted once however many plans read its result from a cache: how often a table's rows were read.
   */
  protected static long rowsScanned(String table, Runnable work) {
    java.util.Set<Long> scans = java.util.concurrent.ConcurrentHashMap.newKeySet();
    java.util.concurrent.atomic.AtomicLong rows = new java.util.concurrent.atomic.AtomicLong();
    listening(new org.apache.spark.scheduler.SparkListener() {
      private void note(org.apache.spark.sql.execution.SparkPlanInfo plan) {
        String node = plan.simpleString();
        if (plan.nodeName().startsWith("Scan") && node.contains("/" + table + "]") && !node.contains("_delta_log")) {
          scala.jdk.javaapi.CollectionConverters.asJava(plan.metrics()).stream()
              .filter(m -> m.name().equals("number of output rows")).forEach(m -> scans.add(m.accumulatorId()));
        }
        scala.jdk.javaapi.CollectionConverters.asJava(plan.children()).forEach(this::note);
      }

      @Override
      public void onOtherEvent(org.apache.spark.scheduler.SparkListenerEvent event) {
        if (event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart start) {
          note(start.sparkPlanInfo());
        } else if (event instanceof org.apache.spark.sql.execution.ui.SparkListenerSQLAdaptiveExecutionUpdate update) {
          note(update.sparkPlanInfo());
        }
      }

      @Override
      public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd end) {
        scala.jdk.javaapi.CollectionConverters.asJava(end.taskInfo().accumulables()).stream()
            .filter(a -> scans.contains(a.id()) && a.update().isDefined())
            .forEach(a -> rows.addAndGet(((Number) a.update().get()).longValue()));
      }
    }, work);
    return rows.get();
  }

  /** Runs {@code work} with {@code listener} on the shared session, and waits until Spark's listeners caught up. */
  protected static void listening(org.apache.spark.scheduler.SparkListener listener, Runnable work) {
    spark().sparkContext().addSparkListener(listener);
    try {
      work.run();
      spark().sparkContext().listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Spark's listeners did not catch up", e);
    } finally {
      spark().sparkContext().removeSparkListener(listener);
    }
  }

  /** What reaches the console's level (WARN and above) from any logger while {@code action} runs. */
  protected static List<String> warnings(Runnable action) {
    var context = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
    List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    var appender = new org.apache.logging.log4j.core.appender.AbstractAppender("warnings", null, null, true,
        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
      @Override
      public void append(org.apache.logging.log4j.core.LogEvent event) {
        seen.add(event.getLoggerName() + ": " + event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    var root = context.getConfiguration().getRootLogger();
    root.addAppender(appender, org.apache.logging.log4j.Level.WARN, null);
    context.updateLoggers();
    try {
      action.run();
    } finally {
      root.removeAppender("warnings");
      context.updateLoggers();
      appender.stop();
    }
    return new java.util.ArrayList<>(seen);
  }
}
