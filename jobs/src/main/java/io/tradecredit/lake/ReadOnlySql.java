package io.tradecredit.lake;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTable;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableOrView;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ScriptTransformation;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.execution.command.CreateViewCommand;
import org.apache.spark.sql.execution.command.DropTableCommand;
import org.apache.spark.sql.execution.command.SetCommand;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import scala.Function1;
import scala.Option;
import scala.Tuple2;
import scala.collection.immutable.Seq;
import scala.runtime.BoxedUnit;

/**
 * Read-only SQL: a Spark session extension that refuses, before anything runs, every statement that would change a
 * table, the catalog or files, or read a file by its path.
 *
 * <p>It is an allow-list on the analysed plan: a query (any plan without a command in it) runs; a command runs only
 * when it is one of the reading ones ({@code DESCRIBE}, {@code SHOW}, {@code DESCRIBE HISTORY}/{@code DETAIL},
 * {@code EXPLAIN}, {@code USE}, {@code REFRESH TABLE}, {@code SET} of a {@code spark.sql.*} setting, temporary views
 * and session variables); every other command, Spark's or Delta's, present or future, is refused with the statement
 * it came from. Queries are refused when they run a program ({@code TRANSFORM ... USING}), call Java methods
 * ({@code reflect}, {@code java_method}) or read a Delta table by path ({@code table_changes_by_path}). Files are
 * kept out by Spark's own {@code spark.sql.runSQLOnFiles=false} (no {@code text.`/etc/hostname`}, no
 * {@code delta.`/path`}), and a table named by a path is refused by name; a guarded session where that setting is
 * on refuses everything rather than read files. A source read by path without SQL (a Spark Connect client's
 * {@code spark.read.text(path)}) is refused as well: every relation of a guarded
 * plan is a catalog table or Delta's read of a table's own log.
 *
 * <p>Installing: {@code spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension,io.tradecredit.lake.ReadOnlySql}
 * (the pipeline's sessions always have it, dormant). It guards
 * <ul>
 *   <li>every session of the application when the Spark configuration holds {@code spark.tradecredit.sql.readOnly=true}
 *       (and {@code spark.sql.runSQLOnFiles=false}): a SQL server (Thrift, Connect) started with the jar on its class
 *       path. Clients cannot turn it off: it is read from the application's configuration, not the session's. The
 *       server's own catalog registration runs inside {@link #asOperator};</li>
 *   <li>one session, through {@link #guard}: {@code tradecredit sql} registers the catalog in its session, then runs
 *       the analyst's statements in a guarded new session.</li>
 * </ul>
 */
public final class ReadOnlySql implements Function1<SparkSessionExtensions, BoxedUnit> {
  /** Spark configuration key that guards every session of an application (read once per session). */
  public static final String ENABLED = "spark.tradecredit.sql.readOnly";
  /** Spark's switch for {@code format.`path`} in SQL; a guarded session needs it off. */
  public static final String RUN_SQL_ON_FILES = "spark.sql.runSQLOnFiles";

  private static final Map<SparkSession, Boolean> GUARDED = Collections.synchronizedMap(new WeakHashMap<>());
  private static final ThreadLocal<Boolean> OPERATOR = ThreadLocal.withInitial(() -> false);

