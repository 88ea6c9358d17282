package io.tradecredit.lake;

import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession a command runs in, with Delta and the settings tuned for this pipeline. */
public final class SparkSessions {
  /**
   * netlib's switch for its native BLAS. Probing for one (libblas.so.3) prints a line to the process's stderr where
   * there is none, from native code no log setting reaches; the fits that use BLAS (training's MLlib fallback and
   * baseline) are small enough for its Java implementation. An operator who installs a native BLAS sets it to true.
   */
  public static final String NATIVE_BLAS = "dev.ludovic.netlib.blas.allowNative";

  private SparkSessions() {}

  /**
   * @param master Spark master; null keeps what spark-submit set (a cluster run changes only its submit options)
   * @param shufflePartitions partitions for shuffles; small data on few cores wants few
   * @param warehouse folder for Spark's warehouse, kept inside the lake so nothing lands in the working directory
   */
  public static SparkSession create(String master, int shufflePartitions, String warehouse) {
    return create(master, shufflePartitions, warehouse, java.util.Map.of());
  }

  /** @param settings further Spark settings, applied last so they can override the ones here */
  public static SparkSession create(String master, int shufflePartitions, String warehouse,
      java.util.Map<String, String> settings) {
    System.getProperties().putIfAbsent(NATIVE_BLAS, "false");
    SparkSession.Builder builder = SparkSession.builder();
    // spark-submit's --name (the DAG's task id) names the application on a cluster's pages; without one, ours.
    if (System.getProperty("spark.app.name") == null) {
      builder.appName("tradecredit");
    }
    if (master != null) {
      builder.master(master);
    }
    builder
        // ReadOnlySql stays dormant until a session is guarded (tradecredit sql, a SQL server).
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension," + ReadOnlySql.class.getName()
            + "," + DeltaScans.Extension.class.getName())
        // Delta's scan planning rule gives way to DeltaScans: the same rule, remembering its listings and making a
        // small table's scans from its files held on the driver (TableFiles).
        .config("spark.sql.optimizer.excludedRules", DeltaScans.EXCLUDED_RULE)
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .config("spark.sql.shuffle.partitions", shufflePartitions)
        .config("spark.sql.warehouse.dir", warehouse)
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        // Delta's default of 50 snapshot partitions dominates small nightly jobs; 2 halves their time.
        .config("spark.databricks.delta.snapshotPartitions", "2")
        .config("spark.databricks.delta.schema.autoMerge.enabled", "false")
        // replaceWhere rows are built with the replaced date itself: the extra job that re-checks them is waste.
        .config("spark.databricks.delta.replaceWhere.constraintCheck.enabled", "false")
        // Delta copies a small table's file list into each version's checksum file, which its Spark reads never use
        // for a scan; where the version before has no such list (every new table, from its empty version) the commit
        // rebuilds it in a Spark job: 31 of a first sample night's 145 jobs. The checksum keeps its counts and sizes.
        .config("spark.databricks.delta.allFilesInCrc.enabled", "false")
        .config("spark.sql.adaptive.enabled", "true")
        // Aggregates that collect (the partials' counterparty maps, per company and day) have many groups: Spark's
        // object hash aggregate falls back to sorting after 128 of them and then makes a new buffer for every group,
        // each asking the SQL settings for every field's type (7% of a 1M-company features stage's CPU samples,
        // bench/RESULTS.md). The sort aggregate sorts the same rows and reuses one buffer.
        .config("spark.sql.execution.useObjectHashAggregateExec", "false")
        // Spark 4.2 reads whether its types framework is on for every such buffer; unset, the setting's default reads
        // an environment variable each time. Set, the answer (the same: off outside Spark's own tests) comes from the
        // task's settings.
        .config(TYPES_FRAMEWORK, "false")
        // Plans are described for every query (the SQL listener): with the features' hundred-odd columns the default
        // of 25 fields truncates them, and Spark warns about it in the night's output.
        .config("spark.sql.debug.maxToStringFields", "1000")
        // Every broadcast hash table takes at least one page; the default (up to 64 MB) makes a night's dozen small
        // key-set broadcasts cost a gigabyte of heap. Larger tables still get the pages they need.
        .config("spark.buffer.pageSize", "4m");
    String effective = master != null ? master : System.getProperty("spark.master", "");
    if (effective.startsWith("local")) {
      // Tasks run in this JVM, which has our classes: file operations without a process each (a cluster's executors
      // keep Hadoop's own).
      builder.config("spark.hadoop.fs.file.impl", InProcessLocalFileSystem.class.getName())
          .config("spark.hadoop.fs.AbstractFileSystem.file.impl", InProcessLocalFs.class.getName());
    }
    settings.forEach(builder::config);
    SparkSession spark = builder.getOrCreate();
    carryToEveryTask(spark, FACTORY_MODE);
    carryToEveryTask(spark, TYPES_FRAMEWORK);
    return spark;
  }

  private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  private static final String TYPES_FRAMEWORK = "spark.sql.types.framework.enabled";

  /**
   * A task reads SQL settings from its job's local properties, which Spark fills only for jobs started inside a SQL
   * execution; the others (RDD stages, Delta's writes of deletion vectors) fall back to the setting's default. Set
   * once on this thread, the session's value reaches them too (local properties pass to threads started from it).
   */
  private static void carryToEveryTask(SparkSession spark, String key) {
    String value = spark.conf().get(key, null);
    if (value != null) {
      spark.sparkContext().setLocalProperty(key, value);
    }
  }
}
