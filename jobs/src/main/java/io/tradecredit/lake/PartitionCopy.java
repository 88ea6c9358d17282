package io.tradecredit.lake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.util.DeltaFileOperations;
import org.apache.spark.sql.execution.metric.SQLMetric;
import org.apache.spark.sql.execution.metric.SQLMetrics;
import org.apache.spark.sql.functions;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Replaces a partition of a Delta table with the same partition of another table of the same schema by copying its
 * Parquet files as they are, with their statistics, in one commit: the rows are neither decoded nor encoded again,
 * which for a million wide rows is most of the cost of copying them as rows.
 *
 * <p>Only where the files mean the same rows in both tables: the same schema, partition column and properties, and
 * a plain protocol (no column mapping, deletion vectors, row tracking or other table features, which give files a
 * meaning beyond their bytes). Otherwise {@link #replace} declines and the caller copies rows. The files are copied
 * under new names before the commit, so a process killed before it leaves the table as it was (with files no
 * version references, as a killed Spark write does).
 */
final class PartitionCopy {
  private PartitionCopy() {}

  /**
   * Replaces partition {@code column = value} of {@code target} with {@code source}'s; false, with nothing changed,
   * when the two tables are not such that their files can be shared ({@code target} missing too).
   */
  static boolean replace(Lake lake, Table source, Table target, String column, Object value) {
    if (!lake.exists(source) || !lake.exists(target)) {
      return false;
    }
    Snapshot from = DeltaLog.forTable(lake.spark(), lake.path(source))
        .update(false, Option.empty(), Option.empty());
    OptimisticTransaction txn = DeltaLog.forTable(lake.spark(), lake.path(target)).startTransaction();
    Snapshot to = txn.snapshot();
    if (!sameFiles(from, to, column)) {
      return false;
    }
    String text = value.toString();
    List<AddFile> copied = files(from, column, text);
    List<AddFile> replaced = heldFiles(to, column, text);
    // Conflicts with any other commit to the table since the snapshot; the lake's lock keeps writers out anyway.
    txn.readWholeTable();
    List<Action> actions = new ArrayList<>();
    long now = System.currentTimeMillis();
    replaced.forEach(f -> actions.add(f.removeWithTimestamp(now, true)));
    Path partition = new Path(ExternalCatalogUtils.getPartitionPathString(column, text));
    Configuration conf = lake.spark().sessionState().newHadoopConf();
    for (int i = 0; i < copied.size(); i++) {
      actions.add(copy(lake, source, target, copied.get(i), i, partition, conf));
    }
    txn.registerSQLMetrics(lake.spark(), metrics(lake, copied, replaced));
    txn.commit(CollectionConverters.asScala(actions).toSeq(), new DeltaOperations.Write(SaveMode.Overwrite,
        Option.apply(CollectionConverters.asScala(List.of(column)).toSeq()),
        Option.apply(column + " = '" + text + "'"), Option.empty(), Option.empty(), Option.empty(), Option.empty(),
        Option.empty(), Option.empty()));
    return true;
  }

  /** What a Spark write of the rows records in the table's history (DESCRIBE HISTORY), for the same commit. */
  private static scala.collection.immutable.Map<String, SQLMetric> metrics(Lake lake, List<AddFile> added,
      List<AddFile> removed) {
    java.util.Map<String, Long> values = new java.util.LinkedHashMap<>();
    values.put("numFiles", (long) added.size());
    values.put("numOutputBytes", added.stream().mapToLong(AddFile::size).sum());
    if (added.stream().allMatch(f -> f.numLogicalRecords().isDefined())) {
      values.put("numOutputRows", added.stream().mapToLong(f -> (Long) f.numLogicalRecords().get()).sum());
    }
    values.put("numRemovedFiles", (long) removed.size());
    values.put("numRemovedBytes", removed.stream().mapToLong(AddFile::size).sum());
    java.util.Map<String, SQLMetric> metrics = new java.util.LinkedHashMap<>();
    values.forEach((name, value) -> {
      SQLMetric m = SQLMetrics.createMetric(lake.spark().sparkContext(), name);
      m.set(value);
      metrics.put(name, m);
    });
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(metrics));
  }

  /** Whether a file of {@code from} holds the same rows as a file of {@code to}. */
  private static boolean sameFiles(Snapshot from, Snapshot to, String column) {
    return plain(from) && plain(to) && from.metadata().schema().equals(to.metadata().schema())
        && from.metadata().partitionColumns().equals(to.metadata().partitionColumns())
        && CollectionConverters.asJava(to.metadata().partitionColumns()).equals(List.of(column))
        && from.metadata().configuration().equals(to.metadata().configuration());
  }

  /** Reader version 1 and writer version at most 2: files are Parquet and nothing else. */
  private static boolean plain(Snapshot s) {
    return s.protocol().minReaderVersion() == 1 && s.protocol().minWriterVersion() <= 2;
  }

  /** The version's files in partition {@code column = text}, with their statistics. */
  private static List<AddFile> files(Snapshot s, String column, String text) {
    return s.allFiles().where(functions.col("partitionValues").getItem(column).equalTo(text)).collectAsList();
  }

  /** As {@link #files}, without their statistics and from the files {@link TableFiles} holds where it can. */
  private static List<AddFile> heldFiles(Snapshot s, String column, String text) {
    java.util.Collection<AddFile> held = TableFiles.files(s);
    if (held == null) {
      return files(s, column, text);
    }
    return held.stream().filter(f -> text.equals(f.partitionValues().getOrElse(column, () -> null))).toList();
  }

  /** Copies {@code f} into {@code target}'s partition folder under a new name; its entry for the commit. */
  private static AddFile copy(Lake lake, Table source, Table target, AddFile f, int index, Path partition,
      Configuration conf) {
    Path from = DeltaFileOperations.absolutePath(lake.path(source), f.path());
    String name = from.getName();
    int dot = name.indexOf('.');
    Path relative = new Path(partition, String.format("part-%05d-%s%s", index, UUID.randomUUID(),
        dot < 0 ? "" : name.substring(dot)));
    Path to = new Path(new Path(lake.path(target)), relative);
    try {
      FileSystem in = from.getFileSystem(conf);
      FileSystem out = to.getFileSystem(conf);
      if (!FileUtil.copy(in, from, out, to, false, false, conf)) {
        throw new IOException("copy returned false");
      }
      FileStatus written = out.getFileStatus(to);
      if (written.getLen() != f.size()) {
        throw new IOException("copied " + written.getLen() + " bytes of " + f.size());
      }
      return f.copy(relative.toUri().toString(), f.partitionValues(), f.size(), written.getModificationTime(), true,
          f.stats(), f.tags(), null, Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + from + " of " + source + " to " + to + " of " + target, e);
    }
  }
}
