package io.tradecredit.erase;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RawTextMatcherTest {
  private final RawTextMatcher matcher = new RawTextMatcher("CN:91310000MA1K4AB3XX", "CN", "91310000MA1K4AB3XX",
      Set.of("tradehub@TH-10011", "silkmart@SM-20011"), Set.of("tradehub/THO-1002193"));

  @Test
  void aRecordNamingTheCompanyInAnySpellingMatches() {
    assertTrue(matcher.call("tradehub,TH-10011,cn,9131 0000-MA1K4AB3XX,Acme,true,,2020-01-01T00:00:00Z,"));
    assertTrue(matcher.call("{\"registry_country\": \"CN\", \"registration_number\": \"91310000ma1k4ab3xx\"}"));
    assertTrue(matcher.call("silkmart,SMO-1,SM-20044,SM-20011,2026-01-01T00:00:00Z,10.00,USD,0,,PLACED,"));
    assertTrue(matcher.call("maersk,MAEU1,tradehub,THO-1002193,CN,DE,2026-11-01,,,,BOOKED,2026-11-01T00:00:00Z"));
    assertTrue(matcher.call("{\"company_id\": \"CN:91310000MA1K4AB3XX\"}"));
  }

  @Test
  void otherCompaniesAndLookAlikesDoNotMatch() {
    assertFalse(matcher.call("silkmart,SMO-1,SM-200111,SM-2001,2026-01-01T00:00:00Z,10.00,USD,0,,PLACED,"));
    // The account of another platform with the same id is another account.
    assertFalse(matcher.call("bazaarb2b,BZO-1,TH-10011,BZ-30011,2026-01-01T00:00:00Z,10.00,USD,0,,PLACED,"));
    // The number without its country, or inside a longer value, is not the company.
    assertFalse(matcher.call("VN,91310000MA1K4AB3XX,Someone"));
    assertFalse(matcher.call("CN,91310000MA1K4AB3XX9,Someone"));
    assertFalse(matcher.call(null));
  }
}
