package io.tradecredit.generate;

import io.tradecredit.lake.Console;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple4;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Prints how far generation is, every few seconds: tasks done, orders so far and their rate, and an ETA from the
 * orders expected. Running tasks report their count with the executors' heartbeats, so the figure moves while
 * tasks that take minutes are still running.
 */
final class Progress implements AutoCloseable {
  private final SparkSession spark;
  private final Listener listener;
  private final Thread printer;
  private final long start = System.nanoTime();

  private static final class Listener extends SparkListener {
    final AtomicInteger done = new AtomicInteger();
    final Map<Long, Long> running = new ConcurrentHashMap<>();
    private final long accumulatorId;

    Listener(long accumulatorId) {
      this.accumulatorId = accumulatorId;
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      running.remove(end.taskInfo().taskId());
      if (end.taskInfo().successful()) {
        done.incrementAndGet();
      }
    }

    @Override
    public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
      for (Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task
          : CollectionConverters.asJava(update.accumUpdates())) {
        for (AccumulableInfo info : CollectionConverters.asJava(task._4())) {
          if (info.id() == accumulatorId && info.update().isDefined()) {
            running.put((Long) task._1(), ((Number) info.update().get()).longValue());
          }
        }
      }
    }
  }

  /** @param expected orders the world should come to, for the ETA */
  Progress(SparkSession spark, int tasks, LongAccumulator orders, double expected, long everyMillis) {
    this.spark = spark;
    this.listener = new Listener(orders.id());
    spark.sparkContext().addSparkListener(listener);
    this.printer = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(everyMillis);
          print(tasks, orders.value() + listener.running.values().stream().mapToLong(Long::longValue).sum(),
              expected);
        }
      } catch (InterruptedException e) {
        // generation finished
      }
    }, "generate-progress");
    printer.setDaemon(true);
    printer.start();
  }

  private void print(int tasks, long orders, double expected) {
    double secs = (System.nanoTime() - start) / 1e9;
    String eta = orders == 0 ? "unknown" : Console.duration(Math.max(0, secs * (expected - orders) / orders));
    Console.line("generate  tasks %d/%d  orders %,d of ~%,.0f (%.0f%%, %,.0f/s)  elapsed %s  ETA %s",
        Math.min(tasks, listener.done.get()), tasks, orders, expected, 100 * Math.min(1, orders / expected),
        orders / Math.max(secs, 1e-3), Console.duration(secs), eta);
  }

  @Override
  public void close() {
    printer.interrupt();
    spark.sparkContext().removeSparkListener(listener);
  }
}
