package io.tradecredit.erase;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.spark.sql.api.java.UDF1;

/**
 * Whether a raw landing record (a CSV line or a JSON object, as ops.quarantine keeps it) names the company: it
 * holds the company_id, or an account or order id of the company together with its platform, or the registration
 * number (compared as landing.md normalises it, so {@code 9131-0000.ab} is {@code 91310000AB}) together with the
 * registry country. Whole values only: account {@code SM-2001} does not match {@code SM-20011}.
 *
 * <p>A Spark function, so that the identifiers are held by the running job only and never written into the
 * Delta log as the text of a DELETE predicate.
 */
final class RawTextMatcher implements UDF1<String, Boolean> {
  /** Characters that separate values in CSV and JSON text; ids keep their dots, dashes, slashes, colons and @. */
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{N}_.@:/-]+");

  private final String companyId;
  private final String country;
  private final Pattern number;
  private final Map<String, Set<String>> idsByPlatform = new HashMap<>();

  RawTextMatcher(String companyId, String country, String number, Set<String> accounts, Set<String> orders) {
    this.companyId = companyId;
    this.country = country;
    this.number = number == null ? null
        : Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(number) + "(?![\\p{L}\\p{N}])");
    accounts.forEach(a -> add(a, '@'));
    orders.forEach(o -> add(o, '/'));
  }

  private void add(String key, char separator) {
    int at = key.indexOf(separator);
    idsByPlatform.computeIfAbsent(key.substring(0, at), k -> new HashSet<>()).add(key.substring(at + 1));
  }

  @Override
  public Boolean call(String raw) {
    if (raw == null || raw.isEmpty()) {
      return false;
    }
    Set<String> tokens = new HashSet<>(Arrays.asList(SEPARATORS.split(raw)));
    if (tokens.contains(companyId)) {
      return true;
    }
    for (String token : tokens) {
      Set<String> ids = idsByPlatform.get(token);
      if (ids != null && tokens.stream().anyMatch(ids::contains)) {
        return true;
      }
    }
    if (number != null && tokens.stream().anyMatch(t -> t.equalsIgnoreCase(country))) {
      String normalised = raw.replaceAll("[\\s./-]", "").toUpperCase(Locale.ROOT);
      return number.matcher(normalised).find();
    }
    return false;
  }
}
