package io.tradecredit.ingest;

import io.tradecredit.config.ConfigLoader;
import io.tradecredit.config.PipelineConfig.IngestLimits;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * One landing file parsed and checked on one thread, with no Spark job around it, ROUNDS times in one JVM: the first
 * round shows the cost with the JIT still compiling (as a night's tasks meet it), the later ones the compiled code.
 * Usage (bench/ingest/parse/run.sh): ParseOnly FILE ROUNDS CONF HOME.
 */
public final class ParseOnly {
  private ParseOnly() {}

  public static void main(String[] args) {
    String file = args[0];
    int rounds = Integer.parseInt(args[1]);
    IngestLimits limits = ConfigLoader.load(Path.of(args[2]), List.of(), Path.of(args[3])).ingest().limits();
    for (int r = 0; r < rounds; r++) {
      long wall = System.nanoTime();
      long cpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      RecordChecker checker = new RecordChecker(Feed.ORDERS, LocalDate.parse("2026-11-02"));
      Iterator<RawRecord> records = LandingFileParser.parse(file, Feed.ORDERS, limits);
      long rows = 0;
      long broken = 0;
      while (records.hasNext()) {
        InternalRow row = checker.check(records.next());
        rows++;
        broken += row.isNullAt(row.numFields() - 3) ? 0 : 1; // the rule column
      }
      System.out.printf("round %d: %d rows, %d breaking a rule, %.2f s, CPU %.2f s%n", r, rows, broken,
          (System.nanoTime() - wall) / 1e9,
          (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu) / 1e9);
    }
  }
}
