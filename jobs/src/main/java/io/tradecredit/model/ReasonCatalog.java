package io.tradecredit.model;

import java.util.Map;

/**
 * Reason codes and plain-language texts of the features of {@code credit.company_features}.
 *
 * <p>A text that says which way a value hurts ("Company is young") is used only when the trained
 * bins agree with it: a numeric characteristic whose bad rate was found to run the other way, or
 * not monotone at all, gets the neutral "... is in a higher-risk range" instead, so a reason never
 * states something the model did not learn. Columns not listed here (any labelled table can be
 * trained on) get a code from their name and neutral texts.
 *
 * <p>Features that go missing for the same cause (every seller feature of a company that never sold)
 * share one missing-value code and text; the scorer adds their points into one reason.
 */
public final class ReasonCatalog {

  /** Where a feature's values are adverse. */
  enum Adverse {
    HIGH,
    LOW
  }

  /**
   * @param code stable reason code
   * @param subject what the feature measures, as the subject of a sentence
   * @param adverse which end of a numeric feature is adverse; null for categorical
   * @param bestValue the categorical value expected to be safest; null for numeric
   * @param adverseText the reason when the value is in an adverse bin and the bins agree
   * @param missing the reason when the value is missing, shared by features that go missing together
   */
  record Entry(String code, String subject, Adverse adverse, String bestValue, String adverseText, Missing missing) {}

  /** A missing-value reason: one code and text per cause, so a thin file gets one reason per cause. */
  record Missing(String code, String text) {}

  private static final Missing NO_SALES = new Missing("NO_SALES_HISTORY", "No sales recorded on the platforms");
  private static final Missing NO_PURCHASES = new Missing("NO_PURCHASE_HISTORY", "No purchases recorded on the platforms");
  private static final Missing NO_REGISTRY = new Missing("NO_REGISTRY_RECORD", "No registry record found");

  private static Entry high(String code, String subject, String text, Missing missing) {
    return new Entry(code, subject, Adverse.HIGH, null, text, missing);
  }

  private static Entry low(String code, String subject, String text, Missing missing) {
    return new Entry(code, subject, Adverse.LOW, null, text, missing);
  }

  private static final Map<String, Entry> ENTRIES = Map.ofEntries(
      Map.entry("seller_orders_365d", low("SELLER_ORDERS", "Number of sales orders in the last 12 months",
          "Few sales orders in the last 12 months", NO_SALES)),
      Map.entry("seller_volume_usd_365d", low("SELLER_VOLUME", "Sales volume in the last 12 months",
          "Low sales volume in the last 12 months", NO_SALES)),
      Map.entry("seller_cancel_share_365d", high("SELLER_CANCELS", "Share of sales orders cancelled",
          "Many sales orders cancelled in the last 12 months", NO_SALES)),
      Map.entry("seller_on_time_delivery_share_365d", low("SELLER_LATE_DELIVERY", "Share of orders delivered on time",
          "Orders often delivered late in the last 12 months", NO_SALES)),
      Map.entry("seller_disputes_lost_per_100_orders_365d", high("SELLER_DISPUTES", "Disputes lost per 100 sales orders",
          "Disputes with buyers lost in the last 12 months", NO_SALES)),
      Map.entry("buyer_orders_365d", low("BUYER_ORDERS", "Number of purchase orders in the last 12 months",
          "Few purchase orders in the last 12 months", NO_PURCHASES)),
      Map.entry("buyer_on_time_payment_share_365d", low("BUYER_LATE_PAYMENT", "Share of invoices paid on time",
          "Invoices often paid late in the last 12 months", NO_PURCHASES)),
      Map.entry("buyer_mean_days_late_365d", high("BUYER_DAYS_LATE", "Average days late on payments",
          "Pays suppliers many days late on average", NO_PURCHASES)),
      Map.entry("buyer_overdue_unpaid_usd", high("BUYER_OVERDUE", "Overdue unpaid amount owed to suppliers",
          "Overdue unpaid amounts owed to suppliers", NO_PURCHASES)),
      Map.entry("company_age_years", low("COMPANY_AGE", "Company age",
          "Company is young", NO_REGISTRY)),
      Map.entry("registered_capital_usd", low("REGISTERED_CAPITAL", "Registered capital",
          "Low registered capital",
          new Missing("CAPITAL_NOT_DISCLOSED", "Registered capital not disclosed"))),
      Map.entry("platforms", low("PLATFORMS", "Number of platforms the company trades on",
          "Trades on few platforms",
          new Missing("NO_PLATFORM_ACTIVITY", "Not seen trading on any platform"))),
      Map.entry("credit_events_365d", high("CREDIT_EVENTS", "Credit events in the last 12 months",
          "Credit events in the last 12 months",
          new Missing("CREDIT_HISTORY_UNKNOWN", "Credit event history unknown"))),
      Map.entry("days_since_last_credit_event", low("RECENT_CREDIT_EVENT", "Time since the last credit event",
          "Recent credit event",
          new Missing("NO_CREDIT_EVENT_RECORD", "No credit event on record"))),
      Map.entry("registry_status", new Entry("REGISTRY_STATUS", "Registry status", null, "ACTIVE",
          "Registry status is not active", NO_REGISTRY)),
      Map.entry("verified", new Entry("NOT_VERIFIED", "Verification", null, "true",
          "Company identity not verified",
          new Missing("VERIFICATION_UNKNOWN", "Verification status unknown"))));

  private ReasonCatalog() {}

  /** The characteristic with its reason codes and texts filled in, given its trained bins. */
  static Characteristic withReasons(Characteristic c) {
    Entry e = ENTRIES.get(c.name());
    String code = e != null ? e.code() : c.name().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    String subject = e != null ? e.subject() : c.name().replace('_', ' ');
    String neutral = capitalise(subject) + " is in a higher-risk range";
    String text = e != null && agrees(e, c) ? e.adverseText() : neutral;
    Missing missing = e != null ? e.missing() : new Missing(code + "_MISSING", capitalise(subject) + " not on record");
    return new Characteristic(c.name(), c.type(), code, text, missing.code(), missing.text(), c.trend(), c.iv(), c.bins());
  }

  private static boolean agrees(Entry e, Characteristic c) {
    if (c.type() == Characteristic.Type.NUMERIC) {
      return (e.adverse() == Adverse.HIGH && c.trend() == Characteristic.Trend.INCREASING)
          || (e.adverse() == Adverse.LOW && c.trend() == Characteristic.Trend.DECREASING);
    }
    // Categorical: the expected safest value must sit in the best non-missing bin.
    return e.bestValue() != null && c.bins(Bin.Kind.VALUES).stream()
        .max(java.util.Comparator.comparingDouble(Bin::woe))
        .map(b -> b.values().contains(e.bestValue()))
        .orElse(false);
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
