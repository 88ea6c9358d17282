package io.tradecredit.ingest;

import static io.tradecredit.ingest.Column.enumeration;
import static io.tradecredit.ingest.Column.opt;
import static io.tradecredit.ingest.Column.req;
import static io.tradecredit.ingest.ColumnType.*;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The eight landing feeds of contract/landing.md: columns, keys and cadence, in one place. */
public enum Feed {
  ORDERS(true, List.of("platform", "order_id"),
      req("platform", STRING, "code of the reporting marketplace"),
      req("order_id", STRING, "order id on the platform"),
      req("seller_account", STRING, "platform account of the seller"),
      req("buyer_account", STRING, "platform account of the buyer"),
      req("order_ts", TIMESTAMP, "when the order was placed, UTC"),
      req("amount", MONEY, "order amount in its currency"),
      req("currency", CURRENCY, "ISO 4217 currency of amount"),
      req("payment_terms_days", INT, "days the buyer has to pay; 0 = paid before shipping"),
      opt("category", STRING, "product category"),
      enumeration("status", false, "order status",
          "PLACED", "CONFIRMED", "SHIPPED", "DELIVERED", "COMPLETED", "CANCELLED", "REFUNDED"),
      req("updated_at", TIMESTAMP, "when the producer last changed the record, UTC")),
  PAYMENTS(true, List.of("platform", "payment_id"),
      req("platform", STRING, "code of the reporting marketplace"),
      req("payment_id", STRING, "payment id on the platform"),
      req("order_id", STRING, "order the payment settles"),
      req("payer_account", STRING, "platform account of the buyer"),
      req("due_date", DATE, "day the payment is due"),
      opt("paid_at", TIMESTAMP, "when it was paid, UTC; null while unpaid"),
      req("amount", MONEY, "payment amount in its currency"),
      opt("currency", CURRENCY, "ISO 4217 currency of amount"),
      req("updated_at", TIMESTAMP, "when the producer last changed the record, UTC")),
  SHIPMENTS(true, List.of("carrier", "shipment_id"),
      req("carrier", STRING, "logistics partner code"),
      req("shipment_id", STRING, "shipment id at the carrier"),
      req("platform", STRING, "marketplace of the order"),
      req("order_id", STRING, "order shipped"),
      opt("origin_country", COUNTRY, "ISO 3166-1 country shipped from"),
      opt("destination_country", COUNTRY, "ISO 3166-1 country shipped to"),
      req("promised_date", DATE, "delivery day promised to the buyer"),
      opt("shipped_at", TIMESTAMP, "when it left, UTC"),
      opt("customs_cleared_at", TIMESTAMP, "when customs released it, UTC"),
      opt("delivered_at", TIMESTAMP, "when it was delivered, UTC"),
      enumeration("status", false, "tracking status",
          "BOOKED", "IN_TRANSIT", "CUSTOMS_HOLD", "DELIVERED", "RETURNED", "LOST"),
      req("updated_at", TIMESTAMP, "when the producer last changed the record, UTC")),
  DISPUTES(false, List.of("platform", "dispute_id"),
      req("platform", STRING, "code of the reporting marketplace"),
      req("dispute_id", STRING, "dispute id on the platform"),
      req("order_id", STRING, "order disputed"),
      req("opened_at", TIMESTAMP, "when the dispute was opened, UTC"),
      enumeration("opened_by", false, "who opened it", "BUYER", "SELLER"),
      enumeration("reason", false, "why", "NOT_DELIVERED", "NOT_AS_DESCRIBED", "LATE_DELIVERY", "NON_PAYMENT", "OTHER"),
      enumeration("status", false, "dispute status", "OPEN", "RESOLVED"),
      opt("resolved_at", TIMESTAMP, "when it was resolved, UTC; null while OPEN"),
      enumeration("at_fault", false, "who was found at fault; null while OPEN", "SELLER", "BUYER", "NONE"),
      opt("amount", MONEY, "disputed amount"),
      opt("currency", CURRENCY, "ISO 4217 currency of amount"),
      req("updated_at", TIMESTAMP, "when the producer last changed the record, UTC")),
  ACCOUNTS(false, List.of("platform", "account_id"),
      req("platform", STRING, "code of the marketplace"),
      req("account_id", STRING, "account id on the platform"),
      req("registry_country", COUNTRY, "ISO 3166-1 country of the legal entity's registry"),
      opt("registration_number", STRING, "registry number as declared; null for unverified accounts"),
      req("declared_name", STRING, "name the account holder declared"),
      req("verified", BOOLEAN, "whether the platform verified the entity"),
      opt("verified_at", TIMESTAMP, "when it was verified, UTC"),
      req("created_at", TIMESTAMP, "when the account was opened, UTC"),
      req("updated_at", TIMESTAMP, "when the producer last changed the record, UTC")),
  REGISTRY(false, List.of("registry_country", "registration_number"),
      req("registry_country", COUNTRY, "ISO 3166-1 country of the registry"),
      req("registration_number", STRING, "number in the registry, as delivered"),
      req("legal_name", STRING, "registered legal name"),
      opt("legal_form", STRING, "legal form"),
      enumeration("status", false, "registry status", "ACTIVE", "INACTIVE", "SUSPENDED", "IN_LIQUIDATION", "DISSOLVED"),
      req("incorporation_date", DATE, "day of incorporation"),
      opt("registered_capital", CAPITAL, "registered capital in capital_currency"),
      opt("capital_currency", CURRENCY, "ISO 4217 currency of the capital"),
      opt("industry_code", STRING, "ISIC rev.4 code"),
      opt("city", STRING, "city of the registered office"),
      req("updated_at", TIMESTAMP, "when the producer last changed the record, UTC")),
  FX_RATES(true, List.of("rate_date", "currency"),
      req("rate_date", DATE, "day the rate applies to"),
      req("currency", CURRENCY, "ISO 4217 currency"),
      req("usd_per_unit", RATE, "US dollars per one unit of the currency")),
  CREDIT_EVENTS(false, List.of("registry_country", "registration_number", "event_type", "event_date", "reporter"),
      opt("registry_country", COUNTRY, "ISO 3166-1 country of the registry"),
      req("registration_number", STRING, "registry number of the company"),
      enumeration("event_type", true, "what happened", "PAYMENT_DEFAULT_90D", "COLLECTIONS", "WRITE_OFF", "INSOLVENCY"),
      req("event_date", DATE, "the day the event happened"),
      req("reporter", STRING, "lender or insurer that reported it"),
      opt("amount", MONEY, "amount involved"),
      opt("currency", CURRENCY, "ISO 4217 currency of amount"),
      req("updated_at", TIMESTAMP, "when the reporter last changed the record, UTC"));

  private final boolean daily;
  private final List<String> key;
  private final List<Column> columns;

  Feed(boolean daily, List<String> key, Column... columns) {
    this.daily = daily;
    this.key = key;
    this.columns = List.of(columns);
  }

  /** Folder name under the landing root, e.g. {@code credit_events}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the producer delivers every day (a quiet day still brings a {@code _SUCCESS}). */
  public boolean daily() {
    return daily;
  }

  public List<String> key() {
    return key;
  }

  public List<Column> columns() {
    return columns;
  }

  public List<String> columnNames() {
    return columns.stream().map(Column::name).collect(Collectors.toList());
  }

  public boolean hasUpdatedAt() {
    return columns.stream().anyMatch(c -> c.name().equals("updated_at"));
  }

  public static Optional<Feed> find(String id) {
    return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(Feed::id).collect(Collectors.joining(", "));
  }
}