  /** Commands that only read; a command not named here is refused. */
  private static final Set<String> READING_COMMANDS = Set.of(
      "org.apache.spark.sql.catalyst.plans.logical.DescribeColumn",
      "org.apache.spark.sql.catalyst.plans.logical.DescribeFunction",
      "org.apache.spark.sql.catalyst.plans.logical.DescribeNamespace",
      "org.apache.spark.sql.catalyst.plans.logical.DescribeRelation",
      "org.apache.spark.sql.catalyst.plans.logical.DescribeTablePartition",
      "org.apache.spark.sql.catalyst.plans.logical.ShowColumns",
      "org.apache.spark.sql.catalyst.plans.logical.ShowCreateTable",
      "org.apache.spark.sql.catalyst.plans.logical.ShowFunctions",
      "org.apache.spark.sql.catalyst.plans.logical.ShowPartitions",
      "org.apache.spark.sql.catalyst.plans.logical.ShowTablePartition",
      "org.apache.spark.sql.catalyst.plans.logical.ShowTableProperties",
      "org.apache.spark.sql.catalyst.plans.logical.ShowTables",
      "org.apache.spark.sql.catalyst.plans.logical.ShowTablesExtended",
      "org.apache.spark.sql.catalyst.plans.logical.ShowViews",
      "org.apache.spark.sql.catalyst.plans.logical.SetCatalogAndNamespace",
      "org.apache.spark.sql.catalyst.plans.logical.RefreshTable",
      "org.apache.spark.sql.catalyst.plans.logical.CreateVariable",
      "org.apache.spark.sql.catalyst.plans.logical.SetVariable",
      "org.apache.spark.sql.catalyst.plans.logical.DropVariable",
      "org.apache.spark.sql.execution.command.DescribeColumnCommand",
      "org.apache.spark.sql.execution.command.DescribeDatabaseCommand",
      "org.apache.spark.sql.execution.command.DescribeFunctionCommand",
      "org.apache.spark.sql.execution.command.DescribeQueryCommand",
      "org.apache.spark.sql.execution.command.DescribeRelationJsonCommand",
      "org.apache.spark.sql.execution.command.DescribeTableCommand",
      "org.apache.spark.sql.execution.command.ExplainCommand",
      "org.apache.spark.sql.execution.command.RefreshTableCommand",
      "org.apache.spark.sql.execution.command.SetCatalogCommand",
      "org.apache.spark.sql.execution.command.SetNamespaceCommand",
      "org.apache.spark.sql.execution.command.ShowCatalogsCommand",
      "org.apache.spark.sql.execution.command.ShowColumnsCommand",
      "org.apache.spark.sql.execution.command.ShowCreateTableCommand",
      "org.apache.spark.sql.execution.command.ShowCurrentNamespaceCommand",
      "org.apache.spark.sql.execution.command.ShowFunctionsCommand",
      "org.apache.spark.sql.execution.command.ShowNamespacesCommand",
      "org.apache.spark.sql.execution.command.ShowPartitionsCommand",
      "org.apache.spark.sql.execution.command.ShowTablePropertiesCommand",
      "org.apache.spark.sql.execution.command.ShowTablesCommand",
      "org.apache.spark.sql.execution.command.ShowViewsCommand",
      "org.apache.spark.sql.execution.command.DropTempViewCommand",
      "org.apache.spark.sql.delta.commands.DescribeDeltaDetailCommand",
      "org.apache.spark.sql.delta.commands.DescribeDeltaHistoryCommand",
      "org.apache.spark.sql.delta.commands.ShowDeltaPartitionsCommand",
      "org.apache.spark.sql.delta.commands.ShowDeltaTableColumnsCommand");

