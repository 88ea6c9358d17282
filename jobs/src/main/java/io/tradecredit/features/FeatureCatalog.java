package io.tradecredit.features;

import java.util.List;

/** Every feature, defined once: the features stage computes these columns and docs/features.md is made from here. */
public final class FeatureCatalog {
  private FeatureCatalog() {}

  public static final List<Feature> FEATURES = List.of(
      new Feature("seller_orders_365d", "seller", "orders placed with the company as seller", 365, "count",
          "never null; 0 without orders"),
      new Feature("seller_volume_usd_365d", "seller",
          "USD value of orders as seller, cancelled and refunded orders excluded", 365, "USD",
          "never null; 0 without orders"),
      new Feature("seller_cancel_share_365d", "seller", "share of orders as seller that ended CANCELLED or REFUNDED",
          365, "ratio 0..1", "no orders as seller"),
      new Feature("seller_on_time_delivery_share_365d", "seller",
          "share of delivered shipments of its orders delivered on or before the promised date", 365, "ratio 0..1",
          "no delivered shipments"),
      new Feature("seller_disputes_lost_per_100_orders_365d", "seller",
          "disputes on its orders opened in the window and resolved with at_fault = SELLER, per 100 orders as seller",
          365, "per 100 orders", "no orders as seller"),
      new Feature("buyer_orders_365d", "buyer", "orders placed with the company as buyer", 365, "count",
          "never null; 0 without orders"),
      new Feature("buyer_on_time_payment_share_365d", "buyer",
          "share of its payments due in the window (and by as_of_date) paid on or before the due date", 365,
          "ratio 0..1", "no payments due"),
      new Feature("buyer_mean_days_late_365d", "buyer",
          "mean days paid after the due date (unpaid: days until as_of_date), 0 for payments on time, over its "
              + "payments due in the window", 365, "days", "no payments due"),
      new Feature("buyer_overdue_unpaid_usd", "buyer",
          "USD amount of its payments unpaid as of as_of_date and due before it", 0, "USD",
          "never null; 0 without overdue payments"),
      new Feature("company_age_years", "registry", "years from incorporation to as_of_date", 0, "years",
          "no registry record"),
      new Feature("registered_capital_usd", "registry", "registered capital in USD at the rate of its update day",
          0, "USD", "no registry record or no capital declared"),
      new Feature("registry_status", "registry", "registry status as of as_of_date", 0,
          "ACTIVE, INACTIVE, SUSPENDED, IN_LIQUIDATION, DISSOLVED", "no registry record"),
      new Feature("verified", "registry", "whether any of its platform accounts is verified", 0, "true/false",
          "never null; false without accounts"),
      new Feature("platforms", "registry", "platforms on which it has an account", 0, "count",
          "never null; 0 without accounts"),
      new Feature("credit_events_365d", "history", "credit events reported with event_date in the window", 365,
          "count", "never null; 0 without events"),
      new Feature("days_since_last_credit_event", "history", "days from the last credit event to as_of_date", 0,
          "days", "no credit event on record"));
}
