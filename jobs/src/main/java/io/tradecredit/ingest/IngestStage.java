package io.tradecredit.ingest;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.config.PipelineConfig.IngestLimits;
import io.tradecredit.lake.Console;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Parallel;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Ingest: every complete drop with {@code dt <= D} that is new or re-delivered becomes typed rows in
 * {@code bronze.<feed>} (replacing that drop's earlier delivery) and quarantine entries in {@code ops.quarantine},
 * with its accounting in {@code ops.ingest_log}.
 */
public final class IngestStage {
  public static final StructType QUARANTINE_SCHEMA = new StructType()
      .add("stage", DataTypes.StringType)
      .add("feed", DataTypes.StringType)
      .add("dt", DataTypes.DateType)
      .add("source_file", DataTypes.StringType)
      .add("source_line", DataTypes.LongType)
      .add("rule", DataTypes.StringType)
      .add("message", DataTypes.StringType)
      .add("raw_record", DataTypes.StringType)
      .add("run_id", DataTypes.StringType)
      .add("quarantined_at", DataTypes.TimestampType);

  static final StructType LOG_SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType)
      .add("feed", DataTypes.StringType)
      .add("dt", DataTypes.DateType)
      .add("fingerprint", DataTypes.StringType)
      .add("files", DataTypes.IntegerType)
      .add("rows_read", DataTypes.LongType)
      .add("accepted", DataTypes.LongType)
      .add("deduplicated", DataTypes.LongType)
      .add("quarantined", DataTypes.LongType)
      .add("quarantined_by_rule", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType))
      .add("schema_drift", DataTypes.createArrayType(DataTypes.StringType))
      .add("status", DataTypes.StringType)
      .add("message", DataTypes.StringType)
      .add("started_at", DataTypes.TimestampType)
      .add("duration_ms", DataTypes.LongType);

  /** About how many quarantined rows go to one file of ops.quarantine ({@link #quarantineFiles}). */
  static final long QUARANTINE_FILE_ROWS = 1_000_000;

  /** Drops above this size get partitions of about this size for their deduplication ({@link #dedupPartitions}). */
  static final long PARTITION_BYTES = 64L << 20;

  /**
   * Bronze keeps only the row count in its file statistics: nothing reads bronze by a column's range (conform reads
   * a dt partition; erasure matches hashes of columns), and the per-column minimum and maximum of every row cost
   * about a tenth of a large drop's ingest (bench/RESULTS.md, "Ingest"). For the same reason its Parquet files go
   * without the writer's own page and size statistics, and keep dictionaries only for columns whose values come
   * from a small set (enums, codes, the platform, the file and the run): on identifiers, amounts and times a
   * dictionary fills up, is thrown away and written again plain. Delta hands a table's properties to the Parquet
   * writer as its settings.
   */
  static Map<String, String> bronzeProperties(Feed feed) {
    Map<String, String> p = new TreeMap<>();
    p.put("delta.dataSkippingNumIndexedCols", "0");
    p.put("parquet.column.statistics.enabled", "false");
    p.put("parquet.size.statistics.enabled", "false");
    p.put("parquet.enable.dictionary", "false");
    for (io.tradecredit.ingest.Column c : feed.columns()) {
      if (c.type() == ColumnType.ENUM || c.type() == ColumnType.COUNTRY || c.type() == ColumnType.CURRENCY
          || c.type() == ColumnType.BOOLEAN || c.name().equals("platform")) {
        p.put("parquet.enable.dictionary#" + c.name(), "true");
      }
    }
    for (String name : List.of("source_file", "ingested_at", "run_id")) {
      p.put("parquet.enable.dictionary#" + name, "true");
    }
    return p;
  }

  private final RunContext ctx;
  private final Lake lake;
  private final QuarantineMarks marks;
  /** Drops whose quarantine mark is to go once the run's log is committed. */
  private final List<Drop> marked = java.util.Collections.synchronizedList(new ArrayList<>());

  public IngestStage(RunContext ctx) {
    this.ctx = ctx;
    this.lake = ctx.lake();
    this.marks = new QuarantineMarks(lake);
  }

  /** Ingests the pending drops of the given feeds up to {@code date}; throws {@link IngestFailure} on a bad drop. */
  public List<DropResult> run(LocalDate date, List<Feed> feeds) {
    List<DropResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
    List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Row> log = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<String, Map<LocalDate, String>> ingested = ingested(lake);
    lake.ensure(Tables.QUARANTINE, QUARANTINE_SCHEMA, "feed");
    try {
      ingestAll(date, feeds, ingested, results, failures, log);
    } finally {
      // One commit for the whole run's accounting, failed drops included.
      if (!log.isEmpty()) {
        lake.append(Tables.INGEST_LOG, ctx.spark().createDataFrame(log, LOG_SCHEMA));
        marked.forEach(d -> marks.clear(d.feed(), d.dt()));
      }
    }
    if (!failures.isEmpty()) {
      throw new IngestFailure(String.join("\n", failures));
    }
    return results;
  }

  /** Feeds side by side (bronze tables are separate; quarantine partitions by feed), drops of a feed in order. */
  private void ingestAll(LocalDate date, List<Feed> feeds, Map<String, Map<LocalDate, String>> ingested,
      List<DropResult> results, List<String> failures, List<Row> log) {
    List<Runnable> tasks = new ArrayList<>();
    for (Feed feed : feeds) {
      tasks.add(() -> ingestFeed(feed, date, ingested.getOrDefault(feed.id(), Map.of()), results, failures, log));
    }
    Parallel.run(tasks, ctx.config().spark().parallelFeeds());
    results.sort(java.util.Comparator.comparing((DropResult r) -> r.feed().ordinal()).thenComparing(DropResult::dt));
  }

  private void ingestFeed(Feed feed, LocalDate date, Map<LocalDate, String> done, List<DropResult> results,
      List<String> failures, List<Row> log) {
    DropFinder.Listing listing = DropFinder.scan(ctx.config().paths().landing(), feed,
        ctx.spark().sparkContext().hadoopConfiguration());
    for (DropFinder.NotADrop n : listing.notDrops()) {
      Console.line("ingest %-13s %s  not a drop, not read: %s", feed.id(), n.name(), n.reason());
    }
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    for (Drop drop : listing.drops()) {
      if (drop.dt().isAfter(date)) {
        if (drop.dt().isAfter(today)) {
          // A later night reads it; said because a delivery dated after today is more likely a producer's mistake.
          Console.line("ingest %-13s dt=%s  dated after today (%s): pending until a night of that date",
              feed.id(), drop.dt(), today);
        }
        continue;
      }
      if (!drop.complete()) {
        Console.line("ingest %-13s dt=%s  waiting: no %s yet, not read", feed.id(), drop.dt(), DropFinder.SUCCESS);
        continue;
      }
      if (drop.fingerprint().equals(done.get(drop.dt()))) {
        continue; // already ingested exactly this delivery
      }
      DropResult r = ingest(drop, done.containsKey(drop.dt()), log);
      results.add(r);
      if (!r.passed()) {
        failures.add(r.message());
      }
    }
  }

  /** Per feed, the fingerprint of the last ingest of every dt (null when that ingest failed). */
  public static Map<String, Map<LocalDate, String>> ingested(Lake lake) {
    Map<String, Map<LocalDate, String>> done = new HashMap<>();
    if (!lake.exists(Tables.INGEST_LOG)) {
      return done;
    }
    lake.read(Tables.INGEST_LOG)
        .withColumn("rn", row_number().over(Window.partitionBy("feed", "dt").orderBy(col("started_at").desc())))
        .where(col("rn").equalTo(1))
        .select(col("feed"), col("dt"), when(col("status").equalTo("OK"), col("fingerprint")))
        .collectAsList()
        .forEach(r -> done.computeIfAbsent(r.getString(0), k -> new HashMap<>())
            .put(r.getDate(1).toLocalDate(), r.getString(2)));
    return done;
  }

  /**
   * @param delivered whether an earlier delivery of this drop was ingested: its quarantine entries must be replaced
   *     even when this one has none
   */
  DropResult ingest(Drop drop, boolean delivered, List<Row> log) {
    long start = System.nanoTime();
    Instant startedAt = Instant.now();
    Feed feed = drop.feed();
    Dataset<Row> records = read(drop);
    int partitions = dedupPartitions(bytes(drop), ctx.spark().sparkContext().defaultParallelism());
    Dataset<Row> named = ErasedRecords.mark(records, feed, lake);
    DropRows kept = DropRows.keep(ctx.spark(), named, feed, partitions);
    try {
      Tally tally = kept.tally();
      long accepted = tally.accepted;
      long duplicates = tally.duplicates;
      long quarantined = tally.quarantined();
      Map<String, Long> byRule = tally.byRule();
      TreeSet<String> drift = tally.extraColumns;
      long read = accepted + duplicates + quarantined;
      double ratio = read == 0 ? 0 : (double) (quarantined - byRule.getOrDefault(Rules.ERASED, 0L)) / read;
      double max = ctx.config().ingest().maxBadRatio(feed.id());
      boolean passed = ratio <= max;
      String message = passed ? "" : String.format(
          "Cannot ingest %s drop dt=%s: %.1f%% of %d rows quarantined, above max_bad_ratio %.1f%%; top rules: %s"
              + " (see ops.quarantine; fix and re-deliver the drop, or raise ingest.max_bad_ratio_per_feed.%s)",
          feed.id(), drop.dt(), 100 * ratio, read, 100 * max, top(byRule), feed.id(), feed.id());

      Timestamp now = Timestamp.from(Instant.now());
      Dataset<Row> quarantine = kept.rows(FirstOfKey.QUARANTINED).select(
          lit("ingest").as("stage"), lit(feed.id()).as("feed"), lit(java.sql.Date.valueOf(drop.dt())).as("dt"),
          col("source_file"), col("source_line"), col("rule"), col("message"), col("raw_record"),
          lit(ctx.runId()).as("run_id"), lit(now).as("quarantined_at"))
          .coalesce(quarantineFiles(quarantined, kept.partitions()));
      // The quarantine and bronze are written side by side: each is a Delta commit of its own (a rerun replaces
      // both), and the quarantine's one small task and its commit's driver work would otherwise leave a core idle.
      List<Runnable> writes = new ArrayList<>();
      // A first delivery's entries are appended (QuarantineMarks): nothing of that drop can be there to replace.
      boolean pending = !delivered && marks.pending(feed, drop.dt());
      if (delivered || pending) {
        writes.add(() -> lake.replace(Tables.QUARANTINE, quarantine,
            "stage = 'ingest' AND feed = '" + feed.id() + "' AND dt = '" + drop.dt() + "'", "feed"));
      } else if (quarantined > 0) {
        marks.mark(feed, drop.dt());
        pending = true;
        writes.add(() -> lake.append(Tables.QUARANTINE, quarantine));
      }
      if (passed) {
        writes.add(() -> lake.replacePartition(Tables.bronze(feed), bronze(kept.rows(FirstOfKey.ACCEPTED), drop),
            "dt", drop.dt(), bronzeProperties(feed)));
      }
      Parallel.run(writes, writes.size());
      DropResult result = new DropResult(feed, drop.dt(), drop.files().size() + drop.links().size(), read, accepted,
          duplicates, quarantined, byRule, new ArrayList<>(drift), passed, message,
          (System.nanoTime() - start) / 1_000_000);
      log.add(logRow(drop, result, startedAt));
      if (pending) {
        marked.add(drop);
      }
      print(result, start);
      return result;
    } finally {
      kept.release();
    }
  }

  /**
   * The drop's records, typed and checked ({@link RecordChecker}): text files in the tasks that parse them, one per
   * piece; Parquet files and whole-file problems after Spark has read them.
   */
  private Dataset<Row> read(Drop drop) {
    IngestLimits limits = ctx.config().ingest().limits();
    List<String> text = new ArrayList<>();
    List<Dataset<Row>> parts = new ArrayList<>();
    List<RawRecord> whole = new ArrayList<>();
    for (String link : drop.links()) {
      whole.add(RawRecord.bad(link, 0, null, Rules.FILE_IS_LINK, (link.equals(drop.path()) ? "the drop folder is "
          : "the file is ") + "a symbolic link, not followed: deliver the data itself, not a link to it"));
    }
    for (String file : drop.files()) {
      if (LandingFileParser.isCsv(file) || LandingFileParser.isJsonl(file)) {
        text.add(file);
      } else if (LandingFileParser.isParquet(file)) {
        parts.add(ParquetFileReader.read(ctx.spark(), file, drop.feed(), limits));
      } else {
        whole.add(ParquetFileReader.unsupported(file));
      }
    }
    Feed feed = drop.feed();
    LocalDate dt = drop.dt();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(ctx.spark().sparkContext());
    List<FilePiece> pieces = FilePieces.plan(jsc, text, limits);
    JavaRDD<InternalRow> rows = jsc.parallelize(pieces, Math.max(1, pieces.size()))
        .flatMap(piece -> checked(LandingFileParser.parse(piece, feed, limits), feed, dt));
    for (Dataset<Row> p : parts) {
      rows = rows.union(p.javaRDD().map(RawRecord::of).mapPartitions(raw -> checked(raw, feed, dt)));
    }
    if (!whole.isEmpty()) {
      rows = rows.union(jsc.parallelize(whole, 1).mapPartitions(raw -> checked(raw, feed, dt)));
    }
    return ((org.apache.spark.sql.classic.SparkSession) ctx.spark())
        .internalCreateDataFrame(rows.rdd(), RecordChecker.schema(feed), false);
  }

  /** Raw records as checked rows, one checker per task. */
  private static java.util.Iterator<InternalRow> checked(java.util.Iterator<RawRecord> raw, Feed feed,
      LocalDate dt) {
    RecordChecker checker = new RecordChecker(feed, dt);
    return new java.util.Iterator<>() {
      @Override
      public boolean hasNext() {
        return raw.hasNext();
      }

      @Override
      public InternalRow next() {
        return checker.check(raw.next());
      }
    };
  }

  /**
   * Partitions of the deduplication's shuffle, which the kept rows and the bronze write keep: none asked (0, Spark's
   * own) for a drop under {@link #PARTITION_BYTES}; above, a multiple of the cores, about that size each. Left to
   * adaptive execution, a 1M-row drop (112 MB) became 3 partitions on 2 cores, so the window's job and the bronze
   * write each ran their last third on one core.
   */
  static int dedupPartitions(long bytes, int cores) {
    if (bytes <= PARTITION_BYTES) {
      return 0;
    }
    int c = Math.max(1, cores);
    long partitions = (bytes + PARTITION_BYTES - 1) / PARTITION_BYTES;
    return (int) Math.min(Integer.MAX_VALUE, (partitions + c - 1) / c * c);
  }

  /**
   * Files for a drop's quarantined rows: one per {@link #QUARANTINE_FILE_ROWS}, at most one per kept partition. A
   * file per kept partition made each of a few thousand rows' writers pay a writer's start (its code generated,
   * its statistics set up) and left ops.quarantine a file per partition for every drop.
   */
  static int quarantineFiles(long quarantined, int partitions) {
    long files = (quarantined + QUARANTINE_FILE_ROWS - 1) / QUARANTINE_FILE_ROWS;
    return (int) Math.max(1, Math.min(files, partitions));
  }

  /** The size of a drop's files (gzip ones as stored); 0 for a file whose size cannot be read. */
  private long bytes(Drop drop) {
    long total = 0;
    for (String file : drop.files()) {
      try {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
        total += path.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration()).getFileStatus(path).getLen();
      } catch (java.io.IOException e) {
        // The file's task reports it; its size only sizes the partitions.
      }
    }
    return total;
  }

  private Dataset<Row> bronze(Dataset<Row> accepted, Drop drop) {
    List<Column> out = new ArrayList<>();
    drop.feed().columnNames().forEach(n -> out.add(col(n)));
    out.add(lit(java.sql.Date.valueOf(drop.dt())).as("dt"));
    out.add(col("source_file"));
    out.add(col("source_line"));
    out.add(lit(Timestamp.from(Instant.now())).as("ingested_at"));
    out.add(lit(ctx.runId()).as("run_id"));
    return accepted.select(out.toArray(new Column[0]));
  }

  private Row logRow(Drop drop, DropResult r, Instant startedAt) {
    return RowFactory.create(ctx.runId(), drop.feed().id(), java.sql.Date.valueOf(drop.dt()), drop.fingerprint(),
        r.files(), r.rowsRead(), r.accepted(), r.deduplicated(), r.quarantined(),
        new LinkedHashMap<>(r.quarantinedByRule()),
        r.schemaDrift(), r.passed() ? "OK" : "FAILED", r.message(), Timestamp.from(startedAt), r.durationMs());
  }

  private static String top(Map<String, Long> byRule) {
    return byRule.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(3)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static void print(DropResult r, long start) {
    Console.line("ingest %-13s dt=%s  files %d  read %d  accepted %d  deduplicated %d  quarantined %d%s%s  %s%s",
        r.feed().id(), r.dt(), r.files(), r.rowsRead(), r.accepted(), r.deduplicated(), r.quarantined(),
        r.quarantinedByRule().isEmpty() ? "" : " (" + top(r.quarantinedByRule()) + ")",
        r.schemaDrift().isEmpty() ? "" : "  schema drift: " + String.join(", ", r.schemaDrift()),
        Console.seconds(start), r.passed() ? "" : "  FAILED");
  }
}
