package io.tradecredit.lake;

import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lakehouse on one storage root: where each table lives, and the few ways a stage writes.
 *
 * <p>The catalog is the folder layout itself ({@code <lake>/<database>/<table>/_delta_log}): {@link #registerCatalog}
 * registers every table found there in the session, so any process sees every table without a metastore
 * service or a lock on one.
 */
public final class Lake {
  private static final Logger LOG = LoggerFactory.getLogger(Lake.class);

  private final SparkSession spark;
  private final String root;

  public Lake(SparkSession spark, String root) {
    this.spark = spark;
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
  }

  public SparkSession spark() {
    return spark;
  }

  public String root() {
    return root;
  }

  public String path(Table table) {
    return root + "/" + table.database() + "/" + table.name();
  }

  /**
   * Whether the table has a first commit. A process killed while creating a table leaves a {@code _delta_log}
   * folder without one (and perhaps data files nobody references): that is no table yet, and the next run creates it.
   */
  public boolean exists(Table table) {
    try {
      Path log = new Path(path(table) + "/_delta_log");
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(log)) {
        return false;
      }
      for (org.apache.hadoop.fs.FileStatus f : fs.listStatus(log)) {
        String name = f.getPath().getName();
        if (name.endsWith(".json") || name.endsWith(".checkpoint.parquet") || name.endsWith("_last_checkpoint")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check table " + table + " at " + path(table), e);
    }
  }

  public Dataset<Row> read(Table table) {
    if (!exists(table)) {
      throw new IllegalStateException("Cannot read " + table + ": no Delta table at " + path(table)
          + " (has the stage that writes it run?)");
    }
    return spark.read().format("delta").load(path(table));
  }

  /**
   * The table's rows where {@code column} is set, for the earliest or latest of that column over the whole table.
   * Without a filter Delta's planning answers such a query from its log's statistics where it can, and first works out
   * whether it can with Spark jobs over the table version's state (four on a small table, whose files are otherwise
   * read without any: {@link TableFiles}). It cannot for a table with deletion vectors, nor for a conditional
   * aggregate, and still pays those jobs. The filter keeps that rule off; the earliest and latest skip nulls anyway.
   */
  public Dataset<Row> readSet(Table table, String column) {
    return read(table).where(org.apache.spark.sql.functions.col(column).isNotNull());
  }

  /** The table, to merge into or change in place: with its statistics columns ({@link FileStatistics}). */
  public DeltaTable delta(Table table) {
    upgrade(table, java.util.Map.of());
    return DeltaTable.forPath(spark, path(table));
  }

  /** Appends rows, creating the table with the rows' schema on first use. */
  public void append(Table table, Dataset<Row> rows, String... partitionBy) {
    writer(table, rows, java.util.Map.of(), partitionBy).mode(SaveMode.Append).partitionBy(partitionBy)
        .save(path(table));
  }

  /**
   * A Delta writer of {@code rows} to {@code table}. A write that creates the table gives it its statistics columns
   * ({@link FileStatistics}; Delta takes a write's {@code delta.*} options as the properties of a table it creates,
   * and leaves an existing table's alone); an existing table is first given those and {@code properties} where it
   * lacks them ({@link #upgrade}).
   */
  private org.apache.spark.sql.DataFrameWriter<Row> writer(Table table, Dataset<Row> rows,
      java.util.Map<String, String> properties, String... partitionBy) {
    upgrade(table, properties);
    org.apache.spark.sql.DataFrameWriter<Row> writer = rows.write().format("delta");
    String stats = FileStatistics.columns(table, rows.schema(), java.util.List.of(partitionBy));
    return stats == null ? writer : writer.option(FileStatistics.PROPERTY, stats);
  }

  /**
   * Gives an existing table {@code properties} and its statistics columns ({@link FileStatistics}) where it lacks them
   * or they differ (a table made before them, or one that gained a column to keep): one commit, once, from one read
   * of its latest metadata. Its rows and stamp stay as they are. Nothing without a table.
   */
  private void upgrade(Table table, java.util.Map<String, String> properties) {
    boolean chosen = FileStatistics.chosen(table);
    if (!chosen && properties.isEmpty()) {
      return;
    }
    var snapshot = latest(table);
    if (snapshot.version() < 0) {
      return;
    }
    var metadata = snapshot.metadata();
    java.util.Map<String, String> missing = new java.util.TreeMap<>(properties);
    String stats = chosen ? FileStatistics.columns(table, metadata.schema(),
        scala.jdk.javaapi.CollectionConverters.asJava(metadata.partitionColumns())) : null;
    if (stats != null) {
      missing.put(FileStatistics.PROPERTY, stats);
    }
    missing.entrySet().removeIf(e -> e.getValue().equals(metadata.configuration().getOrElse(e.getKey(), () -> null)));
    if (!missing.isEmpty()) {
      setProperties(table, missing);
    }
  }

  /**
   * Replaces the rows matching {@code condition} with {@code rows} in one commit: the way a stage re-runs a date
   * without touching other dates.
   */
  public void replace(Table table, Dataset<Row> rows, String condition, String... partitionBy) {
    if (!exists(table)) {
      append(table, rows, partitionBy);
      return;
    }
    writer(table, rows, java.util.Map.of()).mode(SaveMode.Overwrite).option("replaceWhere", condition)
        .save(path(table));
  }

  /**
   * Replaces partition {@code column = value} with {@code rows} in one commit. A partition that has never been
   * written (no folder) holds no rows, so a plain append gives the same table for much less: replaceWhere has to
   * reconstruct and scan the file list to find what to remove. A folder left by an aborted write takes the
   * replace path, so the result is the same either way. Where the table is created or the partition appended, the
   * rows are written without the sort by {@code column} Spark's writer would put first ({@link OnePartition}).
   */
  public void replacePartition(Table table, Dataset<Row> rows, String column, Object value) {
    replacePartition(table, rows, column, value, java.util.Map.of());
  }

  /**
   * As above, for a table with {@code properties} (Delta's {@code delta.*}, and others that Delta hands to the
   * Parquet writer as its settings): given to the write that creates the table, and set in a commit of their own
   * on a table made before them.
   */
  public void replacePartition(Table table, Dataset<Row> rows, String column, Object value,
      java.util.Map<String, String> properties) {
    String condition = column + " = '" + value + "'";
    if (!exists(table)) {
      Dataset<Row> one = OnePartition.of(rows, column);
      if (properties.isEmpty()) {
        append(table, one, column);
        return;
      }
      // A write's options keep only delta.* properties, and the others (Parquet's settings for its files) must apply
      // to the first rows too.
      create(table, one, properties, null, column);
      return;
    }
    // Partitioned tables are the dated ones (features, scores, bronze); they change only by adding columns
    // (published.md), so a new column lands in the table instead of failing the night that first writes it.
    if (!present(table, column + "=" + value)) {
      writer(table, OnePartition.of(rows, column), properties, column).mode(SaveMode.Append)
          .option("mergeSchema", "true").save(path(table));
      return;
    }
    writer(table, rows, properties, column).mode(SaveMode.Overwrite).option("replaceWhere", condition)
        .option("mergeSchema", "true").save(path(table));
  }

  /**
   * Replaces partition {@code column = value} of {@code target} with the same partition of {@code source}, in one
   * commit: by copying its files where the tables' files mean the same rows ({@link PartitionCopy}), else by copying
   * its rows ({@link #replacePartition}, which also brings a column new in {@code source} to {@code target}).
   */
  public void copyPartition(Table source, Table target, String column, Object value) {
    upgrade(target, java.util.Map.of());
    if (!PartitionCopy.replace(this, source, target, column, value)) {
      replacePartition(target, read(source).where(org.apache.spark.sql.functions.col(column)
          .equalTo(org.apache.spark.sql.functions.lit(value))), column, value);
    }
  }

  /** Replaces the whole table in one commit. */
  public void overwrite(Table table, Dataset<Row> rows, String... partitionBy) {
    overwriting(table, rows, partitionBy).partitionBy(partitionBy).save(path(table));
  }

  private org.apache.spark.sql.DataFrameWriter<Row> overwriting(Table table, Dataset<Row> rows,
      String... partitionBy) {
    return writer(table, rows, java.util.Map.of(), partitionBy).mode(replacing(table))
        .option("overwriteSchema", "true");
  }

  /**
   * How a write that replaces a table's rows commits: an overwrite, or an append where there is no table yet. Both
   * give a new table the same first version, but an overwrite first lists the files it removes, and Delta lists even
   * an empty table's with Spark jobs over its state (a fresh lake's first night makes some thirty tables).
   */
  private SaveMode replacing(Table table) {
    return exists(table) ? SaveMode.Overwrite : SaveMode.Append;
  }

  /**
   * Replaces the whole table in one commit whose user metadata is {@code stamp}: what the rows were made from, so
   * that a later run can tell from {@link #stamp} whether they are still current. Recorded in the same commit as
   * the rows, a kill can never leave rows without their stamp or a stamp without its rows.
   */
  public void overwrite(Table table, Dataset<Row> rows, String stamp) {
    overwriting(table, rows).option("userMetadata", stamp).save(path(table));
  }

  /**
   * Creates the table from {@code rows} in one commit that also sets its {@code properties} ({@code comment} is its
   * description) and, unless null, carries {@code stamp} as user metadata ({@link #stamp}): a write followed by a
   * commit for the properties costs a second commit, and a second snapshot for the next read to build. Or replaces:
   * a folder that an aborted first write left holds no table yet. A CREATE TABLE AS SELECT, partitioned by
   * {@code partitionBy}.
   */
  public void create(Table table, Dataset<Row> rows, java.util.Map<String, String> properties, String stamp,
      String... partitionBy) {
    org.apache.spark.sql.CreateTableWriter<Row> create = rows.writeTo("delta.`" + path(table) + "`").using("delta");
    if (partitionBy.length > 0) {
      org.apache.spark.sql.Column[] columns = java.util.Arrays.stream(partitionBy)
          .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new);
      create = create.partitionedBy(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length));
    }
    for (java.util.Map.Entry<String, String> p : properties.entrySet()) {
      create = create.tableProperty(p.getKey(), p.getValue());
    }
    String stats = FileStatistics.columns(table, rows.schema(), java.util.List.of(partitionBy));
    if (stats != null && !properties.containsKey(FileStatistics.PROPERTY)) {
      create = create.tableProperty(FileStatistics.PROPERTY, stats);
    }
    if (stamp != null) {
      create = create.option("userMetadata", stamp);
    }
    // Where no folder is there yet, a plain CREATE: a replace lists the files it removes first, with Spark jobs even
    // over a new table's empty state (see #replacing). A folder without a table is what an aborted first write left,
    // perhaps with data files nobody references, which a CREATE refuses: a replace makes the table over them. A
    // stamp needs the replace too: Delta's CREATE TABLE AS SELECT leaves the write's user metadata out of its commit.
    if (stamp != null || present(table, "")) {
      create.createOrReplace();
    } else {
      try {
        create.create();
      } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
        // Only another writer could have made it since the check, and the lake's lock keeps every other one out.
        throw new IllegalStateException("Cannot create " + table + " at " + path(table) + ": made meanwhile", e);
      }
    }
  }

  /** Whether the table's folder, or the folder {@code under} it (a partition's), is there: one file-system call. */
  private boolean present(Table table, String under) {
    Path folder = under.isEmpty() ? new Path(path(table)) : new Path(path(table), under);
    try {
      return folder.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + folder + " of " + table, e);
    }
  }

  /** Commits that leave the rows as they were (comments, properties, compaction, cleanup). */
  private static final java.util.Set<String> ROWS_KEPT = java.util.Set.of("SET TBLPROPERTIES",
      "UNSET TBLPROPERTIES", "CHANGE COLUMN", "OPTIMIZE", "VACUUM START", "VACUUM END");

  /** How many of the latest commits {@link #stamp} reads: enough for the maintenance that follows a write. */
  private static final int STAMP_COMMITS = 50;

  /**
   * The stamp of the rows the table holds: the user metadata of its latest commit that changed rows (written by
   * {@link #overwrite(Table, Dataset, String)}, or by any write under Delta's session setting for it). Null when
   * none is known: no table, or that commit carries none (a RESTORE, a hand-made DELETE). Reads the latest
   * commits' log entries, without a Spark job.
   */
  public String stamp(Table table) {
    if (!exists(table)) {
      return null;
    }
    org.apache.spark.sql.delta.DeltaLog log = org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table));
    long latest = log.update(false, scala.Option.empty(), scala.Option.empty()).version();
    var commits = log.getChanges(Math.max(0, latest - STAMP_COMMITS + 1), scala.Option.empty(), false);
    String stamp = null;
    while (commits.hasNext()) {
      var actions = commits.next()._2().iterator();
      while (actions.hasNext()) {
        if (actions.next() instanceof org.apache.spark.sql.delta.actions.CommitInfo info) {
          if (info.userMetadata().isDefined()) {
            stamp = info.userMetadata().get();
          } else if (!ROWS_KEPT.contains(info.operation())) {
            stamp = null;
          }
        }
      }
    }
    return stamp;
  }

  /**
   * Creates an empty table if there is none, so that stage pieces running side by side never race to create it.
   */
  public void ensure(Table table, org.apache.spark.sql.types.StructType schema, String... partitionBy) {
    if (!exists(table)) {
      try {
        var builder = DeltaTable.createIfNotExists(spark).location(path(table)).addColumns(schema)
            .partitionedBy(partitionBy);
        String stats = FileStatistics.columns(table, schema, java.util.List.of(partitionBy));
        (stats == null ? builder : builder.property(FileStatistics.PROPERTY, stats)).execute();
      } catch (RuntimeException e) {
        // Another process (e.g. the ingest of another feed, scheduled in parallel) created it first.
        if (!exists(table)) {
          throw e;
        }
      }
    }
  }

  /**
   * Sets table properties in one commit; {@code comment} becomes the table's description, which DESCRIBE shows
   * (a COMMENT given when registering an existing location in the catalog is ignored).
   */
  public void setProperties(Table table, java.util.Map<String, String> properties) {
    String list = properties.entrySet().stream()
        .map(e -> "'" + e.getKey() + "' = '" + e.getValue().replace("'", "\\'") + "'")
        .collect(java.util.stream.Collectors.joining(", "));
    spark.sql("ALTER TABLE delta.`" + path(table) + "` SET TBLPROPERTIES (" + list + ")");
  }

  /**
   * Deletion vectors for the table once it holds at least {@code minBytes} (one commit, the first time; its rows and
   * stamp stay as they are). Below that a merge that rewrites the files it touches costs less than deletion vectors'
   * own work on it and on every later read of the table.
   */
  public void deletionVectorsFrom(Table table, long minBytes) {
    var snapshot = latest(table);
    if (!"true".equals(snapshot.metadata().configuration().getOrElse(DELETION_VECTORS, () -> null))
        && sizeInBytes(snapshot) >= minBytes) {
      setProperties(table, java.util.Map.of(DELETION_VECTORS, "true"));
    }
  }

  /** Deletion vectors for the table once it is no longer small ({@link TableFiles#SMALL_BYTES}). */
  public void deletionVectorsPastSmall(Table table) {
    deletionVectorsFrom(table, TableFiles.smallBytes(spark) + 1);
  }

  /** The table property that turns on Delta's deletion vectors. */
  public static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  /**
   * The properties set on the table, read from its log's latest metadata: no scan of the table, and no query to
   * plan (SHOW TBLPROPERTIES is one, for every merge that asks).
   */
  public java.util.Map<String, String> properties(Table table) {
    return new java.util.HashMap<>(scala.jdk.javaapi.CollectionConverters.asJava(latest(table).metadata()
        .configuration()));
  }

  /** The table's latest snapshot, brought up to date by a listing of its log. */
  private org.apache.spark.sql.delta.Snapshot latest(Table table) {
    return org.apache.spark.sql.delta.DeltaLog.forTable(spark, path(table))
        .update(false, scala.Option.empty(), scala.Option.empty());
  }

  /**
   * The size of the table's files in its latest version: from the version's checksum file where there is one,
   * else computed by Delta from the version's file list (a Spark job reconstructing the table's state).
   */
  public long sizeInBytes(Table table) {
    return sizeInBytes(latest(table));
  }

  private static long sizeInBytes(org.apache.spark.sql.delta.Snapshot snapshot) {
    var checksum = snapshot.checksumOpt();
    return checksum.isDefined() ? checksum.get().tableSizeBytes() : snapshot.sizeInBytes();
  }

  /**
   * The table's latest version, from its log's listing; -1 without a table. (Reading the history instead runs a
   * Spark job per call.)
   */
  public long version(Table table) {
    if (!exists(table)) {
      return -1;
    }
    return latest(table).version();
  }

  /** Registers every existing table of {@link Tables#all()} as {@code database.table} in this session. */
  public void registerCatalog() {
    registerCatalog(table -> true);
  }

  /**
   * Registers the existing tables that {@code wanted} accepts (each costs a read of its Delta log), and every
   * database, so that a query naming an unregistered table fails as not found rather than as an unknown database.
   */
  public void registerCatalog(java.util.function.Predicate<Table> wanted) {
    Tables.all().stream().map(Table::database).distinct()
        .forEach(db -> spark.sql("CREATE DATABASE IF NOT EXISTS " + db));
    for (Table table : Tables.all()) {
      if (wanted.test(table) && exists(table)) {
        spark.sql("CREATE TABLE IF NOT EXISTS " + table.qualified() + " USING delta LOCATION '"
            + path(table).replace("'", "\\'") + "'");
      }
    }
    LOG.debug("Registered the catalog of {}", root);
  }
}
