package io.tradecredit.generate;

import java.util.Currency;
import java.util.List;
import java.util.Locale;

/**
 * Where companies are registered: the countries of the synthetic world, how many companies each has, and the
 * reference rate of its currency (USD per unit) around which the daily rates move. Currencies come from the JDK.
 */
public final class Countries {
  /** @param share relative number of companies; @param usdPerUnit reference rate of the local currency */
  public record Country(String code, double share, double usdPerUnit, String legalForm, String numberPrefix) {
    public String currency() {
      return Currency.getInstance(new Locale("", code)).getCurrencyCode();
    }
  }

  // Weighted towards the big exporters of online B2B trade; EUR countries share one reference rate.
  public static final List<Country> ALL = List.of(
      new Country("CN", 30, 0.138, "Co., Ltd.", "91"),
      new Country("IN", 7, 0.0118, "Private Limited", "U"),
      new Country("VN", 5, 0.0000393, "Co., Ltd", ""),
      new Country("TR", 4, 0.029, "Ltd. Şti.", ""),
      new Country("US", 7, 1.0, "Inc.", ""),
      new Country("DE", 5, 1.08, "GmbH", "HRB "),
      new Country("GB", 3, 1.27, "Ltd", ""),
      new Country("IT", 3, 1.08, "S.r.l.", ""),
      new Country("FR", 2, 1.08, "SAS", ""),
      new Country("ES", 1.5, 1.08, "S.L.", "B"),
      new Country("NL", 1.5, 1.08, "B.V.", ""),
      new Country("PL", 2, 0.25, "Sp. z o.o.", ""),
      new Country("BR", 2.5, 0.18, "Ltda.", ""),
      new Country("MX", 2.5, 0.055, "S.A. de C.V.", ""),
      new Country("JP", 2, 0.0067, "Co., Ltd.", ""),
      new Country("KR", 2, 0.00072, "Co., Ltd.", ""),
      new Country("TH", 1.5, 0.028, "Co., Ltd.", ""),
      new Country("ID", 2, 0.000063, "PT", ""),
      new Country("MY", 1, 0.22, "Sdn. Bhd.", ""),
      new Country("PK", 1.5, 0.0036, "Private Limited", ""),
      new Country("BD", 1.5, 0.0083, "Limited", ""),
      new Country("AE", 1, 0.2723, "LLC", ""),
      new Country("SA", 0.5, 0.2667, "LLC", ""),
      new Country("ZA", 1, 0.054, "(Pty) Ltd", ""),
      new Country("NG", 0.5, 0.00065, "Limited", "RC"),
      new Country("EG", 0.5, 0.02, "LLC", ""),
      new Country("CA", 1, 0.73, "Inc.", ""),
      new Country("AU", 1, 0.66, "Pty Ltd", ""),
      new Country("CL", 0.5, 0.00105, "SpA", ""),
      new Country("CO", 0.5, 0.00025, "S.A.S.", ""),
      new Country("KE", 0.5, 0.0077, "Limited", ""),
      new Country("PH", 1, 0.017, "Inc.", ""));

  private static final double[] CUMULATIVE = Rng.cumulative(ALL.stream().mapToDouble(Country::share).toArray());

  /** The currencies with daily rates (every local currency but USD). */
  public static final List<String> RATED = ALL.stream().map(Country::currency).filter(c -> !c.equals("USD"))
      .distinct().sorted().toList();

  /**
   * An ISO 4217 currency that no producer quotes a rate for: orders planted in it cannot be converted and are
   * quarantined by conform ({@code NO_FX_RATE}).
   */
  public static final String UNRATED = "CHF";

  private static final java.util.Map<String, Double> REFERENCE = ALL.stream().collect(
      java.util.stream.Collectors.toMap(Country::currency, Country::usdPerUnit, (a, b) -> a));

  private Countries() {}

  /** Reference rate (USD per unit) of a currency of the world; USD is 1. */
  public static double reference(String currency) {
    return REFERENCE.getOrDefault(currency, 1.0);
  }

  public static int pick(double u) {
    return Rng.pick(CUMULATIVE, u);
  }

  public static Country get(int index) {
    return ALL.get(index);
  }
}
