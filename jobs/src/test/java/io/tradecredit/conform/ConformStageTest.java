package io.tradecredit.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformStageTest extends SparkTestBase {
  static final String ORDERS = "platform,order_id,seller_account,buyer_account,order_ts,amount,currency,"
      + "payment_terms_days,category,status,updated_at\n";

  private static void nightThrough(RunContext ctx, String date) {
    new IngestStage(ctx).run(LocalDate.parse(date), Arrays.asList(Feed.values()));
    new ConformStage(ctx).run(LocalDate.parse(date));
  }

  private static void quietDay(LandingFixture f, String dt) {
    f.success("orders", dt);
  }

  @Test
  void latestUpdateWinsWhateverTheDeliveryOrder(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("fx_rates", "2026-11-02", "fx.csv", "rate_date,currency,usd_per_unit\n2026-11-01,EUR,1.1\n");
    f.success("fx_rates", "2026-11-02");
    f.file("orders", "2026-11-02", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,SHIPPED,2026-11-02T10:00:00Z\n");
    f.success("orders", "2026-11-02");
    // A late, older update of o1 arrives the next day: it must not win.
    f.file("orders", "2026-11-03", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-01T11:00:00Z\n");
    f.success("orders", "2026-11-03");
    f.file("orders", "2026-11-04", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,COMPLETED,2026-11-04T10:00:00Z\n");
    f.success("orders", "2026-11-04");
    RunContext ctx = f.context();

    nightThrough(ctx, "2026-11-04");

    assertEquals(rows("[2026-11-02,2026-11-04,SHIPPED]", "[2026-11-04,null,COMPLETED]"),
        rows(ctx.lake().read(Tables.silver(Feed.ORDERS)).selectExpr("valid_from", "valid_to", "status")));
    assertEquals(rows("[SHIPPED]"),
        rows(Silver.asOf(ctx.lake(), Feed.ORDERS, LocalDate.parse("2026-11-03")).select("status")),
        "as of the 3rd, the late older update has not replaced the newer one");
    long version = ctx.lake().version(Tables.silver(Feed.ORDERS));
    nightThrough(ctx, "2026-11-04");
    assertEquals(version, ctx.lake().version(Tables.silver(Feed.ORDERS)), "a rerun changes nothing");
  }

  @Test
  void amountsConvertAtTheRateOfTheDayWithASevenDayFallback(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    // Friday rates only; the weekend falls back to Friday. GBP has no rate within 7 days of the 2nd.
    f.file("fx_rates", "2026-11-02", "fx.csv",
        "rate_date,currency,usd_per_unit\n2026-10-30,EUR,1.1\n2026-11-02,EUR,1.2\n2026-10-20,GBP,1.3\n");
    f.success("fx_rates", "2026-11-02");
    f.file("orders", "2026-11-02", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-02T10:00:00Z\n"
        + "th,o2,S1,B1,2026-11-02T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-02T10:00:00Z\n"
        + "th,o3,S1,B1,2026-11-02T10:00:00Z,50.00,USD,30,,PLACED,2026-11-02T10:00:00Z\n"
        + "th,o4,S1,B1,2026-10-27T10:00:00Z,10.00,GBP,30,,PLACED,2026-11-02T10:00:00Z\n"
        + "th,o5,S1,B1,2026-10-28T10:00:00Z,10.00,GBP,30,,PLACED,2026-11-02T10:00:00Z\n");
    f.success("orders", "2026-11-02");
    RunContext ctx = f.context();

    nightThrough(ctx, "2026-11-02");

    assertEquals(rows("[o1,110.00]", "[o2,120.00]", "[o3,50.00]", "[o4,13.00]"),
        rows(ctx.lake().read(Tables.silver(Feed.ORDERS)).selectExpr("order_id", "amount_usd")));
    assertEquals(rows("[conform,orders,6,NO_FX_RATE]"), rows(ctx.lake().read(Tables.QUARANTINE)
        .selectExpr("stage", "feed", "source_line", "rule")), "o5 is 8 days after the last GBP rate");
  }

  @Test
  void everyIdentityPath(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.file("registry", "2026-11-02", "r.csv", "registry_country,registration_number,legal_name,legal_form,status,"
        + "incorporation_date,registered_capital,capital_currency,industry_code,city,updated_at\n"
        + "CN,91310000AB,BRIGHT LIGHTING CO LTD,LTD,ACTIVE,2015-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "CN,91440000CD,Pearl River Trading Co Ltd,LTD,ACTIVE,2012-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "GB,0001,ACME LTD,LTD,ACTIVE,2010-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "GB,0002,Acme Limited,LTD,ACTIVE,2011-01-01,,,,,2026-11-01T00:00:00Z\n");
    f.success("registry", "2026-11-02");
    f.file("accounts", "2026-11-02", "a.csv", "platform,account_id,registry_country,registration_number,"
        + "declared_name,verified,verified_at,created_at,updated_at\n"
        + "th,A1,CN,9131-0000.ab,Bright,true,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "sm,B7,CN,91310000 AB,Bright Lighting,true,,2021-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "th,A2,CN,,\"Pearl River Trading Co., Ltd.\",false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "th,A3,GB,,Acme,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "th,A4,DE,,Nobody GmbH,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n");
    f.success("accounts", "2026-11-02");
    RunContext ctx = f.context();

    nightThrough(ctx, "2026-11-02");

    assertEquals(rows(
            "[sm,B7,CN:91310000AB,REGISTRATION_NUMBER,null]",
            "[th,A1,CN:91310000AB,REGISTRATION_NUMBER,null]",
            "[th,A2,CN:91440000CD,NAME_COUNTRY,null]",
            "[th,A3,th@A3,UNRESOLVED,AMBIGUOUS_NAME: 2 registry companies in GB are named 'ACME']",
            "[th,A4,th@A4,UNRESOLVED,NO_MATCH: no registration number and no registry company of that name in the "
                + "country]"),
        rows(ctx.lake().read(Tables.COMPANY_ACCOUNTS).selectExpr("platform", "account_id", "company_id",
            "match_method", "match_reason")));
  }
}
