package io.tradecredit.profile;

/**
 * The trade evidence a company may show to anyone, in bands: a share, a volume or a count is never shown exactly, so
 * that a profile reveals neither what a counterparty paid nor how much the company sells.
 */
public final class EvidenceBands {
  /** Upper ends of the USD volume bands; above the last, "over USD 5M". */
  private static final double[] VOLUME = {10_000, 50_000, 250_000, 1_000_000, 5_000_000};
  private static final String[] VOLUME_TEXT = {"under USD 10k", "USD 10k-50k", "USD 50k-250k", "USD 250k-1M",
      "USD 1M-5M", "over USD 5M"};

  private EvidenceBands() {}

  /** A share of 0..1 in bands that keep the distinctions a buyer makes (is it nearly always on time?). */
  public static String share(Double share, String none) {
    if (share == null || share.isNaN()) {
      return none;
    }
    return share >= 0.95 ? "95-100%" : share >= 0.90 ? "90-95%" : share >= 0.80 ? "80-90%"
        : share >= 0.50 ? "50-80%" : "below 50%";
  }

  /** A USD volume over a year. */
  public static String volume(Double usd) {
    if (usd == null || usd.isNaN() || usd <= 0) {
      return "none";
    }
    for (int i = 0; i < VOLUME.length; i++) {
      if (usd < VOLUME[i]) {
        return VOLUME_TEXT[i];
      }
    }
    return VOLUME_TEXT[VOLUME.length];
  }

  /** A count of orders over a year. */
  public static String orders(Double n) {
    if (n == null || n.isNaN() || n < 1) {
      return "none";
    }
    return n < 10 ? "1-9" : n < 50 ? "10-49" : n < 250 ? "50-249" : n < 1000 ? "250-999" : "1,000 or more";
  }

  /** Months since the first platform activity. */
  public static String months(Double months) {
    if (months == null || months.isNaN()) {
      return "no activity on record";
    }
    return months < 3 ? "less than 3 months" : months < 6 ? "3-6 months" : months < 12 ? "6-12 months"
        : months < 24 ? "1-2 years" : months < 60 ? "2-5 years" : "5 years or more";
  }

  /** Years since incorporation. */
  public static String age(Double years) {
    if (years == null || years.isNaN()) {
      return "not on record";
    }
    return years < 1 ? "less than a year" : years < 3 ? "1-3 years" : years < 10 ? "3-10 years"
        : "10 years or more";
  }

  /** Disputes lost as a seller, per 100 orders. */
  public static String disputesPer100(Double per100, String none) {
    if (per100 == null || per100.isNaN()) {
      return none;
    }
    return per100 <= 0 ? "none" : per100 < 1 ? "under 1 per 100 orders" : per100 < 5 ? "1-5 per 100 orders"
        : "5 or more per 100 orders";
  }

  /** A count of disputes lost. */
  public static String disputes(Double n) {
    if (n == null || n.isNaN() || n <= 0) {
      return "none";
    }
    return n < 3 ? "1-2" : "3 or more";
  }
}
