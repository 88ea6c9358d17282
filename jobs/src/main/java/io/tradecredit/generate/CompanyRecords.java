package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What registries, platforms and lenders report about one company: its registry record (and its changes), its
 * platform accounts (and their verification), and the credit events after it defaults.
 */
final class CompanyRecords implements Serializable {
  private static final double DAY = 86400;
  private static final String[] FORMS = {"LLC", "JSC", "LP", null};

  private final WorldSpec spec;
  private final Delivery delivery;
  private final long start;
  private final long end;

  CompanyRecords(WorldSpec spec) {
    this.spec = spec;
    this.delivery = new Delivery(spec);
    this.start = spec.start().toEpochDay();
    this.end = spec.endSecond();
  }

  void all(Company c, Sink sink) {
    SplittableRandom r = Rng.stream(spec.seed(), "records", c.id());
    delivery.company("records", c.id());
    long insolvencyDay = creditEvents(c, r, sink);
    if (c.registered()) {
      registry(c, r, insolvencyDay, sink);
    }
    for (Company.Account a : c.accounts()) {
      account(c, a, r, sink);
    }
  }

  private void registry(Company c, SplittableRandom r, long insolvencyDay, Sink sink) {
    Versions reg = new Versions(Feed.REGISTRY, Producer.CSV_UTC, end);
    String ccy = c.currency();
    // Capital is reported in the local currency; some registries do not report it.
    String capital = r.nextDouble() < 0.15 ? null
        : Money.text(Money.of(c.capitalUsd() / Countries.reference(ccy)).setScale(0, java.math.RoundingMode.DOWN)
            .setScale(2));
    String[] v = {c.registryCountry(), c.registrationNumber(), c.legalName(), FORMS[(int) (c.id() % FORMS.length)],
        c.status(), c.incorporated().toString(), capital, capital == null ? null : ccy,
        Names.industry(c.trade()), c.city(), null};
    // The registry snapshot was taken in the week before the start: the USD value of capital needs a rate then.
    reg.add((long) ((start - 7 + r.nextDouble() * 6) * DAY), v);
    if (insolvencyDay > 0) {
      v[4] = "IN_LIQUIDATION";
      reg.add((long) ((insolvencyDay + 2 + r.nextDouble() * 20) * DAY), v);
    } else if (r.nextDouble() < 0.06 * spec.days() / 365.0) {
      // Capital increases and moves happen to a few percent of companies a year.
      long day = start + r.nextInt(spec.days());
      v[9] = Names.city(r);
      reg.add((long) ((day + r.nextDouble()) * DAY), v);
    }
    delivery.deliver(reg, sink);
  }

  private void account(Company c, Company.Account a, SplittableRandom r, Sink sink) {
    Platforms.Platform p = Platforms.ALL.get(a.platform());
    Versions acc = new Versions(Feed.ACCOUNTS, Producer.CSV_UTC, end);
    String created = Timestamps.format(a.createdAt().getEpochSecond(), 0);
    boolean verifiedLater = a.verifiedAt() != null && a.verifiedAt().getEpochSecond() > start * 86400;
    String[] v = {p.code(), a.accountId(), c.registryCountry(), a.registrationNumber(), a.declaredName(),
        "false", null, created, null};
    if (a.verifiedAt() != null && !verifiedLater) {
      v[5] = "true";
      v[6] = Timestamps.format(a.verifiedAt().getEpochSecond(), 0);
      acc.add(a.verifiedAt().getEpochSecond(), v);
    } else {
      // Accounts verified during the world show both states: first unverified without a number, then verified.
      String number = v[3];
      if (verifiedLater) {
        v[3] = null;
      }
      acc.add(a.createdAt().getEpochSecond(), v);
      if (verifiedLater) {
        v[3] = number;
        v[5] = "true";
        v[6] = Timestamps.format(a.verifiedAt().getEpochSecond(), 0);
        acc.add(a.verifiedAt().getEpochSecond() + 60, v);
      }
    }
    delivery.deliver(acc, sink);
  }

  /**
   * A default starts with a 90-day payment default; collections, a write-off and insolvency may follow. Lenders
   * report days later, sometimes correct the amount, and write the number their own way.
   *
   * @return the day of insolvency if one was reported, else 0
   */
  private long creditEvents(Company c, SplittableRandom r, Sink sink) {
    long t = c.defaultDay();
    if (!c.registered() || t * DAY >= end) {
      return 0;
    }
    double exposureUsd = Math.max(500, c.capitalUsd() * Rng.uniform(r, 0.05, 0.5));
    long insolvency = 0;
    event(c, "PAYMENT_DEFAULT_90D", t, exposureUsd, r, sink);
    if (r.nextDouble() < 0.6) {
      event(c, "COLLECTIONS", t + 20 + r.nextInt(40), exposureUsd * Rng.uniform(r, 0.3, 1), r, sink);
    }
    if (r.nextDouble() < 0.4) {
      event(c, "WRITE_OFF", t + 90 + r.nextInt(110), exposureUsd * Rng.uniform(r, 0.2, 0.9), r, sink);
    }
    if (r.nextDouble() < 0.25) {
      insolvency = t + 30 + r.nextInt(270);
      if (!event(c, "INSOLVENCY", insolvency, -1, r, sink)) {
        insolvency = 0;
      }
    }
    return insolvency;
  }

  private boolean event(Company c, String type, long day, double usd, SplittableRandom r, Sink sink) {
    String reporter = Platforms.REPORTERS.get(r.nextInt(Platforms.REPORTERS.size()));
    boolean local = r.nextDouble() < 0.6;
    String ccy = usd < 0 ? null : local ? c.currency() : "USD";
    BigDecimal amount = usd < 0 ? null : Money.of(usd / FxCurve.usdPerUnit(spec.seed(), ccy, day,
        Countries.reference(ccy)));
    String number = r.nextDouble() < 0.3 ? c.registrationNumber().toLowerCase(Locale.ROOT).replace(" ", "-")
        : c.registrationNumber();
    Versions ev = new Versions(Feed.CREDIT_EVENTS, Producer.CSV_UTC, end);
    String[] v = {c.registryCountry(), number, type, Timestamps.date(day), reporter,
        amount == null ? null : Money.text(amount), ccy, null};
    long reported = (long) ((day + 1 + r.nextDouble() * 10) * DAY);
    boolean known = ev.add(reported, v);
    if (known && amount != null && r.nextDouble() < 0.1) {
      v[5] = Money.text(Money.part(amount, Rng.uniform(r, 0.8, 1.2)));
      ev.add((long) (reported + DAY * (2 + r.nextDouble() * 20)), v);
    }
    delivery.deliver(ev, sink);
    return known;
  }
}
