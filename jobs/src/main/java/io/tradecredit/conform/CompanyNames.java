package io.tradecredit.conform;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Normalisation of registration numbers and company names for the identity rule of landing.md.
 *
 * <p>Names: accents folded, upper case, punctuation to spaces, then legal-form words stripped from both ends
 * ("Bright Lighting Co., Ltd." and "BRIGHT LIGHTING CO LTD" both become "BRIGHT LIGHTING"). Legal forms cover the
 * major languages of trade; prefixes (Indonesian PT, Vietnamese CONG TY) are stripped as well as suffixes.
 */
public final class CompanyNames {
  private CompanyNames() {}

  /** Single-word legal-form tokens, after punctuation is removed (so "S.A." is "S A", handled as pairs below). */
  private static final Set<String> LEGAL_WORDS = Set.of(
      // English
      "LTD", "LIMITED", "CO", "COMPANY", "CORP", "CORPORATION", "INC", "INCORPORATED", "LLC", "LLP", "LP", "PLC",
      "PTE", "PTY", "HOLDINGS", "GROUP",
      // German, Dutch
      "GMBH", "AG", "KG", "MBH", "UG", "OHG", "EV", "BV", "NV", "VOF",
      // French, Spanish, Portuguese, Italian
      "SA", "SAS", "SASU", "SARL", "EURL", "SNC", "SL", "SLU", "SRL", "SRLS", "SPA", "SAPA", "LTDA", "EIRELI", "ME",
      "CIA", "CV", "DE", "RL",
      // Turkish (Ltd. Şti., A.Ş.)
      "STI", "AS",
      // Vietnamese (Công ty TNHH, Công ty cổ phần)
      "TNHH", "CONG", "TY", "CP", "MTV",
      // Indonesian
      "PT", "TBK", "PERSERO",
      // Chinese pinyin forms (Youxian Gongsi = Co., Ltd.; Gufen = joint stock)
      "YOUXIAN", "GONGSI", "GUFEN", "ZEREN", "JITUAN");

  /** Upper case with spaces, dots, dashes and slashes removed: {@code 9131-0000.ab} becomes {@code 91310000AB}. */
  public static String number(String raw) {
    if (raw == null) {
      return null;
    }
    String n = raw.replaceAll("[\\s./-]", "").toUpperCase(Locale.ROOT);
    return n.isEmpty() ? null : n;
  }

  public static String companyId(String country, String number) {
    String n = number(number);
    return country == null || n == null ? null : country.toUpperCase(Locale.ROOT) + ":" + n;
  }

  /** Comparable form of a company name; null when nothing but legal-form words is left. */
  public static String name(String raw) {
    if (raw == null) {
      return null;
    }
    String folded = Normalizer.normalize(raw, Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "")
        .replace('ı', 'i')
        .replace('đ', 'd')
        .replace('Đ', 'D')
        .replace('ß', 's')
        .toUpperCase(Locale.ROOT)
        .replace("&", " AND ")
        .replaceAll("[^A-Z0-9]+", " ")
        .trim();
    List<String> tokens = new ArrayList<>(Arrays.asList(folded.split(" ")));
    tokens.removeIf(String::isEmpty);
    while (!tokens.isEmpty() && LEGAL_WORDS.contains(tokens.get(tokens.size() - 1))) {
      tokens.remove(tokens.size() - 1);
    }
    while (!tokens.isEmpty() && LEGAL_WORDS.contains(tokens.get(0))) {
      tokens.remove(0);
    }
    // Single letters left by dotted forms such as "S.A." or "S.R.L." at the end.
    while (tokens.size() > 1 && tokens.get(tokens.size() - 1).length() == 1) {
      tokens.remove(tokens.size() - 1);
    }
    return tokens.isEmpty() ? null : String.join(" ", tokens);
  }
}
