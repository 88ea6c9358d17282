package io.tradecredit.pull;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.regexp_replace;

import io.tradecredit.config.PullSource;
import io.tradecredit.config.PullSource.PullFeed;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.RunContext;
import io.tradecredit.pull.SourceColumns.Checked;
import io.tradecredit.pull.Watermarks.Mark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Pull: reads the rows of a platform database changed in night D's window (after the source's watermark, less the
 * lookback, up to the end of D) with Spark's JDBC source, in parallel reads, and writes each feed as an ordinary
 * landing drop {@code <landing>/<feed>/dt=D/}, so that ingest, the quarantine and the accounting treat it as any
 * delivery. Watermarks move in {@code ops.pull_watermarks} only once the drops are sealed.
 */
public final class PullStage {
  /** Timestamps as the contract writes them: ISO-8601 in UTC, microseconds kept. */
  private static final String ISO_UTC = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'";

  private final RunContext ctx;

  public PullStage(RunContext ctx) {
    this.ctx = ctx;
  }

  /** What one feed's pull did. */
  public record FeedPull(String source, Feed feed, LocalDate dt, PullWindow window, long rows, String drop,
      long millis) {}

  /**
   * Pulls night {@code date} of source {@code name}: every feed it maps, or only {@code feedNames} when given.
   * Every feed's columns are checked before any row is read; a failure ends the pull, keeping the watermarks of the
   * feeds not yet sealed where they were.
   */
  public List<FeedPull> run(String name, LocalDate date, List<String> feedNames) {
    Map<String, PullSource> sources = ctx.config().pull().sources();
    PullSource source = sources.get(name);
    if (source == null) {
      throw new IllegalArgumentException("Unknown pull source '" + name + "' (" + (sources.isEmpty()
          ? "the configuration defines none under pull.sources" : "sources: " + String.join(", ",
          new java.util.TreeSet<>(sources.keySet()))) + ")");
    }
    List<String> feeds = feedNames.isEmpty() ? new ArrayList<>(new java.util.TreeSet<>(source.feeds().keySet()))
        : feedNames;
    for (String f : feeds) {
      if (!source.feeds().containsKey(f)) {
        throw new IllegalArgumentException("Source " + name + " does not map feed '" + f + "' (it maps: "
            + String.join(", ", new java.util.TreeSet<>(source.feeds().keySet())) + ")");
      }
    }
    SourceDatabase db = new SourceDatabase(name, source, Credentials.of(name, source, System.getenv()));
    Map<String, Mark> marks = Watermarks.read(ctx.lake(), name);
    List<Mark> sealed = new ArrayList<>();
    List<FeedPull> results = new ArrayList<>();
    try (Connection c = db.connect()) {
      List<Checked> checked = new ArrayList<>();
      for (String f : feeds) {
        checked.add(SourceColumns.check(c, name, Feed.find(f).orElseThrow(), source.feeds().get(f)));
      }
      for (int i = 0; i < feeds.size(); i++) {
        Feed feed = Feed.find(feeds.get(i)).orElseThrow();
        FeedPull r = pull(db, c, feed, source.feeds().get(feed.id()), checked.get(i), date, marks.get(feed.id()));
        results.add(r);
        sealed.add(new Mark(name, feed.id(), r.window().to(), date, r.window().from(), r.rows(), r.drop(),
            ctx.runId(), Instant.now()));
      }
    } catch (SQLException e) {
      throw new PullFailure(db.cannot() + ": " + db.message(e));
    } finally {
      if (!sealed.isEmpty()) {
        Watermarks.advance(ctx.lake(), name, marks, sealed);
      }
    }
    return results;
  }

  private FeedPull pull(SourceDatabase db, Connection c, Feed feed, PullFeed mapping, Checked checked, LocalDate date,
      Mark mark) throws SQLException {
    long start = System.nanoTime();
    Configuration conf = ctx.spark().sparkContext().hadoopConfiguration();
    PullDrop drop = new PullDrop(ctx.config().paths().landing(), feed, date, db.name(), ctx.runId(), conf);
    PullWindow window = window(db, feed, date, mark, drop.previous());
    drop.clearLeftovers();
    String where = window.condition(checked.updatedAt());
    String select = "SELECT " + checked.select() + " FROM " + checked.relation() + " WHERE " + where;
    DataFrameReader reader = ctx.spark().read().format("jdbc").options(db.sparkOptions())
        .option("dbtable", "(" + select + ") pull_rows");
    int parts = partition(reader, db, c, checked, window, where);
    Dataset<Row> rows = asContractText(reader.load().drop("pull_split"));
    drop.write(rows);
    long count = rowsWritten(drop, conf);
    drop.seal(new PullManifest(db.name(), feed.id(), date.toString(), db.where(),
        mapping.table() != null ? mapping.table() : "query", window.from() == null ? null : window.from().toString(),
        window.to().toString(), count, checked.absent(), ctx.runId(), Instant.now().toString()));
    FeedPull result = new FeedPull(db.name(), feed, date, window, count, drop.path().toString(),
        (System.nanoTime() - start) / 1_000_000);
    Console.line("pull %s %-13s dt=%s  %s  reads %d  rows %d%s  %s  -> %s", db.name(), feed.id(), date, window, parts,
        count, checked.absent().isEmpty() ? "" : "  (not in the source, left empty: "
            + String.join(", ", checked.absent()) + ")", Console.seconds(start), drop.path());
    return result;
  }

