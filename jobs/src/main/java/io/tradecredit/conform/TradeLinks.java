package io.tradecredit.conform;

import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.util.List;

/**
 * Trade linked to companies: the current orders, payments, shipments and disputes with the company_id of their
 * seller and buyer, through the accounts that took part ({@code silver.company_accounts}). Views rather than
 * tables: an account matched later (a registry record or a number that arrives after its orders) links its whole
 * trade at once, with nothing to rewrite.
 *
 * <p>An account missing from the accounts feed is, like an unresolved one, its own entity
 * {@code platform@account_id}. Payments, shipments and disputes reach the seller (and shipments and disputes the
 * buyer) through their order; one whose order has not arrived has a null company there.
 */
public final class TradeLinks {
  private TradeLinks() {}

  /** A view over silver: its name and comment, the feed it shows, and its query. */
  public record View(Table table, Feed feed, String query) {}

  private static final String ACCOUNTS = Tables.COMPANY_ACCOUNTS.qualified();

  public static final Table ORDERS = view("orders_linked", "Current orders with seller_company_id and "
      + "buyer_company_id through the seller and buyer accounts");
  public static final Table PAYMENTS = view("payments_linked", "Current payments with buyer_company_id (the "
      + "payer's) and seller_company_id (through the order)");
  public static final Table SHIPMENTS = view("shipments_linked", "Current shipments with seller_company_id and "
      + "buyer_company_id through the order");
  public static final Table DISPUTES = view("disputes_linked", "Current disputes with seller_company_id and "
      + "buyer_company_id through the order");

  public static final List<View> VIEWS = List.of(
      new View(ORDERS, Feed.ORDERS, "SELECT o.*,"
          + " coalesce(s.company_id, concat(o.platform, '@', o.seller_account)) AS seller_company_id,"
          + " coalesce(b.company_id, concat(o.platform, '@', o.buyer_account)) AS buyer_company_id"
          + " FROM " + Tables.silver(Feed.ORDERS).qualified() + " o"
          + " LEFT JOIN " + ACCOUNTS + " s ON s.platform = o.platform AND s.account_id = o.seller_account"
          + " LEFT JOIN " + ACCOUNTS + " b ON b.platform = o.platform AND b.account_id = o.buyer_account"
          + " WHERE o.valid_to IS NULL"),
      new View(PAYMENTS, Feed.PAYMENTS, "SELECT p.*, o.seller_company_id,"
          + " coalesce(a.company_id, concat(p.platform, '@', p.payer_account)) AS buyer_company_id"
          + " FROM " + Tables.silver(Feed.PAYMENTS).qualified() + " p"
          + " LEFT JOIN " + ORDERS.qualified() + " o ON o.platform = p.platform AND o.order_id = p.order_id"
          + " LEFT JOIN " + ACCOUNTS + " a ON a.platform = p.platform AND a.account_id = p.payer_account"
          + " WHERE p.valid_to IS NULL"),
      throughOrder(SHIPMENTS, Feed.SHIPMENTS),
      throughOrder(DISPUTES, Feed.DISPUTES));

  private static View throughOrder(Table view, Feed feed) {
    return new View(view, feed, "SELECT x.*, o.seller_company_id, o.buyer_company_id"
        + " FROM " + Tables.silver(feed).qualified() + " x"
        + " LEFT JOIN " + ORDERS.qualified() + " o ON o.platform = x.platform AND o.order_id = x.order_id"
        + " WHERE x.valid_to IS NULL");
  }

  private static Table view(String name, String comment) {
    return new Table("silver", name, comment);
  }

  /**
   * Creates the views in the session's catalog, after {@link Lake#registerCatalog}; a view whose tables do not
   * exist yet (the feed never delivered) is left out.
   */
  public static void register(Lake lake) {
    for (View v : VIEWS) {
      if (lake.exists(Tables.silver(v.feed())) && lake.exists(Tables.silver(Feed.ORDERS))
          && lake.exists(Tables.COMPANY_ACCOUNTS)) {
        lake.spark().sql("CREATE OR REPLACE VIEW " + v.table().qualified() + " COMMENT '"
            + v.table().comment().replace("\\", "\\\\").replace("'", "\\'") + "' AS " + v.query());
      }
    }
  }
}
