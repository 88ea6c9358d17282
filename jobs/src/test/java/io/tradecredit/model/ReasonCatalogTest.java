package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReasonCatalogTest {

  private static Characteristic numeric(String name, Characteristic.Trend trend) {
    return new Characteristic(name, Characteristic.Type.NUMERIC, "", "", "", "", trend, 0.1, List.of(
        new Bin(Bin.Kind.RANGE, "< 1", null, 1.0, null, null, 10, 5, 0.5, -1, 0),
        new Bin(Bin.Kind.RANGE, ">= 1", 1.0, null, null, null, 10, 1, 0.1, 1, 0),
        new Bin(Bin.Kind.MISSING, "missing", null, null, null, null, 0, 0, 0, 0, 0)));
  }

  @Test
  void aDirectionalTextOnlyWhenTheBinsAgreeWithIt() {
    Characteristic young = ReasonCatalog.withReasons(numeric("company_age_years", Characteristic.Trend.DECREASING));
    assertEquals("COMPANY_AGE", young.reasonCode());
    assertEquals("Company is young", young.reasonText());
    assertEquals("NO_REGISTRY_RECORD", young.missingReasonCode());
    // Bad rate rising with age contradicts "young is adverse": the neutral text says only what was learned.
    Characteristic old = ReasonCatalog.withReasons(numeric("company_age_years", Characteristic.Trend.INCREASING));
    assertEquals("Company age is in a higher-risk range", old.reasonText());
    Characteristic other = ReasonCatalog.withReasons(numeric("days_to_ship", Characteristic.Trend.INCREASING));
    assertEquals("DAYS_TO_SHIP", other.reasonCode());
    assertEquals("Days to ship is in a higher-risk range", other.reasonText());
    assertEquals("DAYS_TO_SHIP_MISSING", other.missingReasonCode());
    assertEquals("Days to ship not on record", other.missingReasonText());
  }

  @Test
  void sellerFeaturesShareOneMissingReason() {
    Characteristic orders = ReasonCatalog.withReasons(numeric("seller_orders_365d", Characteristic.Trend.DECREASING));
    Characteristic cancels = ReasonCatalog.withReasons(numeric("seller_cancel_share_365d", Characteristic.Trend.INCREASING));
    assertEquals("Few sales orders in the last 12 months", orders.reasonText());
    assertEquals("Many sales orders cancelled in the last 12 months", cancels.reasonText());
    assertEquals(orders.missingReasonCode(), cancels.missingReasonCode());
    assertEquals("No sales recorded on the platforms", cancels.missingReasonText());
  }
}