  /** The statement behind a command's class, where its name does not say it plainly. */
  private static final Map<String, String> STATEMENTS = Map.ofEntries(
      Map.entry("DeleteCommand", "DELETE"), Map.entry("DeleteFromTable", "DELETE"),
      Map.entry("DeleteFromTableWithFilters", "DELETE"),
      Map.entry("UpdateCommand", "UPDATE"), Map.entry("UpdateTable", "UPDATE"),
      Map.entry("MergeIntoCommand", "MERGE"), Map.entry("MergeIntoTable", "MERGE"),
      Map.entry("DeltaMergeInto", "MERGE"), Map.entry("InsertOnlyMerge", "MERGE"),
      Map.entry("AppendData", "INSERT"), Map.entry("InsertIntoHadoopFsRelationCommand", "INSERT"),
      Map.entry("InsertIntoDataSourceCommand", "INSERT"), Map.entry("WriteIntoDelta", "INSERT"),
      Map.entry("DeltaInsertReplaceOnOrUsingCommand", "INSERT REPLACE"),
      Map.entry("OverwriteByExpression", "INSERT OVERWRITE"),
      Map.entry("OverwritePartitionsDynamic", "INSERT OVERWRITE"),
      Map.entry("DeltaDynamicPartitionOverwriteCommand", "INSERT OVERWRITE"),
      Map.entry("InsertIntoDataSourceDirCommand", "INSERT OVERWRITE DIRECTORY"),
      Map.entry("SaveIntoDataSourceCommand", "a write to a data source"),
      Map.entry("VacuumTableCommand", "VACUUM"), Map.entry("RestoreTableCommand", "RESTORE"),
      Map.entry("OptimizeTableCommand", "OPTIMIZE"), Map.entry("DeltaReorgTableCommand", "REORG"),
      Map.entry("DeltaReorgTable", "REORG"), Map.entry("DeltaGenerateCommand", "GENERATE"),
      Map.entry("ConvertToDeltaCommand", "CONVERT TO DELTA"), Map.entry("CloneTableCommand", "CLONE"),
      Map.entry("TruncateTable", "TRUNCATE TABLE"), Map.entry("TruncateTableCommand", "TRUNCATE TABLE"),
      Map.entry("TruncateDeltaTableCommand", "TRUNCATE TABLE"), Map.entry("TruncatePartition", "TRUNCATE TABLE"),
      Map.entry("CreateTableAsSelect", "CREATE TABLE AS SELECT"),
      Map.entry("CreateDataSourceTableAsSelectCommand", "CREATE TABLE AS SELECT"),
      Map.entry("ReplaceTableAsSelect", "CREATE OR REPLACE TABLE AS SELECT"),
      Map.entry("ReplaceTable", "CREATE OR REPLACE TABLE"),
      Map.entry("CreateNamespace", "CREATE DATABASE"), Map.entry("CreateDatabaseCommand", "CREATE DATABASE"),
      Map.entry("DropNamespace", "DROP DATABASE"), Map.entry("DropDatabaseCommand", "DROP DATABASE"),
      Map.entry("CreateTempViewUsing", "CREATE TEMPORARY VIEW ... USING (reads files)"),
      Map.entry("CacheTable", "CACHE TABLE"), Map.entry("CacheTableAsSelect", "CACHE TABLE"),
      Map.entry("UncacheTable", "UNCACHE TABLE"), Map.entry("ClearCacheCommand$", "CLEAR CACHE"),
      Map.entry("AddJarsCommand", "ADD JAR"), Map.entry("AddFilesCommand", "ADD FILE"),
      Map.entry("AddArchivesCommand", "ADD ARCHIVE"), Map.entry("LoadData", "LOAD DATA"),
      Map.entry("LoadDataCommand", "LOAD DATA"), Map.entry("ResetCommand", "RESET"),
      Map.entry("CreateViewCommand", "CREATE VIEW (a session-local one is CREATE TEMPORARY VIEW)"),
      Map.entry("CompoundBody", "a SQL script (BEGIN ... END)"));

