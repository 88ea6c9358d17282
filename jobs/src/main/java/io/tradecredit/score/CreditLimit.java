package io.tradecredit.score;

import static org.apache.spark.sql.functions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * The recommended trade-credit limit of a company as a buyer (published.md, credit_limit_usd): the one place the
 * rule lives (docs/credit-limit.md explains it to platforms).
 *
 * <p>A seller extending net terms risks what the buyer owes at once, and a buyer's open purchases are a month or
 * two of its buying: so the limit is a multiple of the buyer's average monthly purchases, the multiple falling with
 * its grade and zero from CCC down. No purchase in the last 365 days, no limit (0): there is nothing to scale. The
 * figure is rounded down (to 100 USD below 10,000, to 1,000 above) so it is not read as more precise than it is,
 * and capped, since a year of one platform's history does not justify an unbounded exposure.
 *
 * <p>The grade is that of the payment risk when a payment model scored the company (payment_grade), else that of
 * the overall credit risk (grade).
 */
public final class CreditLimit {
  /** Months of average purchases a seller may leave open, per grade; grades not listed get 0. */
  public static final Map<String, Double> MONTHS_BY_GRADE = new LinkedHashMap<>();

  static {
    MONTHS_BY_GRADE.put("AAA", 3.0);
    MONTHS_BY_GRADE.put("AA", 2.5);
    MONTHS_BY_GRADE.put("A", 2.0);
    MONTHS_BY_GRADE.put("BBB", 1.5);
    MONTHS_BY_GRADE.put("BB", 1.0);
    MONTHS_BY_GRADE.put("B", 0.5);
  }

  public static final double CAP_USD = 250_000;
  /** Below this a limit rounds to nothing useful; the figure is then 0 with its reason. */
  public static final double MIN_USD = 100;

  private CreditLimit() {}

  /**
   * @param grade the grade the rule goes by (payment risk's, else the overall one)
   * @param purchasesUsd365d what the company bought in the last 365 days, USD (buyer_volume_usd_365d)
   * @param orders365d how many orders it placed as a buyer in those days (buyer_orders_365d)
   * @param monthsActive whole months since its first activity (months_since_first_activity)
   * @return the limit and its reason, as columns {@code credit_limit_usd} (decimal(18,2)) and
   *     {@code credit_limit_reason}
   */
  public static Column[] of(Column grade, Column purchasesUsd365d, Column orders365d, Column monthsActive) {
    Column months = least(lit(12.0), greatest(lit(1.0), coalesce(monthsActive.cast("double"), lit(12.0))));
    Column monthly = coalesce(purchasesUsd365d, lit(0.0)).divide(months);
    Column multiple = lit(0.0);
    for (Map.Entry<String, Double> e : MONTHS_BY_GRADE.entrySet()) {
      multiple = when(grade.equalTo(e.getKey()), lit(e.getValue())).otherwise(multiple);
    }
    Column raw = least(monthly.multiply(multiple), lit(CAP_USD));
    Column rounded = when(raw.lt(10_000), floor(raw.divide(100)).multiply(100))
        .otherwise(floor(raw.divide(1000)).multiply(1000));
    Column noHistory = coalesce(orders365d, lit(0.0)).leq(0).or(monthly.leq(0));
    Column noCredit = multiple.leq(0);
    Column limit = when(noHistory.or(noCredit), lit(0.0)).when(rounded.lt(MIN_USD), lit(0.0)).otherwise(rounded);
    Column reason = when(grade.isNull(), lit("no grade to go by: no recommendation"))
        .when(noHistory, lit("no purchases as a buyer in the last 365 days: extend no credit"))
        .when(noCredit, concat(lit("grade "), grade, lit(": extend no credit")))
        .when(rounded.lt(MIN_USD), concat(lit("purchases of USD "), format_number(monthly, 0),
            lit(" a month are too small for a limit")))
        .otherwise(concat(format_number(multiple, 1), lit(" x average monthly purchases of USD "),
            format_number(monthly, 0), lit(" over "), months.cast("int").cast("string"), lit(" month(s), grade "),
            grade, when(raw.geq(CAP_USD), lit(", capped at USD " + String.format("%,.0f", CAP_USD)))
                .otherwise(lit("")), lit(", rounded down")));
    return new Column[] {when(grade.isNull(), lit(null)).otherwise(limit).cast("decimal(18,2)")
        .as("credit_limit_usd"), reason.as("credit_limit_reason")};
  }
}
