package io.tradecredit.generate;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money as the contract writes it: a decimal with two fraction digits and a dot. */
final class Money {
  private Money() {}

  static BigDecimal of(double amount) {
    return BigDecimal.valueOf(Math.max(0.01, amount)).setScale(2, RoundingMode.HALF_UP);
  }

  static String text(BigDecimal amount) {
    return amount.toPlainString();
  }

  /** A share of an amount, never zero and never all of it. */
  static BigDecimal part(BigDecimal amount, double share) {
    BigDecimal p = amount.multiply(BigDecimal.valueOf(share)).setScale(2, RoundingMode.HALF_UP);
    return p.signum() <= 0 ? new BigDecimal("0.01") : p;
  }
}
