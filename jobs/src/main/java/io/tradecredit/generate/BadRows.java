package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * The planted bad rows: a copy of a good row changed so that it breaks exactly one rule of the landing contract,
 * the first one ingest checks. The good row stays, so a planted row never costs the world a record.
 */
final class BadRows {
  static final String BAD_TIMESTAMP = "2026-13-45T10:00:00Z";
  static final String BAD_DATE = "2026-13-45";
  static final String PAST = "2020-01-01T00:00:00Z";

  private BadRows() {}

  /**
   * The rules a row of this feed can be made to break, the feed's own first: a small file plants only its first
   * few, and those are the ones no other feed can show.
   */
  static List<String> rules(Feed feed) {
    List<String> rules = new ArrayList<>(switch (feed) {
      case ORDERS -> List.of(Rules.TERMS_OUT_OF_RANGE, Rules.ORDER_AFTER_UPDATE, Rules.BAD_ENUM, Rules.BAD_CURRENCY,
          Rules.AMOUNT_NOT_POSITIVE);
      case PAYMENTS -> List.of(Rules.AMOUNT_NOT_POSITIVE, Rules.BAD_CURRENCY);
      case SHIPMENTS -> List.of(Rules.DELIVERED_BEFORE_SHIPPED, Rules.BAD_COUNTRY, Rules.BAD_ENUM);
      case DISPUTES -> List.of(Rules.DISPUTE_STATE_INCONSISTENT, Rules.CURRENCY_MISSING, Rules.BAD_ENUM,
          Rules.BAD_CURRENCY, Rules.AMOUNT_NOT_POSITIVE);
      case ACCOUNTS -> List.of(Rules.BAD_COUNTRY);
      case REGISTRY -> List.of(Rules.CAPITAL_NEGATIVE, Rules.CURRENCY_MISSING, Rules.BAD_ENUM, Rules.BAD_COUNTRY,
          Rules.BAD_CURRENCY);
      case FX_RATES -> List.of(Rules.RATE_NOT_POSITIVE, Rules.BAD_CURRENCY);
      case CREDIT_EVENTS -> List.of(Rules.BAD_ENUM, Rules.CURRENCY_MISSING, Rules.BAD_COUNTRY, Rules.BAD_CURRENCY,
          Rules.AMOUNT_NOT_POSITIVE);
    });
    rules.addAll(List.of(Rules.MALFORMED_ROW, Rules.REQUIRED_MISSING, Rules.TYPE_MISMATCH, Rules.DATE_IN_FUTURE));
    return rules;
  }

  /**
   * The values of a row changed to break {@code rule}, or null for {@link Rules#MALFORMED_ROW}, which breaks the
   * line itself (see {@link #malformed}).
   */
  static String[] corrupt(Feed feed, String rule, String[] good, long dropDay) {
    String[] v = good.clone();
    List<String> cols = feed.columnNames();
    int updated = cols.indexOf("updated_at");
    int amount = cols.indexOf("amount");
    switch (rule) {
      case Rules.REQUIRED_MISSING -> v[cols.indexOf(feed.key().get(1))] = null;
      case Rules.TYPE_MISMATCH -> {
        if (updated >= 0) {
          v[updated] = BAD_TIMESTAMP;
        } else {
          v[0] = BAD_DATE;
        }
      }
      case Rules.DATE_IN_FUTURE -> {
        String future = Timestamps.date(dropDay + 3);
        if (updated >= 0) {
          v[updated] = future + "T12:00:00Z";
        } else {
          v[0] = future;
        }
      }
      case Rules.BAD_ENUM -> {
        int c = feed == Feed.CREDIT_EVENTS ? cols.indexOf("event_type") : cols.indexOf("status");
        v[c] = v[c] + "X";
      }
      case Rules.BAD_COUNTRY -> v[feed == Feed.SHIPMENTS ? cols.indexOf("destination_country")
          : cols.indexOf("registry_country")] = "UK";
      case Rules.BAD_CURRENCY -> v[feed == Feed.REGISTRY ? cols.indexOf("capital_currency")
          : cols.indexOf("currency")] = "EURO";
      case Rules.AMOUNT_NOT_POSITIVE -> v[amount] = v[amount] == null ? "-100.00" : "-" + v[amount];
      case Rules.TERMS_OUT_OF_RANGE -> v[cols.indexOf("payment_terms_days")] = "400";
      case Rules.ORDER_AFTER_UPDATE -> v[updated] = PAST;
      case Rules.DELIVERED_BEFORE_SHIPPED -> {
        v[cols.indexOf("shipped_at")] = "2020-01-02T00:00:00Z";
        v[cols.indexOf("delivered_at")] = PAST;
      }
      case Rules.DISPUTE_STATE_INCONSISTENT -> {
        v[cols.indexOf("status")] = "OPEN";
        v[cols.indexOf("at_fault")] = "SELLER";
      }
      case Rules.CAPITAL_NEGATIVE -> {
        v[cols.indexOf("registered_capital")] = "-1000.00";
        v[cols.indexOf("capital_currency")] = "USD";
      }
      case Rules.CURRENCY_MISSING -> {
        int money = feed == Feed.REGISTRY ? cols.indexOf("registered_capital") : amount;
        v[money] = v[money] == null ? "1000.00" : v[money];
        v[feed == Feed.REGISTRY ? cols.indexOf("capital_currency") : cols.indexOf("currency")] = null;
      }
      case Rules.RATE_NOT_POSITIVE -> v[cols.indexOf("usd_per_unit")] = "0";
      case Rules.MALFORMED_ROW -> {
        return null;
      }
      default -> throw new IllegalArgumentException("Cannot plant a row breaking " + rule);
    }
    return v;
  }

  /** A line no parser accepts as a row: one field too many in CSV, a JSON object cut in half. */
  static String malformed(String line, boolean jsonl) {
    return jsonl ? line.substring(0, line.length() / 2) : line + ",unexpected";
  }
}
