package io.tradecredit.ingest;

import java.util.Currency;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** ISO 3166-1 alpha-2 countries and ISO 4217 currencies, from the JDK's own lists. */
public final class IsoCodes {
  private IsoCodes() {}

  public static final Set<String> COUNTRIES = new TreeSet<>(Set.of(Locale.getISOCountries()));

  public static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
      .map(Currency::getCurrencyCode)
      .collect(Collectors.toCollection(TreeSet::new));
}
