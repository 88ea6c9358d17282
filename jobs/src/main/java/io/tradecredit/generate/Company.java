package io.tradecredit.generate;

import io.tradecredit.conform.CompanyNames;
import io.tradecredit.generate.Countries.Country;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One company of the world, a pure function of (seed, id): any executor can build the buyer of an order without a
 * join. Its latent creditworthiness {@code z} drives its true default probability, its registry facts and how it
 * trades.
 *
 * @param z latent creditworthiness, N(0, 1), higher is better
 * @param pd12m true probability of a credit event within 12 months
 * @param defaultDay epoch day of its first credit event (a draw from its hazard; may lie beyond the world)
 * @param ordersPerYear how many orders it sells a year (0 for a pure buyer), heavy-tailed
 * @param registered whether a national registry knows it (the rest trade only through platform accounts)
 * @param accounts its platform accounts, possibly none (registry-only companies)
 */
public record Company(long id, double z, double pd12m, long defaultDay, int country, double ordersPerYear,
    double size, int trade, boolean registered, String registrationNumber, String legalName, String city,
    LocalDate incorporated, double capitalUsd, String status, List<Account> accounts) implements Serializable {

  /**
   * @param registrationNumber the number as the account holder declared it (another spelling of the registry's),
   *     null for accounts that never gave one
   * @param verifiedAt when the platform verified it, null if never
   */
  public record Account(int platform, String accountId, String registrationNumber, String declaredName,
      Instant createdAt, Instant verifiedAt) implements Serializable {}

  private static final double SELLER_SHARE = 0.55;
  private static final double PARETO_ALPHA = 1.6;
  private static final double PARETO_CAP = 400;
  /** Mean of the capped Pareto draw, so the world's mean rate is what the spec asks for. */
  private static final double PARETO_MEAN = PARETO_ALPHA / (PARETO_ALPHA - 1) * (1 - Math.pow(PARETO_CAP,
      1 - PARETO_ALPHA));
  /** Calibrated so that about 3.5% of companies have a credit event in a year. */
  private static final double PD_INTERCEPT = -4.0;

  public Country countryInfo() {
    return Countries.get(country);
  }

  public String registryCountry() {
    return countryInfo().code();
  }

  public String currency() {
    return countryInfo().currency();
  }

  /** The contract's company_id: registry country and normalised number, or the first account for the unregistered. */
  public String companyId() {
    if (registered) {
      return CompanyNames.companyId(registryCountry(), registrationNumber);
    }
    return accounts.isEmpty() ? null : Platforms.ALL.get(accounts.get(0).platform()).code() + "@"
        + accounts.get(0).accountId();
  }

  public boolean seller() {
    return ordersPerYear > 0;
  }

  /** Quality in (0, 1) at a day: good companies near 1; it sinks in the months before the company defaults. */
  public double quality(long epochDay) {
    double q = Rng.sigmoid(1.3 * z + 1.6);
    if (epochDay >= defaultDay) {
      return q * 0.2;
    }
    return q * (1 - 0.8 * Math.exp(-(defaultDay - epochDay) / 120.0));
  }

  public Account accountOn(int platform) {
    for (Account a : accounts) {
      if (a.platform() == platform) {
        return a;
      }
    }
    return null;
  }

  public static Company of(WorldSpec spec, long id) {
    long seed = spec.seed();
    SplittableRandom r = Rng.stream(seed, "company", id);
    double z = Rng.normal(r);
    int country = Countries.pick(r.nextDouble());
    Country c = Countries.get(country);
    int trade = Names.trade(r);
    // Registry facts lean with z: better companies are older and better capitalised.
    double ageYears = Math.max(0.2, Math.exp(1.6 + 0.45 * z + 0.7 * Rng.normal(r)));
    LocalDate incorporated = spec.start().minusDays((long) (ageYears * 365.25));
    double size = Math.min(PARETO_CAP, Math.pow(1.0 - r.nextDouble(), -1 / PARETO_ALPHA));
    double capitalUsd = Math.exp(9.5 + 0.9 * Math.log(size) + 0.4 * z + Rng.normal(r));
    boolean young = ageYears < 2;
    double pd = Rng.sigmoid(PD_INTERCEPT - 1.1 * z + (young ? 0.5 : 0));
    double hazardPerDay = -Math.log(1 - pd) / 365.0;
    // Defaults are drawn from two years before the start, so the history holds past credit events too.
    long defaultDay = spec.start().toEpochDay() - 730 + (long) Rng.exponential(r, 1 / hazardPerDay);
    boolean seller = r.nextDouble() < SELLER_SHARE;
    double ordersPerYear = seller ? spec.ordersPerCompanyYear() / SELLER_SHARE * size / PARETO_MEAN : 0;
    boolean registered = r.nextDouble() < 0.97;
    String number = registered ? registrationNumber(seed, id, c) : null;
    String legalName = Names.legalName(r, trade, c.legalForm());
    String city = Names.city(r);
    String status = status(r, z, defaultDay - spec.start().toEpochDay());
    List<Account> accounts = accounts(spec, id, r, z, number, legalName, incorporated);
    return new Company(id, z, pd, defaultDay, country, ordersPerYear, size, trade, registered, number, legalName,
        city, incorporated, capitalUsd, status, accounts);
  }

  /** Registry status at the start: companies that defaulted long before are often in liquidation or gone. */
  private static String status(SplittableRandom r, double z, long defaultFromStart) {
    double u = r.nextDouble();
    if (defaultFromStart < -180) {
      return u < 0.35 ? "IN_LIQUIDATION" : u < 0.5 ? "DISSOLVED" : u < 0.6 ? "SUSPENDED" : "ACTIVE";
    }
    double poor = Rng.sigmoid(-3.5 - 1.2 * z);
    return u < poor ? (u < poor / 2 ? "SUSPENDED" : "INACTIVE") : "ACTIVE";
  }

  /** Unique per country: a bijection of the id onto twelve digits, with the country's usual prefix. */
  static String registrationNumber(long seed, long id, Country c) {
    long digits = Math.floorMod(id * 7_919_917L + (seed & 0xFFFFFFL), 1_000_000_000_000L);
    return c.numberPrefix() + String.format("%012d", digits);
  }

  private static List<Account> accounts(WorldSpec spec, long id, SplittableRandom r, double z, String number,
      String legalName, LocalDate incorporated) {
    double u = r.nextDouble();
    int n = u < 0.08 ? 0 : u < 0.72 ? 1 : u < 0.93 ? 2 : 3;
    List<Account> out = new ArrayList<>();
    boolean[] taken = new boolean[Platforms.ALL.size()];
    for (int i = 0; i < n; i++) {
      int p = Platforms.pick(r.nextDouble());
      if (taken[p]) {
        continue;
      }
      taken[p] = true;
      Platforms.Platform platform = Platforms.ALL.get(p);
      // Unique per platform: a bijection of the id onto nine digits.
      String accountId = platform.prefix() + "-" + String.format("%09d",
          Math.floorMod(id * 386_492_117L + p * 7_777_777L + (spec.seed() & 0xFFFFL), 1_000_000_000L));
      long firstDay = Math.max(incorporated.toEpochDay(), spec.start().toEpochDay() - 2000);
      long createdDay = firstDay + (long) (r.nextDouble() * (spec.start().toEpochDay() - firstDay));
      Instant created = Instant.ofEpochSecond(createdDay * 86400 + r.nextInt(86400));
      // Unverified accounts are more common among weaker companies and rarely give a registration number.
      boolean verified = number != null && r.nextDouble() < Rng.sigmoid(1.5 + 0.8 * z);
      Instant verifiedAt = verified ? created.plusSeconds(3600 + r.nextInt(30 * 86400)) : null;
      String declared = number == null || (!verified && r.nextDouble() < 0.7) ? null : spelling(r, number);
      out.add(new Account(p, accountId, declared, declaredName(r, legalName), created, verifiedAt));
    }
    return out;
  }

  /** How an account holder writes its number: the registry's, or with dashes, spaces or lower case. */
  private static String spelling(SplittableRandom r, String number) {
    double u = r.nextDouble();
    if (u < 0.7) {
      return number;
    }
    String n = number.replace(" ", "");
    return u < 0.85 ? n.substring(0, 4) + "-" + n.substring(4) : n.toLowerCase(Locale.ROOT);
  }

  /** Declared names normalise to the registry's legal name: they differ in case and punctuation only. */
  private static String declaredName(SplittableRandom r, String legalName) {
    return r.nextDouble() < 0.6 ? legalName : legalName.toUpperCase(Locale.ROOT).replace(".", "");
  }
}
