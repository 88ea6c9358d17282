package io.tradecredit.generate;

import java.util.SplittableRandom;

/**
 * How a company's quality q in (0, 1) drives the outcomes of its trade: one place for the probabilities that
 * {@link OrderSimulator} draws from and {@link LoopTruth} computes the true fulfilment and payment probabilities
 * with, so the two cannot drift apart.
 */
final class Behaviour {
  /** Share of shipments lost; those up to {@link #RETURNED_BELOW} are returned. */
  static final double LOST_BELOW = 0.003;
  static final double RETURNED_BELOW = 0.011;
  /** Chance that a late-delivery dispute is resolved against the seller. */
  static final double LATE_DISPUTE_SELLER_FAULT = 0.75;
  /** Payment terms in days, drawn with {@link #termsWeights}. */
  static final int[] TERMS = {0, 7, 15, 30, 45, 60, 90, 120};

  /** Orders above this many dollars cross borders by sea or rail. */
  static final double LARGE_USD = 15_000;
  /** Share of cross-border shipments held at customs, and the days held. */
  static final double HOLD_SHARE = 0.1;
  static final double HOLD_MIN_DAYS = 1;
  static final double HOLD_MAX_DAYS = 6;

  /** How an order travels: the transit days the seller promises on and the range actually taken. */
  enum Route {
    DOMESTIC(3, 1, 3),
    CROSS_BORDER(6, 2, 7),
    CROSS_BORDER_LARGE(30, 18, 35);

    final double expected;
    final double transitMin;
    final double transitMax;

    Route(double expected, double transitMin, double transitMax) {
      this.expected = expected;
      this.transitMin = transitMin;
      this.transitMax = transitMax;
    }

    static Route of(boolean cross, double usd) {
      return !cross ? DOMESTIC : usd > LARGE_USD ? CROSS_BORDER_LARGE : CROSS_BORDER;
    }

    /** The delivery date promised for an order placed on {@code day}: a day to book, four to hand over, transit, three spare. */
    long promisedDay(long day) {
      return day + 1 + 4 + (long) expected + 3;
    }
  }

  private Behaviour() {}

  /** Chance that the seller cancels an order. */
  static double cancel(double qs) {
    return 0.01 + 0.12 * (1 - qs) * (1 - qs);
  }

  /** Days the seller takes to hand a booked shipment over: a base plus a long tail for poor sellers. */
  static double handlingDays(double qs, SplittableRandom r) {
    return Rng.uniform(r, 0.5, 3) + handlingTailMean(qs) * Rng.exponential(r, 1);
  }

  /** Mean of the exponential tail of {@link #handlingDays}. */
  static double handlingTailMean(double qs) {
    return 12 * (1 - qs) * (1 - qs);
  }

  /** Chance that the buyer of a delivered order disputes it as not as described. */
  static double notAsDescribed(double qs) {
    return 0.006 + 0.08 * (1 - qs) * (1 - qs);
  }

  /** Chance that a not-as-described dispute is resolved against the seller. */
  static double notAsDescribedSellerFault(double qs) {
    return (1 - qs) * 0.9 + 0.1;
  }

  /** Below this draw (and above {@link #notAsDescribed}) the buyer of a late delivery disputes it. */
  static double lateDispute(double qs) {
    return 0.1 + 0.3 * (1 - qs);
  }

  /** Weights of {@link #TERMS}: weaker buyers are more often asked to pay up front. */
  static double[] termsWeights(double qb) {
    return new double[] {15 + 30 * (1 - qb), 8, 10, 30, 12, 15, 8, 2};
  }

  /** Chance that a payment with terms is never made. */
  static double unpaid(double qDue) {
    return 0.01 + 0.5 * Math.pow(1 - qDue, 3);
  }

  /** Mean days after the due date a payment with terms is made. */
  static double lateDaysMean(double qDue) {
    double w = 1 - qDue;
    return -4 + 40 * w * w;
  }

  /** Standard deviation of the days late. */
  static double lateDaysSd(double qDue) {
    return 3 + 10 * (1 - qDue);
  }
}
