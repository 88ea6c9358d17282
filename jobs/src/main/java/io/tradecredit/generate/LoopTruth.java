package io.tradecredit.generate;

import io.tradecredit.model.Target;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * The true probabilities of the two closed-loop outcomes ({@link Target#FULFILMENT}, {@link Target#PAYMENT}) for
 * each company, as of the last month end whose horizon and settling time have passed by the world's last day: the
 * latest as-of date {@code train --date <last day>} labels, so the true probabilities and the lake's labels describe
 * the same rows.
 *
 * <p>Computed from the latent quantities {@link OrderSimulator} draws from ({@link Behaviour}: the seller's quality
 * on each order day, the buyer's on each due date, the seller's order rate and season, its partners and their
 * routes), not from the draws themselves. Orders (and payments) of a company in the horizon form a Poisson process
 * and each fails independently with its day's probability, so failures and successes are independent Poisson counts
 * F and S, and the label's probability is exact in them: fulfilment bad when F + S reaches the minimum activity and F
 * exceeds the bad share of F + S; payment bad when F + S reaches it and F &gt; 0. Both are conditional on being
 * labelled (the minimum activity), as the lake's labels are.
 *
 * <p>Approximations, all small: the delivery delay's base parts are a fixed sample per route; whether a payment is
 * split looks at the order's dollar amount (the simulator looks at the local amount); NON_PAYMENT disputes opened in
 * the horizon for payments due before it are left out.
 */
final class LoopTruth implements Serializable {
  private static final int DELAY_SAMPLES = 2000;
  private static final int Q_GRID = 200;
  private static final double SPLIT_SHARE = 0.2;
  private static final double SPLIT_ABOVE = 1000;

  private final WorldSpec spec;
  private final long asOf;
  private final int horizon;
  /** Share of the world's orders placed on each of its days (seasonality). */
  private final double[] dayShare;
  /** [route][terms 0 or not][threshold: promised date, tolerance][q grid]: chance the delivery comes that late. */
  private final double[][][][] late;

  LoopTruth(WorldSpec spec) {
    this.spec = spec;
    this.asOf = asOfDate(spec).toEpochDay();
    this.horizon = Target.FULFILMENT.horizonDays();
    if (Target.PAYMENT.horizonDays() != horizon) {
      throw new IllegalStateException("The loop truth assumes one horizon for fulfilment and payment");
    }
    dayShare = new double[spec.days()];
    double total = 0;
    for (int i = 0; i < dayShare.length; i++) {
      dayShare[i] = Seasonality.weight(spec.start().plusDays(i));
      total += dayShare[i];
    }
    for (int i = 0; i < dayShare.length; i++) {
      dayShare[i] /= total;
    }
    late = lateness(spec.seed());
  }

  /** The last month end whose fulfilment and payment outcomes are all known by the world's last day. */
  static LocalDate asOfDate(WorldSpec spec) {
    LocalDate last = spec.lastDay().minusDays(Math.max(Target.FULFILMENT.labelledAfterDays(),
        Target.PAYMENT.labelledAfterDays()));
    return last.getDayOfMonth() == last.lengthOfMonth() ? last : last.withDayOfMonth(1).minusDays(1);
  }

  LocalDate asOf() {
    return LocalDate.ofEpochDay(asOf);
  }

  /** Expected orders and failures of the seller in the horizon, null when it sells nothing in it. */
  double[] fulfilment(Company s) {
    List<Partners.Partner> partners = sells(s) ? Partners.of(spec, s) : List.of();
    if (partners.isEmpty()) {
      return null;
    }
    double orders = 0;
    double failures = 0;
    for (long day = asOf + 1; day <= asOf + horizon; day++) {
      double rate = orderRate(s, day);
      if (rate == 0) {
        continue;
      }
      double qs = s.quality(day);
      double p = 0;
      for (int j = 0; j < partners.size(); j++) {
        Company b = partners.get(j).buyer();
        double termsZero = termsShares(b.quality(day))[0];
        p += pick(j, partners.size()) * orderFails(qs, s.country() != b.country(), s.size(), termsZero);
      }
      orders += rate;
      failures += rate * p;
    }
    return orders == 0 ? null : new double[] {orders, failures};
  }

  /**
   * Expected payments due in the horizon and failures, per buyer, from the orders of seller {@code s}: {buyer id,
   * payments, failures} rows.
   */
  Iterator<double[]> payments(Company s) {
    List<double[]> out = new ArrayList<>();
    List<Partners.Partner> partners = sells(s) ? Partners.of(spec, s) : List.of();
    for (int j = 0; j < partners.size(); j++) {
      Company b = partners.get(j).buyer();
      double split = SPLIT_SHARE * aboveUsd(s.size(), SPLIT_ABOVE);
      double payments = 0;
      double failures = 0;
      // Orders up to the longest terms before the horizon fall due in it.
      for (long day = asOf + 1 - Behaviour.TERMS[Behaviour.TERMS.length - 1]; day <= asOf + horizon; day++) {
        double rate = orderRate(s, day) * pick(j, partners.size()) * (1 - Behaviour.cancel(s.quality(day)));
        if (rate == 0) {
          continue;
        }
        double[] terms = termsShares(b.quality(day));
        for (int t = 0; t < terms.length; t++) {
          long due = day + Behaviour.TERMS[t];
          if (due <= asOf || due > asOf + horizon) {
            continue;
          }
          double parts = Behaviour.TERMS[t] == 0 ? 1 : 1 + split;
          payments += rate * terms[t] * parts;
          failures += Behaviour.TERMS[t] == 0 ? 0 : rate * terms[t] * parts * paymentFails(b.quality(due));
        }
      }
      if (payments > 0) {
        out.add(new double[] {b.id(), payments, failures});
      }
    }
    return out.iterator();
  }

  /** P(bad | labelled) of a seller with these expected orders and failures: F &gt; share (F + S), F + S &gt;= min. */
  static Double fulfilmentPd(double orders, double failures) {
    Target t = Target.FULFILMENT;
    return labelledBad(failures, orders - failures, t.minActivity(), (f, s) -> f > t.badShare() * (f + s));
  }

  /** P(bad | labelled) of a buyer with these expected payments due and failures: F &gt; 0, F + S &gt;= min. */
  static Double paymentPd(double payments, double failures) {
    Target t = Target.PAYMENT;
    return labelledBad(failures, payments - failures, t.minActivity(), (f, s) -> f > t.badShare() * (f + s));
  }

  private interface Bad {
    boolean test(int failures, int successes);
  }

  /**
   * P(bad and F + S &gt;= min) / P(F + S &gt;= min) for independent Poisson F and S; null when no company with these
   * means is ever labelled. Sums over the counts carrying all but a negligible share of the mass.
   */
  private static Double labelledBad(double muF, double muS, int min, Bad bad) {
    muF = Math.max(muF, 0);
    muS = Math.max(muS, 0);
    double[] pf = pmf(muF);
    double[] ps = pmf(muS);
    double labelled = 0;
    double bads = 0;
    for (int f = 0; f < pf.length; f++) {
      for (int s = 0; s < ps.length; s++) {
        if (f + s >= min) {
          double p = pf[f] * ps[s];
          labelled += p;
          bads += bad.test(f, s) ? p : 0;
        }
      }
    }
    return labelled < 1e-12 ? null : bads / labelled;
  }

  /** Poisson probabilities from 0 to mean + 12 sd + 20, in log space so large means do not underflow. */
  private static double[] pmf(double mu) {
    int n = (int) Math.ceil(mu + 12 * Math.sqrt(mu) + 20);
    double[] p = new double[n + 1];
    if (mu == 0) {
      p[0] = 1;
      return p;
    }
    double log = -mu;
    for (int k = 0; k <= n; k++) {
      if (k > 0) {
        log += Math.log(mu) - Math.log(k);
      }
      p[k] = Math.exp(log);
    }
    return p;
  }

  private static boolean sells(Company s) {
    return s.seller() && !s.accounts().isEmpty();
  }

  /** Expected orders of the seller placed on {@code day} (none from two months after its default). */
  private double orderRate(Company s, long day) {
    int i = (int) (day - spec.start().toEpochDay());
    if (i < 0 || i >= dayShare.length || day > s.defaultDay() + 60) {
      return 0;
    }
    return s.ordersPerYear() * spec.days() / 365.0 * dayShare[i];
  }

  /** Chance that an order goes to the {@code j}th of {@code n} partners ({@link Partners#pick}: n u^2). */
  private static double pick(int j, int n) {
    return Math.sqrt((j + 1.0) / n) - Math.sqrt((double) j / n);
  }

  private static double[] termsShares(double qb) {
    double[] w = Behaviour.termsWeights(qb);
    double total = 0;
    for (double v : w) {
      total += v;
    }
    for (int i = 0; i < w.length; i++) {
      w[i] /= total;
    }
    return w;
  }

  /** Chance that an order's dollar amount (600 size^0.35 e^N) is above {@code usd}. */
  private static double aboveUsd(double size, double usd) {
    return upperTail(Math.log(usd / (600 * Math.pow(size, 0.35))));
  }

  private static double upperTail(double z) {
    return 0.5 * Erf.erfc(z / Math.sqrt(2));
  }

  /**
   * Chance that an order fails as the fulfilment label sees it: cancelled; or lost or returned; or delivered beyond
   * the tolerance, or disputed as not as described or as late and lost by the seller.
   */
  private double orderFails(double qs, boolean cross, double size, double termsZero) {
    double large = cross ? aboveUsd(size, Behaviour.LARGE_USD) : 0;
    double p = 0;
    for (Behaviour.Route route : Behaviour.Route.values()) {
      double share = route == Behaviour.Route.DOMESTIC ? (cross ? 0 : 1)
          : route == Behaviour.Route.CROSS_BORDER_LARGE ? large : cross ? 1 - large : 0;
      for (int zero = 0; zero <= 1 && share > 0; zero++) {
        double pZero = zero == 1 ? termsZero : 1 - termsZero;
        double promised = lateness(route, zero, 0, qs);
        double beyond = lateness(route, zero, 1, qs);
        double a = Behaviour.notAsDescribed(qs);
        double delivered = beyond + (1 - beyond) * a * Behaviour.notAsDescribedSellerFault(qs)
            + (promised - beyond) * (Behaviour.lateDispute(qs) - a) * Behaviour.LATE_DISPUTE_SELLER_FAULT;
        double shipped = Behaviour.RETURNED_BELOW + (1 - Behaviour.RETURNED_BELOW) * delivered;
        p += share * pZero * shipped;
      }
    }
    double cancel = Behaviour.cancel(qs);
    return cancel + (1 - cancel) * p;
  }

  /** Chance that a payment with terms fails: never made, or made {@link Target#PAYMENT_LATE_DAYS}+ days late. */
  private static double paymentFails(double qDue) {
    double unpaid = Behaviour.unpaid(qDue);
    // Paid on the day due + round(mean + sd N): late enough when mean + sd N >= days - 0.5.
    double late = upperTail((Target.PAYMENT_LATE_DAYS - 0.5 - Behaviour.lateDaysMean(qDue))
        / Behaviour.lateDaysSd(qDue));
    return unpaid + (1 - unpaid) * late;
  }

  private double lateness(Behaviour.Route route, int termsZero, int threshold, double q) {
    double x = q * Q_GRID;
    int i = Math.max(0, Math.min(Q_GRID - 1, (int) x));
    double w = Math.max(0, Math.min(1, x - i));
    double[] row = late[route.ordinal()][termsZero][threshold];
    return row[i] * (1 - w) + row[i + 1] * w;
  }

  /**
   * The delivery delay from the start of the order day is its base (time of day, confirmation, payment when the
   * terms are 0, booking, base handling, transit, customs) plus the handling tail, exponential with mean
   * {@link Behaviour#handlingTailMean}. The base is sampled once per route; the tail is integrated exactly.
   */
  private static double[][][][] lateness(long seed) {
    Behaviour.Route[] routes = Behaviour.Route.values();
    double[][][][] out = new double[routes.length][2][2][Q_GRID + 1];
    for (Behaviour.Route route : routes) {
      for (int zero = 0; zero <= 1; zero++) {
        SplittableRandom r = Rng.stream(seed, "loop-truth-delay", route.ordinal(), zero);
        double[] base = new double[DELAY_SAMPLES];
        for (int k = 0; k < DELAY_SAMPLES; k++) {
          double hours = Rng.uniform(r, 0.5, 30) + Rng.uniform(r, 2, 40)
              + (zero == 1 ? (60 * (1 + r.nextInt(90))) / 3600.0 + Rng.uniform(r, 0.5, 30) : 0);
          double hold = route != Behaviour.Route.DOMESTIC && r.nextDouble() < Behaviour.HOLD_SHARE
              ? Rng.uniform(r, Behaviour.HOLD_MIN_DAYS, Behaviour.HOLD_MAX_DAYS) : 0;
          base[k] = r.nextDouble() + hours / 24 + Rng.uniform(r, 0.5, 3)
              + Rng.uniform(r, route.transitMin, route.transitMax) + hold;
        }
        // Delivered after day d + n when the delay reaches n + 1 days: promised date, then the tolerance.
        double[] thresholds = {route.promisedDay(0) + 1, route.promisedDay(0) + Target.DELIVERY_TOLERANCE_DAYS + 1};
        for (int t = 0; t < 2; t++) {
          for (int g = 0; g <= Q_GRID; g++) {
            double tail = Behaviour.handlingTailMean((double) g / Q_GRID);
            double sum = 0;
            for (double b : base) {
              double gap = thresholds[t] - b;
              sum += gap <= 0 ? 1 : tail == 0 ? 0 : Math.exp(-gap / tail);
            }
            out[route.ordinal()][zero][t][g] = sum / DELAY_SAMPLES;
          }
        }
      }
    }
    return out;
  }
}
