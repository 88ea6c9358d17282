package io.tradecredit.erase;

import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Table;
import java.util.Map;
import org.apache.spark.sql.RuntimeConfig;

/**
 * Makes a Delta table's files hold no row that its current version does not: deletion vectors (which only mark
 * rows deleted) are purged by rewriting their files, and every file no longer in the current version is removed,
 * whatever its age. Time travel to a version before the purge fails afterwards: its files are gone.
 */
final class DeltaPurge {
  /** Delta refuses a retention below seven days unless this check is off for the session. */
  static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
  private static final String DELETION_VECTORS = "delta.enableDeletionVectors";

  private DeltaPurge() {}

  /** @return the files VACUUM removed; call inside {@link #withoutRetentionCheck} */
  static long purge(Lake lake, Table table) {
    String path = lake.path(table).replace("`", "``");
    Map<String, String> properties = lake.delta(table).detail().select("properties").first().getJavaMap(0);
    if ("true".equals(properties.get(DELETION_VECTORS))) {
      lake.spark().sql("REORG TABLE delta.`" + path + "` APPLY (PURGE)");
    }
    lake.delta(table).vacuum(0);
    return filesDeleted(lake, table);
  }

  /**
   * Runs {@code work} with Delta's retention check off, which a zero-hour VACUUM needs; set once around all tables,
   * as purges run side by side in the one session.
   */
  static void withoutRetentionCheck(Lake lake, Runnable work) {
    RuntimeConfig conf = lake.spark().conf();
    String check = conf.get(RETENTION_CHECK, "true");
    String listing = conf.get(LISTING_PARALLELISM, "10000");
    conf.set(RETENTION_CHECK, "false");
    // VACUUM lists a table's folders in a Spark job of this many tasks; the default of 10,000 tasks costs a small
    // table tens of seconds on a few cores. The shuffle partitions are sized for the machine already.
    conf.set(LISTING_PARALLELISM, conf.get("spark.sql.shuffle.partitions"));
    try {
      work.run();
    } finally {
      conf.set(RETENTION_CHECK, check);
      conf.set(LISTING_PARALLELISM, listing);
    }
  }

  /** numDeletedFiles of the table's latest VACUUM END commit. */
  private static long filesDeleted(Lake lake, Table table) {
    var end = lake.delta(table).history(1).select("operation", "operationMetrics").first();
    if (!"VACUUM END".equals(end.getString(0)) || end.isNullAt(1)) {
      return 0;
    }
    String n = end.<String, String>getJavaMap(1).get("numDeletedFiles");
    return n == null ? 0 : Long.parseLong(n);
  }
}
