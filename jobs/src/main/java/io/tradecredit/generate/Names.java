package io.tradecredit.generate;

import java.util.Locale;
import java.util.SplittableRandom;

/** Company names and cities: two invented words and a trade, so names repeat rarely but do repeat at scale. */
final class Names {
  private static final String[] SYLLABLES = {"an", "bel", "cor", "dra", "el", "fin", "gar", "hol", "ist", "jun",
      "kor", "lum", "mar", "nor", "ost", "pel", "quin", "ros", "sun", "tor", "ul", "ver", "wen", "xan", "yor", "zel",
      "ka", "li", "mo", "ne", "pa", "ri", "so", "ta", "vi", "do", "ge", "ha", "mi", "lo"};
  private static final String[] TRADES = {"Trading", "Textiles", "Machinery", "Electronics", "Foods", "Plastics",
      "Furniture", "Chemicals", "Auto Parts", "Steel", "Lighting", "Apparel", "Ceramics", "Tools", "Packaging",
      "Logistics", "Seafood", "Coffee", "Toys", "Hardware"};
  /** ISIC rev.4 classes matching TRADES. */
  private static final String[] ISIC = {"4690", "1392", "2819", "2610", "1079", "2220", "3100", "2011", "2930",
      "2420", "2740", "1410", "2393", "2593", "1702", "5229", "1020", "1079", "3240", "4663"};
  private static final String[] CITY_ENDINGS = {"ton", "burg", "ville", "stad", "pur", "abad", "shan", "zhou", "polis",
      "field"};

  private Names() {}

  static int trade(SplittableRandom r) {
    return r.nextInt(TRADES.length);
  }

  static String legalName(SplittableRandom r, int trade, String legalForm) {
    return word(r) + " " + word(r) + " " + TRADES[trade] + " " + legalForm;
  }

  static String industry(int trade) {
    return ISIC[trade];
  }

  static String category(int trade) {
    return TRADES[trade].toLowerCase(Locale.ROOT).replace(' ', '_');
  }

  static String city(SplittableRandom r) {
    return cap(SYLLABLES[r.nextInt(SYLLABLES.length)] + CITY_ENDINGS[r.nextInt(CITY_ENDINGS.length)]);
  }

  private static String word(SplittableRandom r) {
    return cap(SYLLABLES[r.nextInt(SYLLABLES.length)] + SYLLABLES[r.nextInt(SYLLABLES.length)]);
  }

  private static String cap(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
