package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seller's year of trade: its orders and, for each, the buyer's payments, the carrier's shipment and any dispute,
 * every record as the versions its producer writes. The seller's quality drives cancellations, late shipments and
 * disputes lost; the buyer's drives late and missing payments.
 */
final class OrderSimulator implements Serializable {
  private static final double HOUR = 3600;
  private static final double DAY = 86400;

  private final WorldSpec spec;
  private final Delivery delivery;
  private final Seasonality season;
  private final long end;

  OrderSimulator(WorldSpec spec) {
    this.spec = spec;
    this.delivery = new Delivery(spec);
    this.season = new Seasonality(spec);
    this.end = spec.endSecond();
  }

  /** Generates the seller's orders into the sink; returns how many. */
  long seller(Company s, Sink sink) {
    if (!s.seller() || s.accounts().isEmpty()) {
      return 0;
    }
    SplittableRandom r = Rng.stream(spec.seed(), "orders", s.id());
    delivery.company("orders", s.id());
    int n = Math.min(1 << 23, Rng.poisson(r, s.ordersPerYear() * spec.days() / 365.0));
    if (n == 0) {
      return 0;
    }
    List<Partners.Partner> partners = Partners.of(spec, s);
    if (partners.isEmpty()) {
      return 0;
    }
    long count = 0;
    for (int k = 0; k < n; k++) {
      long day = season.pickDay(r.nextDouble());
      Partners.Partner p = Partners.pick(partners, r.nextDouble());
      if (day > s.defaultDay() + 60) {
        continue; // a company that defaulted stops selling within two months
      }
      order(s, p, k, day, r, sink);
      count++;
    }
    return count;
  }

  private String id(String tag, long sellerId, long k) {
    return Long.toUnsignedString(Rng.fmix((sellerId << 24 | k) ^ Rng.hash(spec.seed(), tag)), 36)
        .toUpperCase(java.util.Locale.ROOT);
  }

  private String ts(long epochSecond, Producer p) {
    return Timestamps.format(epochSecond, p.offsetHours());
  }

  private static long at(double seconds) {
    return (long) seconds;
  }

  private void order(Company s, Partners.Partner partner, int k, long day, SplittableRandom r, Sink sink) {
    Company b = partner.buyer();
    Platforms.Platform pf = Platforms.ALL.get(partner.platform());
    Producer prod = Producer.of(pf);
    double qs = s.quality(day);
    double qb = b.quality(day);
    boolean cross = s.country() != b.country();
    String ccy = currency(s, b, cross, r);
    double usd = Math.min(2_000_000, Math.max(20, 600 * Math.pow(s.size(), 0.35) * Math.exp(Rng.normal(r))));
    BigDecimal amount = Money.of(usd / FxCurve.usdPerUnit(spec.seed(), ccy, day, Countries.reference(ccy)));
    int terms = Behaviour.TERMS[Rng.pick(Rng.cumulative(Behaviour.termsWeights(qb)), r.nextDouble())];
    long t0 = day * 86400 + r.nextInt(86400);
    String orderId = pf.prefix() + "O-" + id("order", s.id(), k);
    String sellerAccount = s.accountOn(partner.platform()).accountId();
    String buyerAccount = b.accountOn(partner.platform()).accountId();

    Versions order = new Versions(Feed.ORDERS, prod, end);
    String[] ov = {pf.code(), orderId, sellerAccount, buyerAccount, ts(t0, prod), Money.text(amount), ccy,
        Integer.toString(terms), r.nextDouble() < 0.05 ? null : Names.category(s.trade()), null, null};
    order.add(t0, with(ov, 9, "PLACED"));
    if (r.nextDouble() < Behaviour.cancel(qs)) {
      order.add(at(t0 + HOUR * Rng.uniform(r, 2, 72)), with(ov, 9, "CANCELLED"));
      delivery.deliver(order, sink);
      return;
    }
    long tc = at(t0 + HOUR * Rng.uniform(r, 0.5, 30));
    if (!order.add(tc, with(ov, 9, "CONFIRMED"))) {
      delivery.deliver(order, sink);
      return;
    }
    Paid paid = payments(b, pf, prod, orderId, buyerAccount, ccy, amount, terms, day, tc, s.id(), k, r, sink);
    Shipped shipped = shipment(s, b, pf, prod, orderId, cross, usd, terms, day, tc, paid, k, r, sink);
    if (shipped != null) {
      if (shipped.shippedAt > 0) {
        order.add(at(shipped.shippedAt + 60 * (10 + r.nextInt(290))), with(ov, 9, "SHIPPED"));
      }
      boolean refunded = dispute(s, pf, prod, orderId, ccy, amount, day + terms, shipped, paid, qs, k, r, sink);
      if (shipped.lostAt > 0 || shipped.returnedAt > 0 || refunded) {
        long last = Math.max(Math.max(shipped.lostAt, shipped.returnedAt), shipped.deliveredAt);
        order.add(last + at(DAY * Rng.uniform(r, 1, 10)), with(ov, 9, "REFUNDED"));
      } else if (shipped.deliveredAt > 0) {
        order.add(at(shipped.deliveredAt + HOUR * Rng.uniform(r, 1, 6)), with(ov, 9, "DELIVERED"));
        if (paid.allPaid) {
          long done = Math.max(shipped.deliveredAt, paid.lastPaidAt);
          order.add(at(done + DAY * Rng.uniform(r, 1, 3)), with(ov, 9, "COMPLETED"));
        }
      }
    }
    long orderArrives = delivery.deliver(order, sink);
    // A payment without a currency is in its order's currency, which conform can only look up once the order has
    // arrived: such a payment is never delivered before its order (a producer exports it with or after the order).
    for (Held h : paid.held) {
      delivery.emit(h.record(), h.days(), orderArrives, sink);
    }
  }