  /**
   * Night D reads after the feed's watermark. A rerun of a night already pulled reads the window recorded in that
   * night's drop, so that it pulls the same rows.
   */
  private PullWindow window(SourceDatabase db, Feed feed, LocalDate date, Mark mark, PullManifest previous) {
    if (previous != null && (mark == null || !mark.pulledThrough().isBefore(date))) {
      return new PullWindow(date, previous.windowFrom() == null ? null : Instant.parse(previous.windowFrom()),
          PullWindow.endOf(date));
    }
    if (mark != null && !mark.pulledThrough().isBefore(date)) {
      throw new PullFailure("Cannot pull night " + date + " of feed " + feed.id() + " from source " + db.name()
          + ": it has been pulled through " + mark.pulledThrough() + " and night " + date + " has no drop of this"
          + " source to repeat (pull nights in order; ops.pull_watermarks)");
    }
    return PullWindow.after(date, mark == null ? null : mark.watermark(),
        Duration.ofMinutes(db.source().lookbackMinutes()));
  }

  /**
   * Splits the read into the source's parallel reads by its split column, between the bounds of the window's rows
   * (taken from the window itself when the split column is updated_at), and returns how many reads there are.
   */
  private static int partition(DataFrameReader reader, SourceDatabase db, Connection c, Checked checked,
      PullWindow window, String where) throws SQLException {
    int parts = db.source().partitions();
    if (parts <= 1) {
      return 1;
    }
    String lower;
    String upper;
    boolean byWindow = checked.split().equals(checked.updatedAt()) && window.from() != null;
    if (byWindow) {
      lower = PullWindow.bound(window.from());
      upper = PullWindow.bound(window.to());
    } else {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT min(" + checked.split()
          + "), max(" + checked.split() + ") FROM " + checked.relation() + " WHERE " + where)) {
        rs.next();
        if (rs.getObject(1) == null) {
          return 1; // nothing in the window
        }
        switch (checked.splitKind()) {
          case NUMBER -> {
            BigDecimal low = rs.getBigDecimal(1);
            BigDecimal high = rs.getBigDecimal(2).add(BigDecimal.ONE);
            lower = low.toBigInteger().toString();
            upper = high.toBigInteger().toString();
            // Fewer values than reads: Spark would cut the reads itself, with a warning in the output.
            parts = (int) Math.min(parts, Math.max(1, high.subtract(low).longValue()));
          }
          case DATE -> {
            lower = rs.getDate(1).toString();
            upper = rs.getDate(2).toLocalDate().plusDays(1).toString();
          }
          default -> {
            lower = PullWindow.bound(rs.getTimestamp(1).toInstant());
            upper = PullWindow.bound(rs.getTimestamp(2).toInstant().plusSeconds(1));
          }
        }
      }
    }
    if (parts <= 1) {
      return 1;
    }
    reader.option("partitionColumn", "pull_split").option("lowerBound", lower).option("upperBound", upper)
        .option("numPartitions", parts);
    return parts;
  }

  /** Every value as the contract's text: what a producer would have written in a file, so ingest judges it alike. */
  static Dataset<Row> asContractText(Dataset<Row> rows) {
    List<Column> out = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = col(f.name());
      DataType t = f.dataType();
      Column text;
      if (t.equals(DataTypes.TimestampType) || t.equals(DataTypes.TimestampNTZType)) {
        text = date_format(c, ISO_UTC);
      } else if (t instanceof DecimalType d && d.scale() > 0) {
        // NUMERIC without a scale reads as decimal(38,18): trailing zeros would break the contract's 2 digits.
        text = regexp_replace(regexp_replace(c.cast(DataTypes.StringType), "(\\.[0-9]*?)0+$", "$1"), "\\.$", "");
      } else {
        text = c.cast(DataTypes.StringType);
      }
      out.add(text.as(f.name()));
    }
    return rows.select(out.toArray(new Column[0]));
  }

  /** Rows in the written files, from their Parquet footers: the database is read once. */
  private static long rowsWritten(PullDrop drop, Configuration conf) {
    Path work = null;
    try {
      long rows = 0;
      Path dir = new Path(drop.path().getParent(), drop.workName());
      work = dir;
      for (FileStatus f : dir.getFileSystem(conf).listStatus(dir)) {
        String n = f.getPath().getName();
        if (n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) {
          try (var r = org.apache.parquet.hadoop.ParquetFileReader.open(HadoopInputFile.fromPath(f.getPath(),
              conf))) {
            rows += r.getRecordCount();
          }
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot count the rows written to " + work, e);
    }
  }
}