  /** Commands that change a table, view or database in place: ALTER ... in SQL. */
  private static final Pattern ALTER = Pattern.compile("Alter|(Set|Unset)(Table|Namespace|View|Database)|"
      + "(Add|Drop|Rename|Replace)(Columns?|Partitions?|Constraint|CheckConstraint)|RenameTable|CommentOn|"
      + "RecoverPartitions|RepairTable");

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    extensions.injectCheckRule(Guard::new);
    // Among the hints, which come first, so that it speaks before a time travel lookup fails on the path; and
    // among the resolution rules, for a name that only a parameter (IDENTIFIER, EXECUTE IMMEDIATE) makes a path.
    extensions.injectHintResolutionRule(NoFilePaths::new);
    extensions.injectResolutionRule(NoFilePaths::new);
    return BoxedUnit.UNIT;
  }

  /** Guards {@code session}: from now on it refuses writes and file reads. Returns it. */
  public static SparkSession guard(SparkSession session) {
    session.conf().set(RUN_SQL_ON_FILES, "false");
    GUARDED.put(session, true);
    return session;
  }

  /** Whether statements of {@code session} are guarded. */
  public static boolean isGuarded(SparkSession session) {
    return GUARDED.containsKey(session) || session.sparkContext().getConf().getBoolean(ENABLED, false);
  }

  /**
   * Runs trusted code of this process (a server registering the catalog) unguarded, on this thread only: analysts'
   * statements run on threads of their own.
   */
  public static <T> T asOperator(Supplier<T> work) {
    boolean before = OPERATOR.get();
    OPERATOR.set(true);
    try {
      return work.get();
    } finally {
      OPERATOR.set(before);
    }
  }

  /** Thrown, before anything runs, for a statement a read-only session does not run. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * Refuses {@code format.`path`} by name while the plan is resolved, so that the analyst reads why (with file reads
   * off, Spark itself would only say that no such table exists).
   */
  private static final class NoFilePaths extends Rule<LogicalPlan> {
    private final SparkSession session;
    private final boolean everySession;

    NoFilePaths(SparkSession session) {
      this.session = session;
      this.everySession = session.sparkContext().getConf().getBoolean(ENABLED, false);
    }

    @Override
    public LogicalPlan apply(LogicalPlan plan) {
      if (guarding(session, everySession)) {
        plan.foreachWithSubqueries(node -> {
          Seq<String> name = node instanceof UnresolvedRelation r ? r.multipartIdentifier()
              : node instanceof UnresolvedTable t ? t.multipartIdentifier()
              : node instanceof UnresolvedTableOrView v ? v.multipartIdentifier() : null;
          if (name != null && name.size() >= 2 && (name.last().contains("/") || name.last().contains("\\"))) {
            throw Guard.refused("reading a file by its path (" + name.mkString(".") + "; read tables by their "
                + "catalog names)", node.getClass().getSimpleName());
          }
          return BoxedUnit.UNIT;
        });
      }
      return plan;
    }
  }

  private static boolean guarding(SparkSession session, boolean everySession) {
    return (everySession || GUARDED.containsKey(session)) && !OPERATOR.get();
  }

  /** The check of one session, run on every plan it analyses (its own and the ones its commands run inside). */
  private static final class Guard implements Function1<LogicalPlan, BoxedUnit> {
    private final SparkSession session;
    private final boolean everySession;

    Guard(SparkSession session) {
      this.session = session;
      // Read once: getConf copies the whole configuration.
      this.everySession = session.sparkContext().getConf().getBoolean(ENABLED, false);
    }

    @Override
    public BoxedUnit apply(LogicalPlan plan) {
      if (!guarding(session, everySession)) {
        return BoxedUnit.UNIT;
      }
      if (!"false".equalsIgnoreCase(session.conf().get(RUN_SQL_ON_FILES, "true"))) {
        throw new Refused("Refused: this read-only SQL session has " + RUN_SQL_ON_FILES + " on, which lets a query "
            + "read any file as a table; set " + RUN_SQL_ON_FILES + "=false in the server's configuration.");
      }
      plan.foreachWithSubqueries(node -> {
        check(node);
        return BoxedUnit.UNIT;
      });
      return BoxedUnit.UNIT;
    }

    private static void check(LogicalPlan node) {
      if (node instanceof SetCommand set && !reads(set)) {
        throw refused("SET " + set.kv().get()._1() + " (only spark.sql.* query settings may be set, not "
            + RUN_SQL_ON_FILES + " or spark.sql.catalog.*)", "SetCommand");
      }
      if (node instanceof DropTableCommand drop && drop.isView()) {
        throw refused("DROP VIEW", "DropTableCommand");
      }
      if (node instanceof Command && !reads(node)) {
        String name = node.getClass().getSimpleName();
        throw refused(STATEMENTS.getOrDefault(name, statementOf(name)), name);
      }
      if (node instanceof ScriptTransformation) {
        throw refused("TRANSFORM ... USING (runs a program on the server)", "ScriptTransformation");
      }
      if (node instanceof LogicalRelation relation && relation.catalogTable().isEmpty()
          && relation.relation().getClass().getName().endsWith("DeltaCDFRelation")) {
        throw refused("table_changes_by_path (reads a table by its path; use table_changes with its name)",
            "DeltaCDFRelation");
      }
      if (node instanceof LogicalRelation relation && relation.catalogTable().isEmpty() && !deltaLog(relation)) {
        throw refused("reading a source by its path (a DataFrame reader's files; read tables by their "
            + "catalog names)", relation.relation().getClass().getSimpleName());
      }
      node.expressions().foreach(e -> {
        e.foreach(x -> {
          if (x instanceof CallMethodViaReflection) {
            throw refused("reflect/java_method (calls Java methods of the server)", "CallMethodViaReflection");
          }
          return BoxedUnit.UNIT;
        });
        return BoxedUnit.UNIT;
      });
    }

    /**
     * Whether a relation without a catalog table is Delta reading its own log: a catalog table's snapshot is read
     * through the files of its {@code _delta_log}, inside the analyst's own session. Any other relation without a
     * catalog table is a read by path: {@code spark.read.text(path)} of a Spark Connect client, which SQL's own switch ({@code spark.sql.runSQLOnFiles}) does not cover.
     */
    private static boolean deltaLog(LogicalRelation relation) {
      if (!(relation.relation() instanceof HadoopFsRelation files)) {
        return false;
      }
      Seq<org.apache.hadoop.fs.Path> roots = files.location().rootPaths();
      return roots.nonEmpty() && roots.forall(p -> p.getParent() != null
          && ("_delta_log".equals(p.getName()) || "_delta_log".equals(p.getParent().getName())));
    }

    private static boolean reads(LogicalPlan command) {
      if (command instanceof SetCommand set) {
        return readsOrSetsSqlOption(set.kv());
      }
      if (command instanceof CreateViewCommand view) {
        // A temporary view lives in this session only; a global one is shared with every session of a server.
        return view.viewType() == org.apache.spark.sql.catalyst.analysis.LocalTempView$.MODULE$;
      }
      return READING_COMMANDS.contains(command.getClass().getName());
    }

    /** SET and SET key read; SET key=value is allowed for spark.sql.* query settings that open nothing. */
    private static boolean readsOrSetsSqlOption(Option<Tuple2<String, Option<String>>> kv) {
      if (kv.isEmpty() || kv.get()._2().isEmpty()) {
        return true;
      }
      String key = kv.get()._1().trim().toLowerCase(Locale.ROOT);
      return key.startsWith("spark.sql.") && !key.equals(RUN_SQL_ON_FILES.toLowerCase(Locale.ROOT))
          && !key.startsWith("spark.sql.catalog");
    }

    static Refused refused(String statement, String node) {
      return new Refused("Refused: " + statement + " (" + node + "): this SQL session is read-only. Queries, "
          + "DESCRIBE, SHOW, DESCRIBE HISTORY, EXPLAIN and time travel (VERSION AS OF, TIMESTAMP AS OF) work over "
          + "the catalog's tables; changing tables, writing or reading files by path is refused. An operator who "
          + "must write runs tradecredit sql --allow-writes.");
    }

    /** SetTableProperties -> ALTER TABLE, CreateFunctionCommand -> CREATE FUNCTION. */
    private static String statementOf(String className) {
      String name = className.replaceAll("(Delta)?(Command|Exec)?\\$?$", "");
      if (ALTER.matcher(name).lookingAt()) {
        return "ALTER " + (name.contains("Namespace") || name.contains("Database") ? "DATABASE"
            : name.contains("View") ? "VIEW" : "TABLE");
      }
      return String.join(" ", name.split("(?<=[a-z])(?=[A-Z])")).toUpperCase(Locale.ROOT);
    }
  }
}
