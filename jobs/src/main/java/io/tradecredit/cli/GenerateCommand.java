package io.tradecredit.cli;

import io.tradecredit.config.PipelineConfig;
import io.tradecredit.generate.WorldGenerator;
import io.tradecredit.generate.WorldSpec;
import io.tradecredit.lake.SparkSessions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "generate", description = "Generate a synthetic world: landing drops of all eight feeds under "
    + "DIR/landing and its ground truth under DIR/truth (companies, true PD, planted bad rows).")
final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--companies", required = true, paramLabel = "N", description = "Number of companies.")
  long companies;

  @Option(names = "--days", required = true, paramLabel = "D", description = "Days of trade from --start.")
  int days;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Random seed: the same seed gives the same files (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (must not hold a world).")
  Path out;

  @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "First day of trade (default 2025-11-01).")
  LocalDate start = WorldSpec.START_DEFAULT;

  @Option(names = "--drops", paramLabel = "K", description = "Delivery dates, the last K days; the first brings "
      + "the history (default " + WorldSpec.DROPS_DEFAULT + ").")
  int drops = WorldSpec.DROPS_DEFAULT;

  @Option(names = "--bad-share", paramLabel = "X", description = "Share of planted bad rows per file, 0 .. "
      + WorldSpec.BAD_SHARE_MAX + " (default " + WorldSpec.BAD_SHARE_DEFAULT + ").")
  double badShare = WorldSpec.BAD_SHARE_DEFAULT;

  @Option(names = "--orders-per-company", paramLabel = "R", description = "Mean orders a company sells a year "
      + "(default " + WorldSpec.ORDERS_PER_COMPANY_YEAR_DEFAULT + ").")
  double ordersPerCompany = WorldSpec.ORDERS_PER_COMPANY_YEAR_DEFAULT;

  @Override
  public Integer call() {
    WorldSpec spec = new WorldSpec(companies, days, seed, start, Math.min(drops, days), badShare, ordersPerCompany);
    PipelineConfig config = common.load();
    String dir = out.toAbsolutePath().normalize().toString();
    String master = System.getProperty("spark.master") != null ? null : config.spark().master();
    SparkSession spark = SparkSessions.create(master, config.spark().shufflePartitions(), dir + "/.warehouse",
        config.spark().settings());
    spark.sparkContext().setLogLevel("WARN");
    WorldGenerator.Result r = WorldGenerator.run(spark, spec, dir);
    io.tradecredit.lake.Console.line("generate done: %,d orders, %,d landing rows (%,d planted bad), %d drops in %.1f s "
        + "(%,.0f orders/s); nightly with --set paths.landing=%s", r.orders(), r.rows(), r.planted(), r.drops(),
        r.seconds(), r.orders() / r.seconds(), r.landing());
    return 0;
  }
}
