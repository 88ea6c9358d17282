package io.tradecredit.lake;

import io.tradecredit.ingest.Feed;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The columns whose minimum, maximum and null count Delta keeps for each file of a table
 * ({@code delta.dataSkippingStatsColumns}): those the pipeline's queries filter or join on, so that Delta can still
 * skip files by them. By default Delta keeps them for a table's first 32 columns, and works them out for every row it
 * writes: on a small night that was a fifth of all task time, in an interpreted projection that grows with the
 * square of the columns (bench/RESULTS.md, "Small work"), and every file's entry in the log carries them, read
 * again by each query that lists the table.
 *
 * <p>Kept: a record's key and the keys it refers to (the night's key sets and Bloom sieves, literal keys as
 * filters), the version columns (the current versions, the versions a merge replaces, by {@code updated_at} span),
 * and the day of a daily or dated row. Bronze keeps none at all ({@code delta.dataSkippingNumIndexedCols = 0},
 * set by ingest); the ops tables and silver's few narrow tables that are no feed's (the account map, the daily
 * rates) keep Delta's default.
 */
public final class FileStatistics {
  /** The table property naming the columns. */
  public static final String PROPERTY = "delta.dataSkippingStatsColumns";

  /** Keys records refer to, as silver, gold and the published tables name them. */
  private static final List<String> REFERENCES = List.of("platform", "order_id", "seller_account", "buyer_account",
      "payer_account", "account_id", "company_id", "registry_country", "registration_number");

  /** A silver row's version, and the day of a gold or published row. */
  private static final List<String> TIMES = List.of("updated_at", "valid_from", "valid_to", "day", "reach",
      "as_of_date");

  private FileStatistics() {}

  /**
   * The value of {@link #PROPERTY} for {@code table} with {@code schema}, partitioned by {@code partitionColumns}
   * (Delta keeps no statistics of those: their value is in the file's path); null where the table keeps Delta's
   * default, or none of its columns is one to keep.
   */
  public static String columns(Table table, StructType schema, List<String> partitionColumns) {
    if (!chosen(table)) {
      return null;
    }
    Set<String> wanted = new LinkedHashSet<>();
    if (table.database().equals("silver")) {
      wanted.addAll(Feed.find(table.name()).orElseThrow().key());
    }
    wanted.addAll(REFERENCES);
    wanted.addAll(TIMES);
    Set<String> partitions = new LinkedHashSet<>();
    partitionColumns.forEach(p -> partitions.add(p.toLowerCase(Locale.ROOT)));
    List<String> kept = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (wanted.contains(f.name()) && !partitions.contains(f.name().toLowerCase(Locale.ROOT))) {
        kept.add(f.name());
      }
    }
    return kept.isEmpty() ? null : String.join(",", kept);
  }

  /**
   * The tables with many rows or columns: silver's tables of a feed (whose key is known), gold, the published company
   * tables and the staged scores.
   */
  static boolean chosen(Table table) {
    return switch (table.database()) {
      case "silver" -> Feed.find(table.name()).isPresent();
      case "gold" -> true;
      case "credit" -> table.name().startsWith("company_");
      case "ops" -> table.equals(Tables.SCORE_STAGING);
      default -> false;
    };
  }
}
