package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tradecredit.SampleLake;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint's figures for bench/RESULTS.md (bench/serve/run.sh): its start, each analyst query's latency on a warm
 * endpoint, and ten analysts' sessions at once. Over the sample lake, or the lake {@code -Dtradecredit.bench.lake}
 * names (with {@code -Dtradecredit.bench.exports}).
 */
@Tag("bench")
class ServeLatencyIT {
  private static final int RUNS = Integer.getInteger("tradecredit.bench.runs", 10);
  private static final int SESSIONS = Integer.getInteger("tradecredit.bench.sessions", 10);
  private static final int SECONDS = Integer.getInteger("tradecredit.bench.seconds", 60);

  @Test
  void startLatencyAndTenSessions(@TempDir Path root) throws Exception {
    String lake = System.getProperty("tradecredit.bench.lake");
    List<String> settings;
    if (lake == null) {
      SampleLake.copy(root);
      settings = SampleLake.settings(root, SampleLake.HOME.resolve("data-samples/landing"));
    } else {
      settings = List.of("paths.lake=" + lake, "paths.exports=" + System.getProperty("tradecredit.bench.exports"),
          "spark.shuffle_partitions=" + Integer.getInteger("tradecredit.bench.shufflePartitions", 4));
    }
    List<String> queries = ServeCommandIT.analystQueries();
    try (SqlEndpointProcess endpoint = SqlEndpointProcess.start(root, settings,
        System.getProperty("tradecredit.bench.driverMemory", "4g"))) {
      System.out.printf("| start (command to ready) | %.1f s |%n", endpoint.readySeconds);
      System.out.println("| query | first run | median | p95 | rows |");
      System.out.println("|---|---|---|---|---|");
      try (Connection c = endpoint.jdbc(); Statement st = c.createStatement()) {
        for (int q = 0; q < queries.size(); q++) {
          long[] rows = new long[1];
          double first = timed(st, queries.get(q), rows);
          double[] times = new double[RUNS];
          for (int i = 0; i < RUNS; i++) {
            times[i] = timed(st, queries.get(q), rows);
          }
          Arrays.sort(times);
          System.out.printf("| %d | %.3f s | %.3f s | %.3f s | %d |%n", q + 1, first, times[RUNS / 2],
              times[(int) Math.ceil(RUNS * 0.95) - 1], rows[0]);
        }
      }
      AtomicLong done = new AtomicLong();
      List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
      ExecutorService pool = Executors.newFixedThreadPool(SESSIONS);
      List<Future<?>> analysts = new ArrayList<>();
      List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int a = 0; a < SESSIONS; a++) {
        int offset = a;
        analysts.add(pool.submit(() -> {
          try (Connection c = endpoint.jdbc(); Statement st = c.createStatement()) {
            for (int i = offset; System.nanoTime() < end; i++) {
              try {
                latencies.add(timed(st, queries.get(i % queries.size()), new long[1]));
                done.incrementAndGet();
              } catch (Exception e) {
                errors.add(e.toString());
              }
            }
          } catch (Exception e) {
            errors.add(e.toString());
          }
          return null;
        }));
      }
      for (Future<?> f : analysts) {
        f.get();
      }
      pool.shutdown();
      double[] all = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.printf("| %d sessions for %d s | %d queries, %d errors, median %.3f s, p95 %.3f s |%n", SESSIONS,
          SECONDS, done.get(), errors.size(), all.length == 0 ? 0 : all[all.length / 2],
          all.length == 0 ? 0 : all[(int) Math.ceil(all.length * 0.95) - 1]);
      assertEquals(List.of(), errors.subList(0, Math.min(5, errors.size())));
    }
  }

  private static double timed(Statement st, String query, long[] rows) throws Exception {
    long t = System.nanoTime();
    long n = 0;
    try (ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        n++;
      }
    }
    rows[0] = n;
    return (System.nanoTime() - t) / 1e9;
  }
}
