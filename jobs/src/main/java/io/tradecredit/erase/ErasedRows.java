package io.tradecredit.erase;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.ingest.ErasedRecords;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Which rows of a table belong to the company, found from the table's columns alone, so that every table of the
 * lake (and any added later) is covered by the same rules:
 *
 * <ul>
 *   <li>{@code company_id}: the company, or one of its accounts as an unresolved entity;
 *   <li>{@code registry_country} with {@code registration_number}: its registry key, in any spelling landing.md
 *       normalises;
 *   <li>{@code platform} with {@code account_id}, {@code seller_account}, {@code buyer_account} or
 *       {@code payer_account}: one of its accounts, so an order it sold or bought, as either side;
 *   <li>{@code platform} with {@code order_id}: one of those orders, so their payments, shipments and disputes;
 *   <li>{@code raw_record}: landing text naming any of these ({@link RawTextMatcher}).
 * </ul>
 *
 * <p>A map keyed by company (the counterparties of gold.company_activity_daily) loses the company's entry; the row,
 * another company's, stays.
 */
final class ErasedRows {
  private static final List<String> ACCOUNT_COLUMNS = List.of("account_id", "seller_account", "buyer_account",
      "payer_account");

  private final List<String> hashes;
  private final UserDefinedFunction text;

  ErasedRows(CompanyKeys keys) {
    this.hashes = keys.hashes();
    this.text = udf(keys.textMatcher(), DataTypes.BooleanType).withName("names_erased_company");
  }

  /** The rows of the company; null when the table has no column that could identify it. */
  Column condition(StructType schema) {
    Set<String> names = Arrays.stream(schema.fieldNames()).collect(Collectors.toSet());
    List<Column> any = new ArrayList<>();
    if (names.contains("company_id")) {
      any.add(hashed(sha2(col("company_id"), 256)));
    }
    if (names.contains("registry_country") && names.contains("registration_number")) {
      any.add(hashed(ErasedRecords.companyKey(col("registry_country"), col("registration_number"))));
    }
    if (names.contains("platform")) {
      for (String account : ACCOUNT_COLUMNS) {
        if (names.contains(account)) {
          any.add(hashed(ErasedRecords.accountKey(col("platform"), col(account))));
        }
      }
      if (names.contains("order_id")) {
        any.add(hashed(ErasedRecords.orderKey(col("platform"), col("order_id"))));
      }
    }
    if (names.contains("raw_record")) {
      any.add(coalesce(text.apply(col("raw_record")), lit(false)));
    }
    return any.stream().reduce(Column::or).orElse(null);
  }

  /** Columns that are maps keyed by company_id: only these counterparty maps hold other companies' ids. */
  static List<String> companyMaps(StructType schema) {
    List<String> maps = new ArrayList<>();
    for (StructField f : schema.fields()) {
      if (f.name().equals("buyers") && f.dataType() instanceof MapType m && m.keyType() == DataTypes.StringType) {
        maps.add(f.name());
      }
    }
    return maps;
  }

  /** True where the map has the company as a key. */
  Column mapHolds(String map) {
    return expr("exists(map_keys(" + map + "), k -> sha2(k, 256) IN (" + inList() + "))");
  }

  /** The map without the company's entry. */
  Column mapWithout(String map) {
    return expr("map_filter(" + map + ", (k, v) -> NOT sha2(k, 256) IN (" + inList() + "))");
  }

  private Column hashed(Column sha) {
    return coalesce(sha.isin(hashes.toArray()), lit(false));
  }

  private String inList() {
    return hashes.stream().map(h -> "'" + h + "'").collect(Collectors.joining(", "));
  }
}