  private static String[] with(String[] row, int column, String value) {
    String[] v = row.clone();
    v[column] = value;
    return v;
  }

  /** Cross-border trade is priced mostly in dollars, else in either side's currency or euros. */
  private static String currency(Company s, Company b, boolean cross, SplittableRandom r) {
    if (!cross) {
      return s.currency();
    }
    double u = r.nextDouble();
    return u < 0.55 ? "USD" : u < 0.75 ? s.currency() : u < 0.9 ? b.currency() : "EUR";
  }

  /** What the payments of an order came to, for the shipment, dispute and order status that follow. */
  private static final class Paid {
    long firstPaidAt = -1;
    long lastPaidAt = -1;
    boolean allPaid = true;
    BigDecimal unpaidAmount;
    /** Payments without a currency, held until their order has arrived (see {@link #order}). */
    final List<Held> held = new ArrayList<>(2);
  }

  private record Held(Versions record, long[] days) {}

  private Paid payments(Company b, Platforms.Platform pf, Producer prod, String orderId, String buyerAccount,
      String ccy, BigDecimal amount, int terms, long day, long tc, long sellerId, int k, SplittableRandom r,
      Sink sink) {
    Paid paid = new Paid();
    long created = tc + 60L * (1 + r.nextInt(90));
    long dueDay = day + terms;
    double qDue = b.quality(dueDay);
    boolean split = terms > 0 && amount.compareTo(BigDecimal.valueOf(1000)) > 0 && r.nextDouble() < 0.2;
    BigDecimal first = split ? Money.part(amount, Rng.uniform(r, 0.3, 0.5)) : amount;
    BigDecimal[] parts = split ? new BigDecimal[] {first, amount.subtract(first)} : new BigDecimal[] {first};
    for (int i = 0; i < parts.length; i++) {
      Versions pay = new Versions(Feed.PAYMENTS, prod, end);
      String paymentId = pf.prefix() + "P-" + id("payment", sellerId, (long) k << 1 | i);
      // Some platforms leave the currency out when it is the order's.
      String currency = r.nextDouble() < 0.05 ? null : ccy;
      String[] pv = {pf.code(), paymentId, orderId, buyerAccount, Timestamps.date(dueDay), null,
          Money.text(parts[i]), currency, null};
      if (!pay.add(created + 60L * i, pv)) {
        paid.allPaid = false;
        continue;
      }
      long paidAt;
      if (terms == 0) {
        paidAt = at(created + HOUR * Rng.uniform(r, 0.5, 30));
      } else if (r.nextDouble() < Behaviour.unpaid(qDue)) {
        paidAt = -1;
      } else {
        double lateDays = Math.round(Behaviour.lateDaysMean(qDue) + Behaviour.lateDaysSd(qDue) * Rng.normal(r));
        paidAt = at(dueDay * DAY + HOUR * Rng.uniform(r, 1, 22) + lateDays * DAY);
        if (paidAt < created + 3600) {
          paidAt = at(created + HOUR * Rng.uniform(r, 1, 48));
        }
      }
      if (paidAt < 0 || !pay.add(paidAt + 60L * (1 + r.nextInt(25)), with(pv, 5, ts(paidAt, prod)))) {
        paid.allPaid = false;
        paid.unpaidAmount = parts[i];
      } else {
        paid.firstPaidAt = paid.firstPaidAt < 0 ? paidAt : paid.firstPaidAt;
        paid.lastPaidAt = Math.max(paid.lastPaidAt, paidAt);
      }
      if (currency == null) {
        paid.held.add(new Held(pay, delivery.plan(pay)));
      } else {
        delivery.deliver(pay, sink);
      }
    }
    return paid;
  }

