package io.tradecredit.lake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionSet$;
import org.apache.spark.sql.catalyst.expressions.ExpressionSet;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.files.TahoeLogFileIndex;
import org.apache.spark.sql.delta.stats.DeltaScan;
import org.apache.spark.sql.delta.stats.DeltaScanGenerator;
import org.apache.spark.sql.delta.stats.PrepareDeltaScan;
import org.apache.spark.sql.delta.stats.PreparedDeltaFileIndex;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.Function1;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * Delta's planning rule for table scans ({@link PrepareDeltaScan}), remembering across queries the files it found
 * for a table version and a set of filters.
 *
 * <p>Delta lists a table's files for every query that reads it, while the query is planned: a Spark job over the
 * version's cached state, its rows collected as {@code AddFile}s, and that query's own planning; a small night's
 * driver spends most of its rule time there (bench/RESULTS.md, "Small work"). Some versions are read more than once
 * with the same filters: the publication's checks read the previous publication, the score stage the night's
 * features, an analyst (tradecredit sql, the SQL endpoint) the same tables. A committed version never changes, so
 * the same filters on it select the same files: this rule answers a repeated listing from memory and asks Delta for
 * the rest. What it remembers is keyed by the table's log folder, its id, the version and the commit's time, so a
 * table made again at the same place is another table. Before Delta is asked, a scan it can make from a small table's
 * files held on the driver is made there ({@link TableFiles}), without a Spark job; those scans are not remembered.
 *
 * <p>Not remembered: scans through a transaction's own table (Delta tracks what a writer reads, for its conflict
 * checks), scans whose filters Delta extended or rewrote (generated and clustered columns), and scans of more files
 * than {@link #MAX_FILES}. At most {@link #MAX_SCANS} scans are remembered, holding at most that many files in all (a
 * scan's files come without their statistics, a row count at most), the least recently used forgotten first.
 *
 * <p>Installed by {@link SparkSessions} in every session it makes, as an extension ({@link Extension}) with Delta's
 * own rule left out ({@link #EXCLUDED_RULE}).
 */
public final class DeltaScans extends PrepareDeltaScan {
  /** Delta's rule, left out of the optimiser where this one runs (spark.sql.optimizer.excludedRules). */
  public static final String EXCLUDED_RULE = PrepareDeltaScan.class.getName();
  /** Files remembered in all, over every scan; a larger scan is not remembered. */
  static final int MAX_FILES = 50_000;
  /** Scans remembered; each holds the table version's snapshot it was made from. */
  static final int MAX_SCANS = 500;

  private static final Map<Key, Remembered> SCANS = new LinkedHashMap<>(64, 0.75f, true);
  private static long files;

  /**
   * Installs the rule, and {@link LiteralSemiJoins} beside it; named in spark.sql.extensions after Delta's own
   * extension.
   */
  public static final class Extension implements Function1<SparkSessionExtensions, BoxedUnit> {
    @Override
    public BoxedUnit apply(SparkSessionExtensions extensions) {
      extensions.injectPreCBORule(DeltaScans::new);
      extensions.injectOptimizerRule(spark -> new LiteralSemiJoins());
      return BoxedUnit.UNIT;
    }
  }

  public DeltaScans(SparkSession spark) {
    super(spark);
  }

  private record Key(String log, String tableId, long version, long committedAt, Option<Object> limit,
      Set<Expression> filters) {}

  /** A scan as Delta made it, with each of its filter sets in their column-numbered forms. */
  private record Remembered(DeltaScan scan, List<Expression> partition, List<Expression> data,
      List<Expression> partitionLike, List<Expression> unused) {}

  @Override
  public DeltaScan filesForScan(DeltaScanGenerator generator, Option<Object> limit, Seq<Expression> filters,
      LogicalRelation relation) {
    if (!(generator instanceof Snapshot snapshot)) {
      return super.filesForScan(generator, limit, filters, relation);
    }
    return scan(snapshot, limit, filters, () -> super.filesForScan(generator, limit, filters, relation));
  }

  /** The query's files are then looked up again with its final filters: see {@link Prepared}. */
  @Override
  public PreparedDeltaFileIndex getPreparedIndex(DeltaScan scan, TahoeLogFileIndex index) {
    PreparedDeltaFileIndex p = super.getPreparedIndex(scan, index);
    return new Prepared(p.spark(), p.deltaLog(), p.path(), p.catalogTableOpt(), p.preparedScan(),
        p.versionScanned());
  }

  /**
   * Delta's prepared index, remembering too the listings it makes when asked for other filters than it was prepared
   * with: as a query is planned into Spark's physical plan, Delta asks every scan of a table with deletion vectors
   * for all its files (whether any has a vector), and a scan whose filters moved after preparation for those.
   */
  static final class Prepared extends PreparedDeltaFileIndex {
    Prepared(SparkSession spark, DeltaLog log, Path path, Option<CatalogTable> table, DeltaScan scan,
        Option<Object> version) {
      super(spark, log, path, table, scan, version);
    }

    @Override
    public Seq<AddFile> matchingFiles(Seq<Expression> partitionFilters, Seq<Expression> dataFilters) {
      DeltaScan prepared = preparedScan();
      Seq<Expression> all = CollectionConverters.asScala(concat(partitionFilters, dataFilters)).toSeq();
      ExpressionSet current = ExpressionSet$.MODULE$.apply(all);
      if (current.equals(prepared.allFilters()) || current.equals(prepared.filtersUsedForSkipping())) {
        return super.matchingFiles(partitionFilters, dataFilters);
      }
      Snapshot snapshot = prepared.scannedSnapshot();
      return scan(snapshot, Option.empty(), all, () -> snapshot.filesForScan(all, false)).files();
    }

    private static List<Expression> concat(Seq<Expression> a, Seq<Expression> b) {
      List<Expression> out = new ArrayList<>(CollectionConverters.asJava(a));
      out.addAll(CollectionConverters.asJava(b));
      return out;
    }
  }

  /** The scan of {@code filters} on the snapshot: remembered, or listed by {@code list} and remembered. */
  static DeltaScan scan(Snapshot snapshot, Option<Object> limit, Seq<Expression> filters, Supplier<DeltaScan> list) {
    List<Expression> given = CollectionConverters.asJava(filters);
    Map<String, Integer> columns = numbers(snapshot.schema().fieldNames(), given);
    Map<Expression, Expression> current = new HashMap<>();
    for (Expression f : given) {
      current.put(numbered(f, columns), f);
    }
    Key key = new Key(snapshot.path().toString(), snapshot.metadata().id(), snapshot.version(),
        snapshot.timestamp(), limit, new HashSet<>(current.keySet()));
    Remembered known;
    synchronized (SCANS) {
      known = SCANS.get(key);
    }
    DeltaScan scan = known == null ? null : rebound(known, current, snapshot);
    if (scan == null) {
      scan = TableFiles.scan(snapshot, limit, filters);
    }
    if (scan == null) {
      scan = list.get();
      remember(key, scan, columns, current.keySet());
    }
    return scan;
  }

  /**
   * A number for each column the filters name: the table's by their place in its schema, then any other (the
   * deleted-row marker of a table with deletion vectors) by name. A query's column references differ from one query
   * to the next; Delta's column names are unique whatever their case.
   */
  private static Map<String, Integer> numbers(String[] schema, List<Expression> filters) {
    Map<String, Integer> numbers = new HashMap<>();
    for (int i = 0; i < schema.length; i++) {
      numbers.putIfAbsent(schema[i].toLowerCase(Locale.ROOT), i);
    }
    TreeSet<String> others = new TreeSet<>();
    for (Expression f : filters) {
      for (var a : CollectionConverters.asJava(f.references().toSeq())) {
        String name = a.name().toLowerCase(Locale.ROOT);
        if (!numbers.containsKey(name)) {
          others.add(name);
        }
      }
    }
    for (String name : others) {
      numbers.put(name, numbers.size());
    }
    return numbers;
  }

  private static void remember(Key key, DeltaScan scan, Map<String, Integer> columns, Set<Expression> given) {
    int n = scan.files().size();
    if (n > MAX_FILES || scan.version() != key.version() || !scan.rewrittenPartitionLikeDataFilters().isEmpty()) {
      return;
    }
    List<Expression> partition = numbered(scan.partitionFilters(), columns, given);
    List<Expression> data = numbered(scan.dataFilters(), columns, given);
    List<Expression> partitionLike = numbered(scan.partitionLikeDataFilters(), columns, given);
    List<Expression> unused = numbered(scan.unusedFilters(), columns, given);
    if (partition == null || data == null || partitionLike == null || unused == null) {
      return;
    }
    synchronized (SCANS) {
      Remembered before = SCANS.put(key, new Remembered(scan, partition, data, partitionLike, unused));
      files += n - (before == null ? 0 : before.scan().files().size());
      for (Iterator<Remembered> it = SCANS.values().iterator();
          (files > MAX_FILES || SCANS.size() > MAX_SCANS) && it.hasNext(); ) {
        files -= it.next().scan().files().size();
        it.remove();
      }
    }
  }

  /** The remembered scan with the current query's own filter expressions, or null if one is missing. */
  private static DeltaScan rebound(Remembered known, Map<Expression, Expression> current, Snapshot snapshot) {
    ExpressionSet partition = set(known.partition(), current);
    ExpressionSet data = set(known.data(), current);
    ExpressionSet partitionLike = set(known.partitionLike(), current);
    ExpressionSet unused = set(known.unused(), current);
    if (partition == null || data == null || partitionLike == null || unused == null) {
      return null;
    }
    DeltaScan s = known.scan();
    return new DeltaScan(s.version(), s.files(), s.total(), s.partition(), s.scanned(), snapshot, partition, data,
        partitionLike, s.rewrittenPartitionLikeDataFilters(), unused, 0L, s.dataSkippingType());
  }

  private static ExpressionSet set(List<Expression> numbered, Map<Expression, Expression> current) {
    List<Expression> out = new ArrayList<>(numbered.size());
    for (Expression e : numbered) {
      Expression f = current.get(e);
      if (f == null) {
        return null;
      }
      out.add(f);
    }
    return ExpressionSet$.MODULE$.apply(CollectionConverters.asScala(out));
  }

  /** Each filter of the set column-numbered, or null if one is not among the filters given. */
  private static List<Expression> numbered(ExpressionSet filters, Map<String, Integer> columns,
      Set<Expression> given) {
    List<Expression> out = new ArrayList<>();
    for (Expression e : CollectionConverters.asJava(filters.toSeq())) {
      Expression numbered = numbered(e, columns);
      if (!given.contains(numbered)) {
        return null;
      }
      out.add(numbered);
    }
    return out;
  }

  /** The filter with each column replaced by its number, canonical as Spark compares plans. */
  static Expression numbered(Expression filter, Map<String, Integer> columns) {
    return bound(filter, a -> new BoundReference(columns.get(a.name().toLowerCase(Locale.ROOT)), a.dataType(), true))
        .canonicalized();
  }

  /** The expression with each column reference replaced by {@code bind}'s reference to a row's value. */
  static Expression bound(Expression e, java.util.function.Function<AttributeReference, BoundReference> bind) {
    return e.transform(new AbstractPartialFunction<Expression, Expression>() {
      @Override
      public boolean isDefinedAt(Expression x) {
        return x instanceof AttributeReference;
      }

      @Override
      public Expression apply(Expression x) {
        return bind.apply((AttributeReference) x);
      }
    });
  }
}
