package io.tradecredit.conform;

import io.tradecredit.ingest.Column;
import io.tradecredit.ingest.Feed;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;

/**
 * What every column of the silver tables means: the landing columns as the contract defines them ({@link Feed}),
 * and the columns conform adds. Written into each table's schema as column comments when conform creates it, so
 * {@code DESCRIBE silver.<table>} answers the analyst; a silver column without a description fails the write.
 */
public final class SilverColumns {
  private SilverColumns() {}

  /** Columns every version table has, besides its feed's own. */
  private static final Map<String, String> VERSION = ordered(
      "delivered_dt", "delivery date (landing dt) of the drop this version came in",
      "source_file", "landing file the row came from",
      "source_line", "line (or row index) of the row in source_file",
      "ingest_run_id", "run of ingest that accepted the row into bronze",
      Silver.VALID_FROM, "delivery date from which this version is the current one",
      Silver.VALID_TO, "delivery date of the version that replaced this one (exclusive); null while current");

  private static final String AMOUNT_USD = "amount in USD at the rate of the contract's day for the feed, with the "
      + "7-day fallback (fx_daily)";
  private static final String COMPANY_ID = "registry_country:registration_number, the number normalised "
      + "(upper case; spaces, dots, dashes and slashes removed)";

  /** Columns conform adds per feed. */
  private static Map<String, String> added(Feed feed) {
    return switch (feed) {
      case ORDERS, DISPUTES -> Map.of("amount_usd", AMOUNT_USD);
      case PAYMENTS -> Map.of("amount_usd", AMOUNT_USD + "; a payment without currency is in its order's");
      case CREDIT_EVENTS -> Map.of("amount_usd", AMOUNT_USD + "; null when no rate: the event is kept",
          "company_id", COMPANY_ID);
      case REGISTRY -> Map.of("registered_capital_usd", "registered_capital in USD at the rate of updated_at's day",
          "company_id", COMPANY_ID);
      case ACCOUNTS -> Map.of("registration_number_norm", "registration_number normalised as in company_id");
      case SHIPMENTS, FX_RATES -> Map.of();
    };
  }

  /** silver.fx_daily. */
  public static final Map<String, String> FX_DAILY = ordered(
      "currency", "ISO 4217 currency",
      "day", "calendar day an amount is dated",
      "rate_date", "day of the rate used: day itself, or the latest earlier rate at most 7 days before",
      "usd_per_unit", "USD for one unit of currency");

  /** silver.company_accounts. */
  public static final Map<String, String> COMPANY_ACCOUNTS = ordered(
      "platform", "code of the marketplace",
      "account_id", "account id on the platform",
      "company_id", "the company the account belongs to: COUNTRY:NUMBER, or platform@account_id when unresolved",
      "match_method", "REGISTRATION_NUMBER (declared number), NAME_COUNTRY (one registry company of the country "
          + "has the normalised declared name) or UNRESOLVED",
      "match_reason", "why an account is UNRESOLVED: NO_MATCH, or AMBIGUOUS_NAME with the count; null when matched",
      "registry_country", "country of the matched company; null when unresolved",
      "registration_number", "normalised number of the matched company; null when unresolved",
      "declared_name", "name the account holder declared",
      "verified", "whether the platform verified the entity",
      "created_at", "when the account was opened, UTC");

  /** ops.identity_review. */
  public static final Map<String, String> IDENTITY_REVIEW = ordered(
      "platform", "code of the marketplace",
      "account_id", "account id on the platform, left UNRESOLVED (its own entity platform@account_id)",
      "declared_name", "name the account holder declared",
      "registry_country", "country the account declared",
      "company_id", "a registry company of that country whose normalised legal name equals the declared name",
      "legal_name", "that company's registry name",
      "candidates", "how many registry companies the name matches (two or more)",
      "as_of_date", "the run date of the account-to-company map this review belongs to");

  /** Descriptions of the silver version table of {@code feed}, in column order. */
  public static Map<String, String> of(Feed feed) {
    Map<String, String> docs = new LinkedHashMap<>();
    for (Column c : feed.columns()) {
      docs.put(c.name(), c.doc());
    }
    docs.putAll(added(feed));
    docs.putAll(VERSION);
    return docs;
  }

  /** {@code rows} with each column's description as its comment; fails on a column without one. */
  public static Dataset<Row> documented(Dataset<Row> rows, Map<String, String> docs) {
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[rows.columns().length];
    for (int i = 0; i < cols.length; i++) {
      String name = rows.columns()[i];
      String doc = docs.get(name);
      if (doc == null) {
        throw new IllegalStateException("Cannot write silver column '" + name + "': it has no description in "
            + "SilverColumns");
      }
      Metadata comment = new MetadataBuilder().putString("comment", doc).build();
      cols[i] = rows.col(name).as(name, comment);
    }
    return rows.select(cols);
  }

  private static Map<String, String> ordered(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }
}
