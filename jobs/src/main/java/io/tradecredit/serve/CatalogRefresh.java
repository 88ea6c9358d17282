package io.tradecredit.serve;

import io.tradecredit.conform.TradeLinks;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.ReadOnlySql;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the server's catalog up with the lake. A registered Delta table needs nothing: each query reads its latest
 * version, so a night's publication is seen by the next query. A table the lake did not have when the server started
 * (a first publication, a feed's first delivery) is registered by the next refresh, with the views over it.
 */
final class CatalogRefresh implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogRefresh.class);

  private final Lake lake;
  private final Set<Table> registered = new HashSet<>();

  CatalogRefresh(Lake lake) {
    this.lake = lake;
  }

  /** Registers the tables that appeared since the last call; returns how many. */
  synchronized int refresh() {
    List<Table> appeared = Tables.all().stream().filter(t -> !registered.contains(t) && lake.exists(t)).toList();
    if (appeared.isEmpty()) {
      return 0;
    }
    // The server's own registration: analysts' sessions are read-only, this thread writes the catalog.
    ReadOnlySql.asOperator(() -> {
      lake.registerCatalog(appeared::contains);
      if (appeared.stream().anyMatch(t -> t.database().equals("silver"))) {
        TradeLinks.register(lake);
      }
      return null;
    });
    registered.addAll(appeared);
    return appeared.size();
  }

  @Override
  public void run() {
    try {
      int added = refresh();
      if (added > 0) {
        LOG.info("serve: {} new table(s) of the lake registered", added);
      }
    } catch (RuntimeException e) {
      // A lake mid-write (a table's first commit under way) is retried at the next refresh; the server stays up.
      LOG.warn("serve: refreshing the catalog failed, retried at the next refresh: {}", e.getMessage());
    }
  }
}
