package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CountryRegionsTest {
  @Test
  void mapsCountriesToTheirM49SubRegionAndTheRestToOther() {
    assertEquals("Western Europe", CountryRegions.region("DE"));
    assertEquals(CountryRegions.region("DE"), CountryRegions.region("fr"), "any case");
    assertEquals("Eastern Asia", CountryRegions.region("CN"));
    assertEquals("Western Africa", CountryRegions.region("NG"));
    assertEquals("South America", CountryRegions.region("BR"));
    assertNotEquals(CountryRegions.region("US"), CountryRegions.region("MX"));
    for (String unknown : new String[] {null, "", "ZZ", "QQ", "DEU", "150", CountryRegions.UNKNOWN_COUNTRY}) {
      assertEquals(CountryRegions.OTHER, CountryRegions.region(unknown), "region of " + unknown);
    }
  }

  @Test
  void everyIsoCountryHasARegion() {
    for (String country : Locale.getISOCountries()) {
      assertNotEquals(CountryRegions.OTHER, CountryRegions.region(country), country);
    }
  }
}
