package io.tradecredit.ingest;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The rule {@code ERASED}: a landing row that names a company erased from the lake (ops.erasures) is quarantined
 * without its raw text, so a re-delivery or a later drop cannot bring the company back.
 *
 * <p>A company is known to the lake only by the SHA-256 of its identifiers ({@link #companyKey}, {@link
 * #accountKey}, {@link #orderKey}): its company_id, its platform accounts and its orders. A row is erased when one
 * of the identifiers it carries hashes to one of them: registry, credit events and accounts by registration number,
 * accounts by account, orders by seller, buyer or order, payments by payer or order, shipments and disputes by order.
 */
public final class ErasedRecords {
  /** Name of the list of identifier hashes in ops.erasures. */
  public static final String KEYS_COLUMN = "erased_keys";
  static final String MESSAGE = "the row names a company erased from the lake (ops.erasures); its text is not kept: "
      + "delete the record at the source";

  private ErasedRecords() {}

  /** SHA-256 of a registry company's company_id, {@code COUNTRY:NUMBER} as landing.md normalises it. */
  public static Column companyKey(Column country, Column number) {
    Column n = upper(regexp_replace(number, "[\\s./-]", ""));
    return sha2(when(n.notEqual(lit("")), concat(upper(trim(country)), lit(":"), n)), 256);
  }

  /** SHA-256 of {@code platform@account}: the form of an unresolved company's company_id. */
  public static Column accountKey(Column platform, Column account) {
    return sha2(concat(platform, lit("@"), account), 256);
  }

  /** SHA-256 of {@code platform/order_id}. */
  public static Column orderKey(Column platform, Column orderId) {
    return sha2(concat(platform, lit("/"), orderId), 256);
  }

  /** The identifier hashes a row of {@code feed} carries, as column expressions over the feed's typed columns. */
  public static List<Column> keys(Feed feed) {
    List<Column> keys = new ArrayList<>();
    switch (feed) {
      case REGISTRY, CREDIT_EVENTS -> keys.add(companyKey(col("registry_country"), col("registration_number")));
      case ACCOUNTS -> {
        keys.add(companyKey(col("registry_country"), col("registration_number")));
        keys.add(accountKey(col("platform"), col("account_id")));
      }
      case ORDERS -> {
        keys.add(accountKey(col("platform"), col("seller_account")));
        keys.add(accountKey(col("platform"), col("buyer_account")));
        keys.add(orderKey(col("platform"), col("order_id")));
      }
      case PAYMENTS -> {
        keys.add(accountKey(col("platform"), col("payer_account")));
        keys.add(orderKey(col("platform"), col("order_id")));
      }
      case SHIPMENTS, DISPUTES -> keys.add(orderKey(col("platform"), col("order_id")));
      default -> { }
    }
    return keys;
  }

  /**
   * Marks the rows of erased companies in checked rows ({@link RecordChecker}): rule {@code ERASED},
   * which takes precedence over any other rule, and no raw text. Without erasures the rows pass unchanged.
   */
  public static Dataset<Row> mark(Dataset<Row> validated, Feed feed, Lake lake) {
    List<Column> keys = keys(feed);
    if (keys.isEmpty() || !lake.exists(Tables.ERASURES)) {
      return validated;
    }
    Object[] erased = lake.read(Tables.ERASURES).select(explode(col(KEYS_COLUMN))).distinct()
        .collectAsList().stream().map(r -> r.getString(0)).toArray();
    if (erased.length == 0) {
      return validated;
    }
    Column hit = lit(false);
    for (Column key : keys) {
      hit = hit.or(coalesce(key.isin(erased), lit(false)));
    }
    return validated.withColumn("erased", hit)
        .withColumn("rule", when(col("erased"), lit(Rules.ERASED)).otherwise(col("rule")))
        .withColumn("message", when(col("erased"), lit(MESSAGE)).otherwise(col("message")))
        .withColumn("raw_record", when(not(col("erased")), col("raw_record")))
        .drop("erased");
  }
}
