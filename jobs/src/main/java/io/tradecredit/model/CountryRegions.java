package io.tradecredit.model;

import com.ibm.icu.util.Region;
import com.ibm.icu.util.ULocale;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The region of a country for the fairness report: its UN M49 sub-region in English ("Western Europe",
 * "Eastern Asia", "South America", "Western Africa", ...), as ICU's copy of the Unicode CLDR territory containment
 * has it. ICU4J ships with Spark (its collations), so no list is typed here. A value that is not an ISO 3166-1
 * alpha-2 code ICU knows, or has no sub-region, is in {@link #OTHER}.
 */
public final class CountryRegions {
  /** The region of a missing or unknown country. */
  public static final String OTHER = "OTHER";
  /** The country group of rows without a country. */
  public static final String UNKNOWN_COUNTRY = "UNKNOWN";

  private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

  private CountryRegions() {}

  /** The M49 sub-region of an ISO 3166-1 alpha-2 code (any case), or {@link #OTHER}. */
  public static String region(String country) {
    if (country == null || country.isBlank()) {
      return OTHER;
    }
    return CACHE.computeIfAbsent(country.trim().toUpperCase(Locale.ROOT), CountryRegions::lookUp);
  }

  private static String lookUp(String code) {
    // Region.getInstance also takes numeric M49 codes and aliases; only two-letter codes are countries here.
    if (code.length() != 2) {
      return OTHER;
    }
    try {
      Region sub = Region.getInstance(code).getContainingRegion(Region.RegionType.SUBCONTINENT);
      return sub == null ? OTHER : ULocale.getDisplayCountry("und_" + sub, ULocale.ENGLISH);
    } catch (IllegalArgumentException unknown) {
      return OTHER;
    }
  }
}
