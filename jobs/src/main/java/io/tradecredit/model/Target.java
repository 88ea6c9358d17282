package io.tradecredit.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The three risks a company is scored on, each with its label definition: what makes an as-of date bad, over which
 * horizon, and how much activity a company needs in that horizon to be labelled at all. Every label is computed
 * only from what the lake knew on the training date D ({@link LakehouseLabels}, {@link OutcomeLabels}).
 *
 * <p>An as-of date A is labelled only when its horizon (A, A + horizon] and the settling time after it have passed
 * by D: {@code A + horizonDays + settleDays <= D}. Settling covers the outcomes of the horizon's last events: an
 * order placed on its last day is judged on its delivery, a payment due on its last day on whether it was paid
 * within 60 days.
 *
 * @param id the name of the risk in commands, in {@code model_versions} and as the prefix of its published columns
 * @param horizonDays days after the as-of date whose events decide the label
 * @param settleDays days after the horizon before its outcomes are judged
 * @param minActivity orders (fulfilment) or payments due (payment) in the horizon a company needs to be labelled; the
 *     rest are left unlabelled, not good
 * @param badShare a company is bad when more than this share of its orders (payments) in the horizon failed
 */
public enum Target {
  /** A credit event reported by a lender or insurer in the 365 days after A. */
  CREDIT("credit", 365, 0, 0, 0.0),
  /**
   * As a seller, over its orders placed in the 120 days after A: more than 20% failed, an order failing when it
   * was cancelled or refunded, its shipment was lost or returned, it was not delivered within
   * {@value #DELIVERY_TOLERANCE_DAYS} days of the promised date (delivered later, or not at all as of D), or a
   * dispute on it was lost by the seller. At least 5 orders in the horizon.
   */
  FULFILMENT("fulfilment", 120, 60, 5, 0.2),
  /**
   * As a buyer, over its payments due in the 120 days after A: any paid {@value #PAYMENT_LATE_DAYS} or more days
   * after the due date, or unpaid as of D, or a NON_PAYMENT dispute on its orders opened in the horizon and lost by
   * the buyer. At least 3 payments due in the horizon.
   */
  // Qualified: a constant of this class named by its simple name here would be a forward reference.
  PAYMENT("payment", 120, Target.PAYMENT_LATE_DAYS, 3, 0.0);

  /** Days after the promised date within which a delivery still counts as kept. */
  public static final int DELIVERY_TOLERANCE_DAYS = 7;
  /** Days past the due date from which a payment is a payment failure. */
  public static final int PAYMENT_LATE_DAYS = 60;

  private final String id;
  private final int horizonDays;
  private final int settleDays;
  private final int minActivity;
  private final double badShare;

  Target(String id, int horizonDays, int settleDays, int minActivity, double badShare) {
    this.id = id;
    this.horizonDays = horizonDays;
    this.settleDays = settleDays;
    this.minActivity = minActivity;
    this.badShare = badShare;
  }

  public String id() {
    return id;
  }

  public int horizonDays() {
    return horizonDays;
  }

  public int settleDays() {
    return settleDays;
  }

  public int minActivity() {
    return minActivity;
  }

  public double badShare() {
    return badShare;
  }

  /** Days from an as-of date until its label can be judged. */
  public int labelledAfterDays() {
    return horizonDays + settleDays;
  }

  /** The label's definition in words, as written into the model artifact. */
  public String description() {
    return switch (this) {
      case CREDIT -> "bad = 1: a credit event within " + horizonDays + " days after as_of_date";
      case FULFILMENT -> String.format("bad = 1: as a seller, more than %.0f%% of its orders placed in the %d days "
          + "after as_of_date failed (cancelled or refunded, shipment lost or returned, not delivered within %d days "
          + "of the promised date, or a dispute lost by the seller); companies with fewer than %d such orders are "
          + "unlabelled", badShare * 100, horizonDays, DELIVERY_TOLERANCE_DAYS, minActivity);
      case PAYMENT -> String.format("bad = 1: as a buyer, a payment due in the %d days after as_of_date paid %d or "
          + "more days late or unpaid, or a NON_PAYMENT dispute opened in them and lost by the buyer; companies with "
          + "fewer than %d payments due in them are unlabelled", horizonDays, PAYMENT_LATE_DAYS, minActivity);
    };
  }

  /** The target of that name (credit, fulfilment, payment). */
  public static Target of(String name) {
    for (Target t : values()) {
      if (t.id.equalsIgnoreCase(name == null ? "" : name.strip())) {
        return t;
      }
    }
    throw new IllegalArgumentException("Unknown target '" + name + "': expected one of "
        + Arrays.stream(values()).map(Target::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