  /** Times of the shipment's milestones (epoch seconds; 0 when it did not happen or is not yet reported). */
  private static final class Shipped {
    long shippedAt;
    long deliveredAt;
    long lostAt;
    long returnedAt;
    long promisedDay;
  }

  private Shipped shipment(Company s, Company b, Platforms.Platform pf, Producer orderProducer, String orderId,
      boolean cross, double usd, int terms, long day, long tc, Paid paid, int k, SplittableRandom r, Sink sink) {
    Behaviour.Route route = Behaviour.Route.of(cross, usd);
    Platforms.Carrier carrier = switch (route) {
      case DOMESTIC -> Platforms.CARRIERS.get(0);
      case CROSS_BORDER_LARGE -> Platforms.CARRIERS.get(s.registryCountry().equals("CN") && r.nextDouble() < 0.55 ? 5
          : 3 + r.nextInt(2));
      case CROSS_BORDER -> Platforms.CARRIERS.get(r.nextInt(3));
    };
    double transit = Rng.uniform(r, route.transitMin, route.transitMax);
    Producer prod = Producer.of(carrier);
    double qs = s.quality(day);
    long from = terms == 0 ? (paid.firstPaidAt > 0 ? paid.firstPaidAt : tc + 86400) : tc;
    long book = at(from + HOUR * Rng.uniform(r, 2, 40));
    double handling = Behaviour.handlingDays(qs, r);
    double hold = cross && r.nextDouble() < Behaviour.HOLD_SHARE
        ? Rng.uniform(r, Behaviour.HOLD_MIN_DAYS, Behaviour.HOLD_MAX_DAYS) : 0;
    Shipped out = new Shipped();
    out.promisedDay = route.promisedDay(day);
    long shipped = at(book + DAY * handling);
    long delivered = at(shipped + DAY * (transit + hold));
    double fate = r.nextDouble();
    String shipmentId = carrier.prefix() + Long.toUnsignedString(Rng.fmix((s.id() << 24 | k)
        ^ Rng.hash(spec.seed(), "shipment")));
    Versions ship = new Versions(Feed.SHIPMENTS, prod, end);
    String[] sv = {carrier.code(), shipmentId, pf.code(), orderId, s.registryCountry(), b.registryCountry(),
        Timestamps.date(out.promisedDay), null, null, null, null, null};
    if (!ship.add(book + 60L * (1 + r.nextInt(30)), with(sv, 10, "BOOKED"))) {
      return null;
    }
    sv[7] = ts(shipped, prod);
    if (ship.add(shipped + 60L * (1 + r.nextInt(30)), with(sv, 10, "IN_TRANSIT"))) {
      out.shippedAt = shipped;
      if (fate < Behaviour.LOST_BELOW) {
        long lost = at(shipped + DAY * transit * 1.6);
        out.lostAt = ship.add(lost, with(sv, 10, "LOST")) ? lost : 0;
      } else {
        if (cross) {
          long cleared = Math.max(shipped + 6 * 3600, at(delivered - HOUR * Rng.uniform(r, 6, 60)));
          if (hold > 0) {
            ship.add(Math.max(shipped + 7200, at(cleared - DAY * hold)), with(sv, 10, "CUSTOMS_HOLD"));
          }
          sv[8] = ts(cleared, prod);
          ship.add(cleared + 60L * (1 + r.nextInt(30)), with(sv, 10, "IN_TRANSIT"));
        }
        if (fate < Behaviour.RETURNED_BELOW) {
          long returned = at(delivered + DAY * Rng.uniform(r, 1, 4));
          out.returnedAt = ship.add(returned, with(sv, 10, "RETURNED")) ? returned : 0;
        } else {
          sv[9] = ts(delivered, prod);
          out.deliveredAt = ship.add(delivered + 60L * (1 + r.nextInt(30)), with(sv, 10, "DELIVERED")) ? delivered
              : 0;
        }
      }
    }
    delivery.deliver(ship, sink);
    return out;
  }

