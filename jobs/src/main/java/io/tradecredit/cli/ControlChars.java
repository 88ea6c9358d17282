package io.tradecredit.cli;

/**
 * Control characters made visible, so that a value can never drive the terminal it is printed on: ESC starts
 * ANSI/OSC sequences (clear the screen, retitle the window), BEL rings, backspace and carriage return overwrite
 * what was printed, and C1 controls such as U+009B (a one-character CSI) or bidirectional overrides reorder it.
 */
final class ControlChars {
  private ControlChars() {}

  /** {@code s} with every control character written as an escape: \n \r \t \b, others as \\u001b. */
  static String visible(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escaped = switch (c) {
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        case '\b' -> "\\b";
        default -> isControl(c) ? unicodeEscape(c) : null;
      };
      if (escaped != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (escaped != null) {
          sb.append(escaped);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  /**
   * The first {@code max} lines of {@code s} ({@code \n} ends a line; a carriage return is shown, it could overwrite
   * one), each made {@link #visible}: for messages, whose line breaks are meant.
   */
  static String visibleLines(String s, int max) {
    return java.util.Arrays.stream(s.split("\n", -1)).limit(max).map(ControlChars::visible)
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /**
   * A line of JSON with the control characters JSON allows raw (DEL, C1, bidirectional controls) escaped as
   * {@code \\uXXXX}: the same value for any JSON reader. They can only occur inside strings, where the escape
   * means the character itself.
   */
  static String jsonSafe(String json) {
    StringBuilder sb = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean escape = isControl(c);
      if (escape && sb == null) {
        sb = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      if (sb != null) {
        if (escape) {
          sb.append(unicodeEscape(c));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? json : sb.toString();
  }

  /** C0 (including NUL and ESC), DEL, C1, and the bidirectional formatting characters. */
  static boolean isControl(char c) {
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u061c' || c == '\u200e' || c == '\u200f'
        || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
  }

  private static String unicodeEscape(char c) {
    return String.format("\\u%04x", (int) c);
  }
}
