package io.tradecredit.score;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;

/**
 * How much trade evidence stands behind a score.
 *
 * <ul>
 *   <li>HIGH: a registry-resolved company with a verified account, a registry record and at least
 *       {@value #HIGH_ORDERS} orders (as seller or buyer) in the last 365 days;
 *   <li>MEDIUM: a resolved company with at least {@value #MEDIUM_ORDERS} orders in 365 days;
 *   <li>LOW: everything else: thin files (registry only), and accounts that match no registry company.
 * </ul>
 */
public final class Confidence {
  public static final int HIGH_ORDERS = 30;
  public static final int MEDIUM_ORDERS = 5;

  private Confidence() {}

  public static Column of(Column companyId, Column sellerOrders, Column buyerOrders, Column verified,
      Column registryStatus) {
    Column orders = coalesce(sellerOrders, lit(0)).plus(coalesce(buyerOrders, lit(0)));
    Column resolved = not(companyId.contains("@"));
    return when(resolved.and(orders.geq(HIGH_ORDERS)).and(verified.equalTo("true")).and(registryStatus.isNotNull()),
            lit("HIGH"))
        .when(resolved.and(orders.geq(MEDIUM_ORDERS)), lit("MEDIUM"))
        .otherwise(lit("LOW"));
  }
}
