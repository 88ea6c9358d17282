package io.tradecredit.report;

import java.util.Locale;

/** The few pieces every static page of the project shares: escaping, numbers, the head of a page. */
public final class Html {
  private Html() {}

  /** Text for an element or an attribute value: values come from deliveries and must never become markup. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
      }
    }
    return b.toString();
  }

  /** The text of markup written by {@link #esc}: entities back to characters. */
  public static String unesc(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  public static String num(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  public static String fixed(double d, int decimals) {
    return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", d);
  }

  public static String percent(double share, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f%%", share * 100);
  }

  /**
   * The start of a self-contained page: no script, no external resource, and a policy saying so, which the browser
   * enforces if a value ever slipped into markup.
   */
  public static StringBuilder head(String title, String css) {
    return new StringBuilder(8192).append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
        .append("style-src 'unsafe-inline'\">\n<meta name=\"viewport\" content=\"width=device-width\">\n<title>")
        .append(esc(title)).append("</title>\n<style>\n").append(css).append("</style>\n</head>\n<body>\n");
  }
}
