package io.tradecredit.lake;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BasePredicate;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionSet$;
import org.apache.spark.sql.catalyst.expressions.ExpressionSet;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.MetadataAttribute;
import org.apache.spark.sql.catalyst.expressions.Predicate;
import org.apache.spark.sql.delta.DeltaColumnMapping;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaTableUtils;
import org.apache.spark.sql.delta.GeneratedColumn;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Metadata;
import org.apache.spark.sql.delta.actions.RemoveFile;
import org.apache.spark.sql.delta.stats.DataSize;
import org.apache.spark.sql.delta.stats.DeltaDataSkippingType;
import org.apache.spark.sql.delta.stats.DeltaScan;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Function1;
import scala.Option;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Delta table version's files, held on the driver and brought forward from its commits, so that a scan of a small
 * table, or of every file of any table held, is planned without a Spark job.
 *
 * <p>Delta lists the files of every version a query reads with a Spark job over the version's state, which it
 * first reconstructs with another; on a small table that planning costs far more than the scan (bench/RESULTS.md,
 * "Small work"). The files of version N are those of version N-1 with commit N's removes and adds applied, as Delta's
 * own log replay does (a file is its canonical path and deletion vector). So the files of the version last read are
 * held, and a later version is reached by reading the commits in between, a few small JSON files; a table not held
 * yet is replayed from its first commit when it has at most {@link #MAX_COMMITS} of them. A held version is checked
 * against the commit now at its place in the log first, so a table deleted and made again, or a lake folder restored
 * from a copy, is never answered from the files of another history.
 *
 * <p>A scan is answered from the held files when it reads them all, or when the table is small ({@link
 * #SMALL_BYTES}): then the files are chosen by the query's partition filters alone, evaluated here as Delta does (the
 * partition values cast from their text), and its other filters are applied by Spark to the rows read, as they always
 * are (a limit too); on a larger table Delta's statistics are worth their listing and Delta lists it. Generated
 * columns and anything the commits do not give (a cleaned-up log, a table of too many commits or files) are left to
 * Delta.
 */
public final class TableFiles {
  /** Commits read to bring a table's files to a version; more than that and Delta's checkpoint is the quicker way. */
  static final int MAX_COMMITS = 100;
  /**
   * A filtered scan is answered here only on a table of at most this many bytes (16 MiB unless the session sets it):
   * reading every file of a partition of such a table costs about what Delta's listing does, and a larger table's
   * files are worth choosing by their statistics (a night's merge reads only the files holding the versions it
   * replaces, whatever the history).
   */
  public static final String SMALL_BYTES = "spark.tradecredit.lake.smallTableBytes";
  private static final String DEFAULT_SMALL_BYTES = String.valueOf(16L << 20);
  /** Files held for one table, and over all tables (the least recently read forgotten first). */
  static final int MAX_TABLE_FILES = 20_000;
  static final int MAX_FILES = 100_000;

  /**
   * A version's files by path and deletion vector (in that order, so that a scan lists them in the same order on
   * every run), their sizes summed once, and a fingerprint of its commit.
   */
  private record Held(String tableId, long version, int commit, Map<String, AddFile> files, DataSize total) {}

  private static final Map<String, Held> HELD = new LinkedHashMap<>(16, 0.75f, true);
  private static long heldFiles;

  private TableFiles() {}

  /** The size up to which a table counts as small in this session ({@link #SMALL_BYTES}). */
  public static long smallBytes(SparkSession spark) {
    return Long.parseLong(spark.conf().get(SMALL_BYTES, DEFAULT_SMALL_BYTES));
  }

  /** The log folders of the tables whose files are held, the least recently read first, and their files in all. */
  static Map.Entry<List<String>, Long> held() {
    synchronized (HELD) {
      return Map.entry(List.copyOf(HELD.keySet()), heldFiles);
    }
  }

  /**
   * The version's files as held (canonical paths, without their statistics), or null when its commits cannot give
   * them: for a commit that removes files, without a Spark job to list them.
   */
  static java.util.Collection<AddFile> files(Snapshot snapshot) {
    Held held = held(snapshot);
    return held == null ? null : held.files().values();
  }

  /** The scan of {@code filters} on the snapshot made from its held files, or null for Delta to list it. */
  static DeltaScan scan(Snapshot snapshot, Option<Object> limit, Seq<Expression> filters) {
    if (GeneratedColumn.hasGeneratedColumns(snapshot.metadata().schema())) {
      return null;
    }
    List<Expression> given = CollectionConverters.asJava(filters);
    // A limit's scan gets every file its partition filters select: Spark applies the limit to the rows read.
    boolean all = limit.isEmpty()
        && (given.isEmpty() || given.equals(List.of(Literal.TrueLiteral())) || snapshot.schema().isEmpty());
    SparkSession spark = snapshot.deltaLog().spark();
    Held held = held(snapshot);
    if (held == null || !all && (Long) held.total().bytesCompressed().get() > smallBytes(spark)) {
      return null;
    }
    DataSize total = held.total();
    ExpressionSet none = ExpressionSet$.MODULE$.apply(CollectionConverters.asScala(List.<Expression>of()));
    if (all) {
      return new DeltaScan(snapshot.version(), seq(held.files().values()), total, total, total, snapshot, none, none,
          none, scala.collection.immutable.Set$.MODULE$.empty(), none, 0L, DeltaDataSkippingType.noSkippingV1());
    }
    Seq<String> partitionColumns = snapshot.metadata().partitionColumns();
    List<Expression> partition = new ArrayList<>();
    List<Expression> unused = new ArrayList<>();
    for (Expression f : given) {
      boolean eligible = f.deterministic() && !DeltaTableUtils.containsSubquery(f)
          && !f.exists(e -> e instanceof AttributeReference a && MetadataAttribute.unapply(a).isDefined());
      (eligible && DeltaTableUtils.isPredicatePartitionColumnsOnly(f, partitionColumns, spark) ? partition : unused)
          .add(f);
    }
    List<AddFile> files = select(held.files().values(), partition, snapshot.metadata().partitionSchema(), spark);
    DataSize scanned = size(files);
    return new DeltaScan(snapshot.version(), seq(files), total, scanned, scanned, snapshot, set(partition), none,
        none, scala.collection.immutable.Set$.MODULE$.empty(), set(unused), 0L,
        DeltaDataSkippingType.partitionFilteringOnlyV1());
  }

  /** The files whose partition values pass every filter, each value cast from its text as Delta's listing does. */
  private static List<AddFile> select(Iterable<AddFile> files, List<Expression> filters, StructType partitionSchema,
      SparkSession spark) {
    List<AddFile> out = new ArrayList<>();
    if (filters.isEmpty()) {
      files.forEach(out::add);
      return out;
    }
    StructField[] fields = partitionSchema.fields();
    var resolver = spark.sessionState().conf().resolver();
    Expression bound = DeltaScans.bound(filters.stream().reduce(And::new).orElseThrow(), a -> {
      for (int i = 0; i < fields.length; i++) {
        if ((Boolean) resolver.apply(fields[i].name(), a.name())) {
          return new BoundReference(i, fields[i].dataType(), true);
        }
      }
      throw new IllegalStateException("not a partition column: " + a.name());
    });
    BasePredicate predicate = Predicate.createInterpreted(bound);
    String timeZone = spark.sessionState().conf().sessionLocalTimeZone();
    for (AddFile file : files) {
      InternalRow row = new GenericInternalRow(fields.length);
      for (int i = 0; i < fields.length; i++) {
        Option<String> text = file.partitionValues().get(DeltaColumnMapping.getPhysicalName(fields[i]));
        if (text.isDefined() && text.get() != null) {
          row.update(i, new Cast(Literal.create(UTF8String.fromString(text.get()), DataTypes.StringType),
              fields[i].dataType(), Option.apply(timeZone), EvalMode.fromSQLConf(SQLConf.get())).eval(null));
        }
      }
      if (predicate.eval(row)) {
        out.add(file);
      }
    }
    return out;
  }

  /** The version's files, held or brought forward from the commits; null when the commits cannot give them. */
  private static Held held(Snapshot snapshot) {
    String log = snapshot.deltaLog().logPath().toString();
    Held before;
    synchronized (HELD) {
      before = HELD.get(log);
    }
    long version = snapshot.version();
    String id = snapshot.metadata().id();
    Held now = null;
    if (before != null && before.tableId().equals(id) && before.version() <= version
        && version - before.version() <= MAX_COMMITS) {
      now = replay(snapshot.deltaLog(), before, version, id);
    }
    if (now == null && version >= 0 && version < MAX_COMMITS) {
      now = replay(snapshot.deltaLog(), null, version, id);
    }
    if (now != null && now != before) {
      synchronized (HELD) {
        Held replaced = HELD.put(log, now);
        heldFiles += now.files().size() - (replaced == null ? 0 : replaced.files().size());
        for (Iterator<Held> it = HELD.values().iterator(); heldFiles > MAX_FILES && it.hasNext(); ) {
          heldFiles -= it.next().files().size();
          it.remove();
        }
      }
    }
    return now;
  }

  /**
   * The files at {@code version}: {@code from}'s (or none) with the commits after it applied, {@code from}'s own
   * commit checked first; null if a commit is missing or differs, the table is another, or it holds too many files.
   */
  private static Held replay(DeltaLog log, Held from, long version, String id) {
    long first = from == null ? 0 : from.version();
    Map<String, AddFile> files = from == null ? new TreeMap<>() : null;
    Function1<String, String> canonical = log.getCanonicalPathFunction(false);
    String tableId = from == null ? null : from.tableId();
    int commit = 0;
    long next = first;
    try {
      scala.collection.Iterator<Tuple2<Object, Seq<Action>>> commits = log.getChanges(first, version, Option.empty(),
          true);
      while (commits.hasNext()) {
        Tuple2<Object, Seq<Action>> c = commits.next();
        if ((Long) c._1() != next) {
          return null;
        }
        commit = c._2().hashCode();
        if (from != null && next == first) {
          if (commit != from.commit()) {
            return null;
          }
          next++;
          continue;
        }
        if (files == null) {
          files = new TreeMap<>(from.files());
        }
        for (Action a : CollectionConverters.asJava(c._2())) {
          if (a instanceof Metadata m) {
            tableId = m.id();
          } else if (a instanceof AddFile add) {
            String path = canonical.apply(add.path());
            files.put(key(path, add.getDeletionVectorUniqueId()), add.copy(path, add.partitionValues(), add.size(),
                add.modificationTime(), false, null, add.tags(), add.deletionVector(), add.baseRowId(),
                add.defaultRowCommitVersion(), add.clusteringProvider(), add.backReference(), add.amtPassthrough()));
          } else if (a instanceof RemoveFile remove) {
            files.remove(key(canonical.apply(remove.path()), remove.getDeletionVectorUniqueId()));
          }
        }
        if (files.size() > MAX_TABLE_FILES) {
          return null;
        }
        next++;
      }
    } catch (RuntimeException e) {
      // A commit cleaned up from the log or unreadable: Delta reconstructs the version from its checkpoint.
      return null;
    }
    if (next != version + 1 || !id.equals(tableId)) {
      return null;
    }
    if (files == null) {
      return from;
    }
    return new Held(tableId, version, commit, files, size(files.values()));
  }

  private static String key(String path, Option<String> deletionVector) {
    return deletionVector.isDefined() ? path + '\u0000' + deletionVector.get() : path;
  }

  private static DataSize size(Iterable<AddFile> files) {
    long bytes = 0;
    long n = 0;
    for (AddFile f : files) {
      bytes += f.size();
      n++;
    }
    return new DataSize(Option.apply(bytes), Option.empty(), Option.apply(n), Option.empty());
  }

  private static Seq<AddFile> seq(Iterable<AddFile> files) {
    List<AddFile> list = new ArrayList<>();
    files.forEach(list::add);
    return CollectionConverters.asScala(list).toSeq();
  }

  private static ExpressionSet set(List<Expression> filters) {
    return ExpressionSet$.MODULE$.apply(CollectionConverters.asScala(filters));
  }
}
