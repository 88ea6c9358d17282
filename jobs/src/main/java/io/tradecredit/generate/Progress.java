package io.tradecredit.generate;

import io.tradecredit.lake.Console;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * Prints how far a long Spark job is, every few seconds: tasks done, orders so far and their rate, and an ETA from
 * the share of tasks done (tasks are companies in equal slices, so they take about the same time).
 */
final class Progress implements AutoCloseable {
  private final SparkSession spark;
  private final Listener listener = new Listener();
  private final Thread printer;
  private final long start = System.nanoTime();

  private static final class Listener extends SparkListener {
    final AtomicInteger done = new AtomicInteger();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
      if (end.taskInfo().successful()) {
        done.incrementAndGet();
      }
    }
  }

  Progress(SparkSession spark, String what, int tasks, LongSupplier orders, long everyMillis) {
    this.spark = spark;
    spark.sparkContext().addSparkListener(listener);
    this.printer = new Thread(() -> {
      try {
        while (true) {
          Thread.sleep(everyMillis);
          print(what, tasks, orders.getAsLong());
        }
      } catch (InterruptedException e) {
        // finished
      }
    }, "generate-progress");
    printer.setDaemon(true);
    printer.start();
  }

  private void print(String what, int tasks, long orders) {
    double secs = (System.nanoTime() - start) / 1e9;
    int done = Math.min(tasks, listener.done.get());
    String eta = done == 0 ? "unknown" : duration(secs * (tasks - done) / done);
    Console.line("%s  tasks %d/%d (%d%%)  orders %,d (%,.0f/s)  elapsed %s  ETA %s", what, done, tasks,
        100 * done / tasks, orders, orders / Math.max(secs, 1e-3), duration(secs), eta);
  }

  static String duration(double secs) {
    long s = Math.round(secs);
    return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
  }

  @Override
  public void close() {
    printer.interrupt();
    spark.sparkContext().removeSparkListener(listener);
  }
}
