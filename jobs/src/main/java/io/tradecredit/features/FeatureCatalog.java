package io.tradecredit.features;

import java.util.ArrayList;
import java.util.List;

/** Every feature, defined once: the features stage computes these columns and docs/features.md is made from here. */
public final class FeatureCatalog {
  /** Days of the trailing windows, each ending at as_of_date inclusive. */
  public static final List<Integer> WINDOWS = List.of(30, 90, 365);

  private static final String NO_ORDERS = "no orders as seller in the window";
  private static final String ZERO = "never null; 0 without ";

  private FeatureCatalog() {}

  public static final List<Feature> FEATURES = build();

  /** The column name of a windowed feature, e.g. {@code seller_orders_%dd} and 90 give seller_orders_90d. */
  public static String windowed(String pattern, int days) {
    return String.format(pattern, days);
  }

  private static List<Feature> build() {
    List<Feature> all = new ArrayList<>();
    // The 365-day columns of the first scorecard come first, in their original order and meaning.
    all.add(new Feature("seller_orders_365d", "seller", "orders placed with the company as seller", 365, "count",
        ZERO + "orders"));
    all.add(new Feature("seller_volume_usd_365d", "seller",
        "USD value of orders as seller, cancelled and refunded orders excluded", 365, "USD", ZERO + "orders"));
    all.add(new Feature("seller_cancel_share_365d", "seller",
        "share of orders as seller that ended CANCELLED or REFUNDED", 365, "ratio 0..1", NO_ORDERS));
    all.add(new Feature("seller_on_time_delivery_share_365d", "seller",
        "share of delivered shipments of its orders delivered on or before the promised date", 365, "ratio 0..1",
        "no delivered shipments"));
    all.add(new Feature("seller_disputes_lost_per_100_orders_365d", "seller",
        "disputes on its orders opened in the window and resolved with at_fault = SELLER, per 100 orders as seller",
        365, "per 100 orders", NO_ORDERS));
    all.add(new Feature("buyer_orders_365d", "buyer", "orders placed with the company as buyer", 365, "count",
        ZERO + "orders"));
    all.add(new Feature("buyer_on_time_payment_share_365d", "buyer",
        "share of its payments due in the window (and by as_of_date) paid on or before the due date", 365,
        "ratio 0..1", "no payments due"));
    all.add(new Feature("buyer_mean_days_late_365d", "buyer",
        "mean days paid after the due date (unpaid: days until as_of_date), 0 for payments on time, over its "
            + "payments due in the window", 365, "days", "no payments due"));
    all.add(new Feature("buyer_overdue_unpaid_usd", "buyer",
        "USD amount of its payments unpaid as of as_of_date and due before it", 0, "USD",
        ZERO + "overdue payments"));
    all.add(new Feature("company_age_years", "registry", "years from incorporation to as_of_date", 0, "years",
        "no registry record"));
    all.add(new Feature("registered_capital_usd", "registry", "registered capital in USD at the rate of its update day",
        0, "USD", "no registry record or no capital declared"));
    all.add(new Feature("registry_status", "registry", "registry status as of as_of_date", 0,
        "ACTIVE, INACTIVE, SUSPENDED, IN_LIQUIDATION, DISSOLVED", "no registry record"));
    all.add(new Feature("verified", "registry", "whether any of its platform accounts is verified", 0, "true/false",
        "never null; false without accounts"));
    all.add(new Feature("platforms", "registry", "platforms on which it has an account", 0, "count",
        ZERO + "accounts"));
    all.add(new Feature("credit_events_365d", "history", "credit events reported with event_date in the window", 365,
        "count", ZERO + "events"));
    all.add(new Feature("days_since_last_credit_event", "history", "days from the last credit event to as_of_date", 0,
        "days", "no credit event on record"));

    for (int w : WINDOWS) {
      if (w != 365) {
        all.add(new Feature(windowed("seller_orders_%dd", w), "seller", "orders placed with the company as seller",
            w, "count", ZERO + "orders"));
        all.add(new Feature(windowed("seller_volume_usd_%dd", w), "seller",
            "USD value of orders as seller, cancelled and refunded orders excluded", w, "USD", ZERO + "orders"));
        all.add(new Feature(windowed("seller_on_time_delivery_share_%dd", w), "seller",
            "share of delivered shipments of its orders delivered on or before the promised date", w, "ratio 0..1",
            "no delivered shipments"));
        all.add(new Feature(windowed("seller_disputes_lost_per_100_orders_%dd", w), "seller",
            "disputes on its orders opened in the window and resolved with at_fault = SELLER, per 100 orders as "
                + "seller", w, "per 100 orders", NO_ORDERS));
        all.add(new Feature(windowed("buyer_orders_%dd", w), "buyer", "orders placed with the company as buyer", w,
            "count", ZERO + "orders"));
        all.add(new Feature(windowed("buyer_on_time_payment_share_%dd", w), "buyer",
            "share of its payments due in the window (and by as_of_date) paid on or before the due date", w,
            "ratio 0..1", "no payments due"));
        all.add(new Feature(windowed("buyer_mean_days_late_%dd", w), "buyer",
            "mean days paid after the due date (unpaid: days until as_of_date), 0 for payments on time, over its "
                + "payments due in the window", w, "days", "no payments due"));
      }
      all.add(new Feature(windowed("seller_completed_share_%dd", w), "seller",
          "share of orders as seller whose status is COMPLETED", w, "ratio 0..1", NO_ORDERS));
      all.add(new Feature(windowed("seller_cancelled_share_%dd", w), "seller",
          "share of orders as seller whose status is CANCELLED (seller_cancel_share_365d also counts REFUNDED)", w,
          "ratio 0..1", NO_ORDERS));
      all.add(new Feature(windowed("seller_refunded_share_%dd", w), "seller",
          "share of orders as seller whose status is REFUNDED", w, "ratio 0..1", NO_ORDERS));
      all.add(new Feature(windowed("seller_mean_delivery_delay_days_%dd", w), "seller",
          "mean days delivered after the promised date, 0 when on time, over shipments of its orders delivered in "
              + "the window", w, "days", "no delivered shipments"));
      all.add(new Feature(windowed("seller_distinct_buyers_%dd", w), "seller",
          "distinct buyer companies (an unmatched buyer account counts as its own company) of its orders", w,
          "count", ZERO + "orders"));
      all.add(new Feature(windowed("seller_top_buyer_share_%dd", w), "seller",
          "buyer concentration: the largest single buyer's share of its USD volume as seller", w, "ratio 0..1",
          "no volume as seller in the window"));
      all.add(new Feature(windowed("seller_repeat_buyer_share_%dd", w), "seller",
          "share of its distinct buyers that placed two or more orders with it", w, "ratio 0..1", NO_ORDERS));
      all.add(new Feature(windowed("seller_destination_countries_%dd", w), "seller",
          "distinct destination countries of the shipments of its orders placed in the window", w, "count",
          ZERO + "shipments"));
      all.add(new Feature(windowed("buyer_volume_usd_%dd", w), "buyer",
          "USD value of orders as buyer, cancelled and refunded orders excluded", w, "USD", ZERO + "orders"));
      all.add(new Feature(windowed("buyer_non_payment_disputes_lost_%dd", w), "buyer",
          "disputes with reason NON_PAYMENT on its orders as buyer, opened in the window and resolved with at_fault "
              + "= BUYER", w, "count", ZERO + "such disputes"));
    }
    all.add(new Feature("seller_volume_trend_90d", "seller",
        "USD volume as seller in the last 90 days divided by that of the 90 days before (days 91..180 back)", 180,
        "ratio", "no volume as seller in the 90 days before"));
    all.add(new Feature("legal_form", "registry", "legal form as the registry states it, as of as_of_date", 0, "text",
        "no registry record or no legal form declared"));
    all.add(new Feature("accounts", "registry", "platform accounts that belong to the company as of as_of_date", 0,
        "count", ZERO + "accounts"));
    all.add(new Feature("months_since_first_activity", "registry",
        "whole months from its first platform activity (the earliest account creation or order, as seller or "
            + "buyer) to as_of_date", 0, "months", "no account and no order"));
    return List.copyOf(all);
  }
}