  /** At most one dispute per order; returns whether it ended in a refund to the buyer. */
  private boolean dispute(Company s, Platforms.Platform pf, Producer prod, String orderId, String ccy,
      BigDecimal amount, long dueDay, Shipped shipped, Paid paid, double qs, int k, SplittableRandom r, Sink sink) {
    double u = r.nextDouble();
    boolean late = shipped.deliveredAt > 0 && Timestamps.day(shipped.deliveredAt) > shipped.promisedDay;
    long opened;
    long resolved;
    String by = "BUYER";
    String reason;
    String fault;
    BigDecimal disputed = amount;
    if (shipped.lostAt > 0) {
      opened = at(shipped.lostAt + DAY * Rng.uniform(r, 1, 5));
      resolved = at(opened + DAY * Rng.uniform(r, 7, 25));
      reason = "NOT_DELIVERED";
      fault = "NONE";
    } else if (shipped.deliveredAt > 0 && u < Behaviour.notAsDescribed(qs)) {
      opened = at(shipped.deliveredAt + DAY * Rng.uniform(r, 1, 8));
      resolved = at(opened + DAY * Rng.uniform(r, 6, 30));
      reason = "NOT_AS_DESCRIBED";
      fault = r.nextDouble() < Behaviour.notAsDescribedSellerFault(qs) ? "SELLER" : r.nextBoolean() ? "BUYER" : "NONE";
      disputed = Money.part(amount, Rng.uniform(r, 0.3, 1.0));
    } else if (late && u < Behaviour.lateDispute(qs)) {
      opened = at(shipped.deliveredAt + DAY * Rng.uniform(r, 0.5, 5));
      resolved = at(opened + DAY * Rng.uniform(r, 5, 20));
      reason = "LATE_DELIVERY";
      fault = r.nextDouble() < Behaviour.LATE_DISPUTE_SELLER_FAULT ? "SELLER" : "NONE";
      disputed = Money.part(amount, Rng.uniform(r, 0.1, 0.3));
    } else if (paid.unpaidAmount != null && u < 0.3) {
      by = "SELLER";
      opened = at(dueDay * DAY + DAY * Rng.uniform(r, 30, 40));
      resolved = r.nextBoolean() ? at(opened + DAY * Rng.uniform(r, 30, 60)) : -1;
      reason = "NON_PAYMENT";
      fault = "BUYER";
      disputed = paid.unpaidAmount;
    } else {
      return false;
    }
    Versions d = new Versions(Feed.DISPUTES, prod, end);
    String disputeId = pf.prefix() + "D-" + id("dispute", s.id(), k);
    String[] dv = {pf.code(), disputeId, orderId, ts(opened, prod), by, reason, "OPEN", null, null,
        Money.text(disputed), ccy, null};
    boolean refunded = false;
    if (d.add(opened + 60L * (1 + r.nextInt(20)), dv) && resolved > 0) {
      String[] rv = with(with(dv, 6, "RESOLVED"), 7, ts(resolved, prod));
      refunded = d.add(resolved + 60L * (1 + r.nextInt(20)), with(rv, 8, fault))
          && fault.equals("SELLER") && reason.equals("NOT_AS_DESCRIBED");
    }
    delivery.deliver(d, sink);
    return refunded;
  }
}
