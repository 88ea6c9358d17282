package io.tradecredit.generate;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What world to generate: how many companies, over which days, from which seed, and how it is delivered.
 *
 * <p>Events happen on the {@code days} days from {@code start}. The last {@code drops} of those days are delivery
 * dates: the first of them brings the history (the latest version of every record as of that day), each later one
 * that day's changes, a few of them late.
 *
 * @param companies number of companies (registry entities and their platform accounts)
 * @param days days of trade simulated, from {@code start}
 * @param seed every random choice derives from it: the same seed gives the same files
 * @param start first day of events
 * @param drops delivery dates, the last days of the world
 * @param badShare share of planted bad rows per landing file (capped below the ingest's max_bad_ratio)
 * @param ordersPerCompanyYear mean orders a company sells per year (heavy-tailed across companies)
 */
public record WorldSpec(long companies, int days, long seed, LocalDate start, int drops, double badShare,
    double ordersPerCompanyYear) implements Serializable {
  public static final LocalDate START_DEFAULT = LocalDate.parse("2025-11-01");
  public static final int DROPS_DEFAULT = 2;
  public static final double BAD_SHARE_DEFAULT = 0.001;
  /** 1M companies then make the 100M orders a year of the scale target. */
  public static final double ORDERS_PER_COMPANY_YEAR_DEFAULT = 100;
  /** Above this a planted row could push a small drop over the ingest's default max_bad_ratio of 5%. */
  public static final double BAD_SHARE_MAX = 0.04;

  public WorldSpec {
    if (companies < 2 || companies > 1_000_000_000L) {
      throw new IllegalArgumentException("Cannot generate " + companies + " companies: expected 2 .. 1,000,000,000");
    }
    if (days < 1) {
      throw new IllegalArgumentException("Cannot generate " + days + " days: expected at least 1");
    }
    if (drops < 1 || drops > days) {
      throw new IllegalArgumentException("Cannot deliver " + drops + " drops over " + days + " days: expected 1 .. "
          + days);
    }
    if (badShare < 0 || badShare > BAD_SHARE_MAX) {
      throw new IllegalArgumentException("Cannot plant a bad-row share of " + badShare + ": expected 0 .. "
          + BAD_SHARE_MAX + " (more would fail small drops at ingest)");
    }
    if (ordersPerCompanyYear <= 0) {
      throw new IllegalArgumentException("Orders per company and year must be > 0, not " + ordersPerCompanyYear);
    }
  }

  /** The last day of the world: nothing after its end exists. */
  public LocalDate lastDay() {
    return start.plusDays(days - 1L);
  }

  /** The first second after the world's last day, in epoch seconds: nothing is written at or after it. */
  public long endSecond() {
    return lastDay().plusDays(1).toEpochDay() * 86400;
  }

  /** The first delivery date, whose drops carry the history. */
  public LocalDate firstDrop() {
    return start.plusDays((long) days - drops);
  }

  public List<LocalDate> dropDates() {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = firstDrop(); !d.isAfter(lastDay()); d = d.plusDays(1)) {
      out.add(d);
    }
    return out;
  }

  /** Day index (0 = start) of a date. */
  public long dayIndex(LocalDate d) {
    return d.toEpochDay() - start.toEpochDay();
  }
}
