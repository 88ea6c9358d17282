package io.tradecredit.conform;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalisation of registration numbers and company names for the identity rule of landing.md.
 *
 * <p>Names: accents folded, upper case, dotted abbreviations closed up ("S.A." is "SA", "S/A" too), punctuation to
 * spaces, then legal forms stripped: suffixes from the end ("Bright Lighting Co., Ltd." and "BRIGHT LIGHTING CO LTD"
 * both become "BRIGHT LIGHTING"), and the forms written before the name (Indonesian PT, Vietnamese CONG TY TNHH)
 * from the start. Only legal forms are stripped: words such as GROUP or HOLDINGS name a different company (the
 * parent), so a subsidiary never matches its group's registry record by name.
 */
public final class CompanyNames {
  private CompanyNames() {}

  /** Legal forms written after the name, as tokens after abbreviations are closed up and punctuation removed. */
  private static final Set<String> SUFFIXES = Set.of(
      // English
      "LTD", "LIMITED", "CO", "COMPANY", "CORP", "CORPORATION", "INC", "INCORPORATED", "LLC", "LLP", "LP", "PLC",
      "PTE", "PTY", "JSC", "PJSC",
      // Chinese pinyin: youxian gongsi (Co., Ltd.), youxian zeren gongsi (LLC), gufen youxian gongsi (joint stock),
      // also written as one word
      "YOUXIAN GONGSI", "YOUXIAN ZEREN GONGSI", "GUFEN YOUXIAN GONGSI", "GONGSI", "YOUXIANGONGSI",
      "YOUXIANZERENGONGSI", "GUFENYOUXIANGONGSI",
      // German
      "GMBH", "MBH", "GESELLSCHAFT MBH", "AG", "KG", "KGAA", "OHG", "GBR", "UG", "UG HAFTUNGSBESCHRANKT", "EK", "EV",
      // French
      "SA", "SAS", "SASU", "SARL", "EURL", "SNC", "SCS", "SCI", "SCA", "SOCIETE ANONYME",
      // Spanish (SA de CV: Mexico; S de RL: Latin America; Cia: compania)
      "SL", "SLU", "SRL", "SAU", "SC", "SA DE CV", "SAB DE CV", "SAPI DE CV", "S DE RL", "S DE RL DE CV", "CIA",
      // Portuguese
      "LTDA", "EIRELI", "ME", "EPP",
      // Italian
      "SPA", "SRLS", "SAPA", "SCARL",
      // Dutch
      "BV", "NV", "VOF", "CV",
      // Turkish: Limited Sirketi (Ltd. Sti.), Anonim Sirketi (A.S.)
      "STI", "SIRKETI", "LIMITED SIRKETI", "AS", "ANONIM SIRKETI",
      // Vietnamese, when written after the name
      "TNHH", "TNHH MTV", "CP",
      // Indonesian
      "TBK", "PERSERO");

  /** Legal forms written before the name: Indonesian and Vietnamese. */
  private static final Set<String> PREFIXES = Set.of(
      "PT", "CV", "UD", "PD",
      "CONG TY", "CTY", "CONG TY TNHH", "CTY TNHH", "CONG TY TNHH MTV", "CONG TY CO PHAN", "CONG TY CP", "CTY CP");

  /** A connector left dangling once the form after it is gone: "Smith & Co." or "GmbH & Co. KG". */
  private static final Set<String> CONNECTORS = Set.of("AND", "UND", "ET", "Y", "E", "VE", "EN");

  /** Legal forms written in Chinese characters, stripped from the end of the name. */
  private static final List<String> HAN_SUFFIXES = List.of("股份有限公司", "有限责任公司", "有限公司", "公司");

  private static final int LONGEST_FORM = 5;

  /** Single letters joined by dots or slashes ("S.A.", "S/A", "B. V."), closed up so they read as one word. */
  private static final Pattern ABBREVIATION =
      Pattern.compile("(?<![\\p{L}\\p{N}])\\p{L}(?:[./] ?\\p{L}(?![\\p{L}\\p{N}]))+\\.?");

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
        .replace("ı", "i")
        .replace("đ", "d")
        .replace("Đ", "D")
        .replace("ø", "o")
        .replace("Ø", "O")
        .replace("ł", "l")
        .replace("Ł", "L")
        .replace("æ", "ae")
        .replace("Æ", "AE")
        .replace("œ", "oe")
        .toUpperCase(Locale.ROOT)
        .replace("&", " AND ")
        .trim();
    for (String han : HAN_SUFFIXES) {
      if (folded.endsWith(han) && folded.length() > han.length()) {
        folded = folded.substring(0, folded.length() - han.length());
        break;
      }
    }
    Matcher m = ABBREVIATION.matcher(folded);
    StringBuilder closed = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(closed, m.group().replaceAll("[./ ]", ""));
    }
    m.appendTail(closed);
    List<String> tokens = new ArrayList<>(Arrays.asList(closed.toString().split("[^\\p{L}\\p{N}]+")));
    tokens.removeIf(String::isEmpty);
    while (strip(tokens, SUFFIXES, true)) {
      if (!tokens.isEmpty() && CONNECTORS.contains(tokens.get(tokens.size() - 1))) {
        tokens.remove(tokens.size() - 1);
      }
    }
    boolean prefixed = true;
    while (prefixed) {
      prefixed = strip(tokens, PREFIXES, false);
    }
    return tokens.isEmpty() ? null : String.join(" ", tokens);
  }

  /**
   * Removes the longest form of {@code forms} at the end (or the start) of the name; false when there is none.
   */
  private static boolean strip(List<String> tokens, Set<String> forms, boolean atEnd) {
    for (int n = Math.min(LONGEST_FORM, tokens.size()); n >= 1; n--) {
      List<String> part = atEnd ? tokens.subList(tokens.size() - n, tokens.size()) : tokens.subList(0, n);
      if (forms.contains(String.join(" ", part))) {
        part.clear();
        return true;
      }
    }
    return false;
  }
}
