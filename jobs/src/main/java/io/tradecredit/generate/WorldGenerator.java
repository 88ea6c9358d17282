package io.tradecredit.generate;

import io.tradecredit.lake.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Generates a synthetic world: landing drops of all eight feeds under {@code <out>/landing} following the landing
 * contract, and the ground truth under {@code <out>/truth} (companies as Parquet, planted.json), never inside the
 * landing area. A distributed job: companies are sliced with {@code spark.range}, every value is a hash of the seed
 * and ids, and each task writes its own files; the driver only marks drops complete and writes the manifest.
 */
public final class WorldGenerator {
  /** Companies per task: large enough that files are not tiny, small enough that tasks balance. */
  static final long COMPANIES_PER_TASK = 2_500;

  /** @param rows landing rows written, planted ones included */
  public record Result(long orders, long rows, long planted, int drops, double seconds, String landing,
      String truth) {}

  private WorldGenerator() {}

  public static Result run(SparkSession spark, WorldSpec spec, String out) {
    long start = System.nanoTime();
    String landing = out + "/landing";
    String truth = out + "/truth";
    refuseExisting(landing, truth);
    int tasks = (int) Math.max(1, Math.min(20_000, (spec.companies() + COMPANIES_PER_TASK - 1) / COMPANIES_PER_TASK));
    Console.line("generate %,d companies, %d days from %s (drops %s .. %s), seed %d, bad share %s, %d tasks",
        spec.companies(), spec.days(), spec.start(), spec.firstDrop(), spec.lastDay(), spec.seed(),
        spec.badShare(), tasks);

    LongAccumulator orders = spark.sparkContext().longAccumulator("orders");
    Planted planted = new Planted();
    double expected = spec.companies() * spec.ordersPerCompanyYear() * spec.days() / 365.0;
    try (Progress p = new Progress(spark, tasks, orders, expected, 10_000)) {
      List<Row> counts = spark.range(0, spec.companies(), 1, tasks)
          .mapPartitions(WorldTasks.companies(spec, landing, orders), Encoders.row(PartitionWriter.COUNTS))
          .collectAsList();
      planted.add(counts);
    }
    FxRows fx = new FxRows(spec);
    planted.add(spark.range(fx.firstDay(), fx.firstDay() + fx.dayCount(), 1, 1)
        .mapPartitions(WorldTasks.fx(spec, landing), Encoders.row(PartitionWriter.COUNTS))
        .collectAsList());
    FilePlants.plant(landing, spec, planted);
    int drops = Markers.complete(landing, spec);
    double genSecs = (System.nanoTime() - start) / 1e9;
    Console.line("generate landing: %,d orders, %,d rows in %d drops under %s  %.1f s (%,.0f orders/s)",
        orders.value(), rowsWritten(planted), drops, landing, genSecs, orders.value() / genSecs);

    long truthStart = System.nanoTime();
    Truth.write(spark, spec, tasks, truth + "/companies");
    planted.write(truth + "/planted.json", spec, orders.value());
    long bad = planted.total(Planted.BAD) + planted.total(Planted.FILE) + planted.total(Planted.NO_FX);
    Console.line("generate truth: %s/companies (Parquet), %s/planted.json (%,d planted bad rows, %,d duplicates)  "
        + "%.1f s", truth, truth, bad, planted.total(Planted.DUPLICATE), (System.nanoTime() - truthStart) / 1e9);
    double secs = (System.nanoTime() - start) / 1e9;
    return new Result(orders.value(), rowsWritten(planted), bad, drops, secs, landing, truth);
  }

  private static long rowsWritten(Planted p) {
    return p.total(Planted.GOOD) + p.total(Planted.DUPLICATE) + p.total(Planted.NO_FX) + p.total(Planted.BAD)
        + p.total(Planted.FILE);
  }

  /** A second world written over a first would mix their files: refuse instead. */
  private static void refuseExisting(String landing, String truth) {
    try {
      for (String dir : List.of(landing, truth)) {
        Path p = new Path(dir);
        FileSystem fs = OutputFs.of(p);
        if (fs.exists(p)) {
          throw new IllegalArgumentException("Cannot generate into " + dir + ": it exists; remove it or choose "
              + "another --out");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check the output folders " + landing + " and " + truth, e);
    }
  }
}
