package io.tradecredit.conform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tradecredit.LandingFixture;
import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConformStageTest extends SparkTestBase {
  static final String ORDERS = "platform,order_id,seller_account,buyer_account,order_ts,amount,currency,"
      + "payment_terms_days,category,status,updated_at\n";
  static final String PAYMENTS = "platform,payment_id,order_id,payer_account,due_date,paid_at,amount,currency,"
      + "updated_at\n";
  static final String DISPUTES = "platform,dispute_id,order_id,opened_at,opened_by,reason,status,resolved_at,"
      + "at_fault,amount,currency,updated_at\n";
  static final String REGISTRY = "registry_country,registration_number,legal_name,legal_form,status,"
      + "incorporation_date,registered_capital,capital_currency,industry_code,city,updated_at\n";
  static final String ACCOUNTS = "platform,account_id,registry_country,registration_number,declared_name,verified,"
      + "verified_at,created_at,updated_at\n";
  static final String CREDIT_EVENTS = "registry_country,registration_number,event_type,event_date,reporter,amount,"
      + "currency,updated_at\n";

  private static void nightThrough(RunContext ctx, String date) {
    new IngestStage(ctx).run(LocalDate.parse(date), Arrays.asList(Feed.values()));
    new ConformStage(ctx).run(LocalDate.parse(date));
  }

  @Test
  void latestUpdateWinsWhateverTheDeliveryOrder(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.drop("fx_rates", "2026-11-02", "fx.csv", "rate_date,currency,usd_per_unit\n2026-11-01,EUR,1.1\n");
    f.drop("orders", "2026-11-02", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,SHIPPED,2026-11-02T10:00:00Z\n");
    // A late, older update of o1 arrives the next day: it must not win.
    f.drop("orders", "2026-11-03", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-01T11:00:00Z\n");
    f.drop("orders", "2026-11-04", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,COMPLETED,2026-11-04T10:00:00Z\n");
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
    f.drop("fx_rates", "2026-11-02", "fx.csv",
        "rate_date,currency,usd_per_unit\n2026-10-30,EUR,1.1\n2026-11-02,EUR,1.2\n2026-10-20,GBP,1.3\n");
    f.drop("orders", "2026-11-02", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-02T10:00:00Z\n"
        + "th,o2,S1,B1,2026-11-02T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-02T10:00:00Z\n"
        + "th,o3,S1,B1,2026-11-02T10:00:00Z,50.00,USD,30,,PLACED,2026-11-02T10:00:00Z\n"
        + "th,o4,S1,B1,2026-10-27T10:00:00Z,10.00,GBP,30,,PLACED,2026-11-02T10:00:00Z\n"
        + "th,o5,S1,B1,2026-10-28T10:00:00Z,10.00,GBP,30,,PLACED,2026-11-02T10:00:00Z\n");
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
    f.drop("registry", "2026-11-02", "r.csv", REGISTRY
        + "CN,91310000AB,BRIGHT LIGHTING CO LTD,LTD,ACTIVE,2015-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "CN,9144-0000/cd,Pearl River Trading Co Ltd,LTD,ACTIVE,2012-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "GB,0003,Pearl River Trading Limited,LTD,ACTIVE,2012-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "GB,0001,ACME LTD,LTD,ACTIVE,2010-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "GB,0002,Acme Limited,LTD,ACTIVE,2011-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "DE,HRB 12345,Müller Maschinenbau GmbH & Co. KG,KG,ACTIVE,2001-01-01,,,,,2026-11-01T00:00:00Z\n"
        + "FR,552 100 554,Société Générale du Sud S.A.,SA,ACTIVE,1990-01-01,,,,,2026-11-01T00:00:00Z\n");
    f.drop("accounts", "2026-11-02", "a.csv", ACCOUNTS
        // The number as declared, in every spelling the rule folds: dots, dashes, spaces, slashes, lower case.
        + "th,A1,CN,9131-0000.ab,Bright,true,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "sm,B7,CN,91310000 AB,Bright Lighting,true,,2021-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "tb,C2,cn,9131/0000/Ab,Bright Lights,true,,2021-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        // No number: the name decides, within the account's country only.
        + "th,A2,CN,,\"Pearl River Trading Co., Ltd.\",false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "th,A5,DE,,MULLER MASCHINENBAU GMBH,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "sm,B8,FR,,societe generale du sud sarl,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "th,A3,GB,,Acme,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "th,A4,DE,,Nobody GmbH,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "th,A6,FR,,Müller Maschinenbau,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n");
    RunContext ctx = f.context();

    nightThrough(ctx, "2026-11-02");

    String noMatch = "NO_MATCH: no registration number and no registry company of that name in the country";
    assertEquals(rows(
            "[sm,B7,CN:91310000AB,REGISTRATION_NUMBER,null,CN,91310000AB]",
            "[th,A1,CN:91310000AB,REGISTRATION_NUMBER,null,CN,91310000AB]",
            "[tb,C2,CN:91310000AB,REGISTRATION_NUMBER,null,CN,91310000AB]",
            "[th,A2,CN:91440000CD,NAME_COUNTRY,null,CN,91440000CD]",
            "[th,A5,DE:HRB12345,NAME_COUNTRY,null,DE,HRB12345]",
            "[sm,B8,FR:552100554,NAME_COUNTRY,null,FR,552100554]",
            "[th,A3,th@A3,UNRESOLVED,AMBIGUOUS_NAME: 2 registry companies in GB are named 'ACME',null,null]",
            "[th,A4,th@A4,UNRESOLVED," + noMatch + ",null,null]",
            "[th,A6,th@A6,UNRESOLVED," + noMatch + ",null,null]"),
        rows(ctx.lake().read(Tables.COMPANY_ACCOUNTS).selectExpr("platform", "account_id", "company_id",
            "match_method", "match_reason", "registry_country", "registration_number")));
  }

  /**
   * A night with a delivery too large to merge as literal rows (more than MergeSources.LITERAL_MAX_ROWS) still merges
   * its small deliveries as literal rows, with Delta's copy of merge sources left on for the night: each comes out as
   * on a night of small deliveries only.
   */
  @Test
  void aLargeDeliveryBesideSmallOnesMergesEveryRowOfBoth(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.drop("fx_rates", "2026-11-02", "fx.csv", "rate_date,currency,usd_per_unit\n2026-11-01,EUR,2\n");
    f.drop("payments", "2026-11-02", "p.csv", PAYMENTS + "th,p1,o1,B1,2026-12-01,,10.00,,2026-11-02T10:00:00Z\n");
    f.drop("orders", "2026-11-02", "o.csv", orders(2, "PLACED", "2026-11-02T09:00:00Z"));
    f.drop("disputes", "2026-11-02", "d.csv", DISPUTES
        + "th,d1,o1,2026-11-02T08:00:00Z,BUYER,OTHER,OPEN,,,10.00,EUR,2026-11-02T08:00:00Z\n");
    // The next night: a large delivery that replaces every order, and a payment that replaces p1 and takes its
    // order's currency (a literal merge that closes a version, on a night with Delta's copy on).
    f.drop("orders", "2026-11-03", "o.csv", orders(5_001, "SHIPPED", "2026-11-03T09:00:00Z"));
    f.drop("payments", "2026-11-03", "p.csv", PAYMENTS + "th,p1,o1,B1,2026-12-01,2026-11-03T08:00:00Z,10.00,,"
        + "2026-11-03T10:00:00Z\n");
    // A new dispute only: merged as literal rows, it replaces no version and is appended instead of merged.
    f.drop("disputes", "2026-11-03", "d.csv", DISPUTES
        + "th,d2,o2,2026-11-03T08:00:00Z,BUYER,OTHER,OPEN,,,10.00,EUR,2026-11-03T08:00:00Z\n");
    RunContext ctx = f.context();

    nightThrough(ctx, "2026-11-02");
    nightThrough(ctx, "2026-11-03");

    assertEquals(rows("[2026-11-02,orders,2,2,0]", "[2026-11-02,payments,1,1,0]", "[2026-11-03,orders,5001,5001,2]",
            "[2026-11-03,payments,1,1,1]"),
        rows(ctx.lake().read(Tables.CONFORM_LOG).where("feed IN ('orders', 'payments')")
            .selectExpr("dt", "feed", "rows_in", "versions_inserted", "versions_closed")));
    assertEquals(rows("[2026-11-02,2026-11-03,PLACED,2,400.00]", "[2026-11-03,null,SHIPPED,5001,1000200.00]"),
        rows(read(ctx, Feed.ORDERS).groupBy("valid_from", "valid_to", "status")
            .agg(org.apache.spark.sql.functions.count("*"), org.apache.spark.sql.functions.sum("amount_usd"))));
    assertEquals(rows("[2026-11-02,2026-11-03,EUR,20.00]", "[2026-11-03,null,EUR,20.00]"),
        rows(read(ctx, Feed.PAYMENTS).selectExpr("valid_from", "valid_to", "currency", "amount_usd")));
    assertEquals(rows("[d1,2026-11-02,null,20.00]", "[d2,2026-11-03,null,20.00]"),
        rows(read(ctx, Feed.DISPUTES).selectExpr("dispute_id", "valid_from", "valid_to", "amount_usd")));
    assertEquals("WRITE", ctx.lake().delta(Tables.silver(Feed.DISPUTES)).history(1).first().getAs("operation"),
        "the small dispute delivery beside the large orders one was appended as literal rows, not merged");
  }

  /** An orders delivery of o1 .. o{@code n}, each of 100 EUR. */
  private static String orders(int n, String status, String updatedAt) {
    StringBuilder csv = new StringBuilder(ORDERS);
    for (int i = 1; i <= n; i++) {
      csv.append("th,o").append(i).append(",S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,").append(status).append(',')
          .append(updatedAt).append('\n');
    }
    return csv.toString();
  }

  @Test
  void aTieKeepsTheEarlierDeliveryAndEachNightMergesOnlyItsOwnDelivery(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.drop("fx_rates", "2026-11-02", "fx.csv", "rate_date,currency,usd_per_unit\n2026-11-01,EUR,1.1\n");
    f.drop("orders", "2026-11-02", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,SHIPPED,2026-11-02T10:00:00Z\n"
        // Two versions of o2 in one delivery: the later one wins whatever the line order.
        + "th,o2,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,CONFIRMED,2026-11-02T09:00:00Z\n"
        + "th,o2,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-01T10:30:00Z\n");
    // The same updated_at again with other content: a tie, which the earlier delivery keeps.
    f.drop("orders", "2026-11-03", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,CANCELLED,2026-11-02T10:00:00Z\n"
        + "th,o3,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-03T10:00:00Z\n");
    // An older update of o2 delivered late, then a newer one.
    f.drop("orders", "2026-11-04", "o.csv", ORDERS
        + "th,o2,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-01T12:00:00Z\n");
    f.drop("orders", "2026-11-05", "o.csv", ORDERS
        + "th,o2,S1,B1,2026-11-01T10:00:00Z,100.00,EUR,30,,DELIVERED,2026-11-05T09:00:00Z\n");
    RunContext ctx = f.context();

    for (String night : List.of("2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05")) {
      nightThrough(ctx, night);
    }

    assertEquals(rows(
            "[o1,2026-11-02,null,SHIPPED,2026-11-02]",
            "[o2,2026-11-02,2026-11-05,CONFIRMED,2026-11-02]",
            "[o2,2026-11-05,null,DELIVERED,2026-11-05]",
            "[o3,2026-11-03,null,PLACED,2026-11-03]"),
        rows(ctx.lake().read(Tables.silver(Feed.ORDERS))
            .selectExpr("order_id", "valid_from", "valid_to", "status", "delivered_dt")));
    // Each night read its own delivery only (rows in = the rows that delivery brought, not all of bronze), and the
    // log counts what the merge did: the late older o2 of the 4th changed nothing.
    assertEquals(rows("[2026-11-02,3,2,0]", "[2026-11-03,2,1,0]", "[2026-11-04,1,0,0]", "[2026-11-05,1,1,1]"),
        rows(ctx.lake().read(Tables.CONFORM_LOG).where("feed = 'orders'")
            .selectExpr("dt", "rows_in", "versions_inserted", "versions_closed")));
  }

  @Test
  void everyFeedConvertsAtTheDayTheContractNamesAndOnlyCreditEventsOutliveAMissingRate(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.drop("fx_rates", "2026-11-10", "fx.csv", "rate_date,currency,usd_per_unit\n"
        + "2026-11-01,EUR,1.0\n2026-11-05,EUR,2.0\n2026-11-09,EUR,3.0\n");
    f.drop("orders", "2026-11-10", "o.csv", ORDERS
        + "th,o1,S1,B1,2026-11-05T23:59:59Z,10.00,EUR,30,,PLACED,2026-11-09T10:00:00Z\n");
    f.drop("payments", "2026-11-10", "p.csv", PAYMENTS
        // Paid: the day of paid_at. Unpaid: the day of updated_at.
        + "th,p1,o1,B1,2026-11-20,2026-11-01T08:00:00Z,10.00,EUR,2026-11-09T10:00:00Z\n"
        + "th,p2,o1,B1,2026-11-20,,10.00,EUR,2026-11-06T10:00:00Z\n"
        // No currency: the order's.
        + "th,p3,o1,B1,2026-11-20,2026-11-09T08:00:00Z,10.00,,2026-11-09T10:00:00Z\n"
        // Paid before the first EUR rate: nothing to fall back to, quarantined.
        + "th,p4,o1,B1,2026-11-20,2026-10-31T08:00:00Z,10.00,EUR,2026-11-09T10:00:00Z\n");
    f.drop("disputes", "2026-11-10", "d.csv", DISPUTES
        + "th,d1,o1,2026-11-06T10:00:00Z,BUYER,OTHER,OPEN,,,10.00,EUR,2026-11-09T10:00:00Z\n");
    f.drop("registry", "2026-11-10", "r.csv", REGISTRY
        + "DE,HRB1,Alpha GmbH,GMBH,ACTIVE,2001-01-01,1000.00,EUR,,,2026-11-02T00:00:00Z\n"
        // Capital of a record updated before the first rate: the whole record is quarantined, as any other row.
        + "DE,HRB2,Beta GmbH,GMBH,ACTIVE,2001-01-01,1000.00,EUR,,,2026-10-20T00:00:00Z\n");
    f.drop("credit_events", "2026-11-10", "c.csv", CREDIT_EVENTS
        + "DE,HRB1,WRITE_OFF,2026-11-08,lender1,10.00,EUR,2026-11-09T00:00:00Z\n"
        // Before the first rate: kept, with no USD amount, for a default is never lost.
        + "DE,HRB2,PAYMENT_DEFAULT_90D,2026-10-20,lender1,10.00,EUR,2026-11-09T00:00:00Z\n");
    RunContext ctx = f.context();

    nightThrough(ctx, "2026-11-10");

    assertEquals(rows("[o1,20.00]"), rows(read(ctx, Feed.ORDERS).selectExpr("order_id", "amount_usd")));
    assertEquals(rows("[p1,EUR,10.00]", "[p2,EUR,20.00]", "[p3,EUR,30.00]"),
        rows(read(ctx, Feed.PAYMENTS).selectExpr("payment_id", "currency", "amount_usd")));
    assertEquals(rows("[d1,20.00]"), rows(read(ctx, Feed.DISPUTES).selectExpr("dispute_id", "amount_usd")));
    assertEquals(rows("[DE:HRB1,1000.00]"),
        rows(read(ctx, Feed.REGISTRY).selectExpr("company_id", "registered_capital_usd")));
    assertEquals(rows("[DE:HRB1,20.00]", "[DE:HRB2,null]"),
        rows(read(ctx, Feed.CREDIT_EVENTS).selectExpr("company_id", "amount_usd")));
    assertEquals(rows("[payments,p4,NO_FX_RATE]", "[registry,HRB2,NO_FX_RATE]"),
        rows(ctx.lake().read(Tables.QUARANTINE).where("stage = 'conform'").selectExpr("feed",
            "coalesce(get_json_object(raw_record, '$.payment_id'), get_json_object(raw_record, "
                + "'$.registration_number'))", "rule")));
  }

  @Test
  void registryHistoryAnswersAsOfQuestions(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    f.drop("registry", "2026-11-02", "r.csv", REGISTRY
        + "GB,0001,Old Name Ltd,LTD,ACTIVE,2010-01-01,,,,London,2026-11-01T00:00:00Z\n");
    f.drop("accounts", "2026-11-02", "a.csv", ACCOUNTS
        + "th,A1,GB,,New Name,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n");
    f.drop("registry", "2026-11-04", "r.csv", REGISTRY
        + "GB,0001,New Name Limited,LTD,IN_LIQUIDATION,2010-01-01,,,,London,2026-11-04T00:00:00Z\n");
    RunContext ctx = f.context();
    nightThrough(ctx, "2026-11-02");
    nightThrough(ctx, "2026-11-04");

    assertEquals(rows("[GB:0001,Old Name Ltd,ACTIVE,2026-11-02,2026-11-04]",
            "[GB:0001,New Name Limited,IN_LIQUIDATION,2026-11-04,null]"),
        rows(read(ctx, Feed.REGISTRY).selectExpr("company_id", "legal_name", "status", "valid_from", "valid_to")));
    assertEquals(rows(), rows(Silver.asOf(ctx.lake(), Feed.REGISTRY, LocalDate.parse("2026-11-01"))));
    assertEquals(rows("[ACTIVE]"),
        rows(Silver.asOf(ctx.lake(), Feed.REGISTRY, LocalDate.parse("2026-11-03")).select("status")));
    assertEquals(rows("[IN_LIQUIDATION]"),
        rows(Silver.asOf(ctx.lake(), Feed.REGISTRY, LocalDate.parse("2026-11-04")).select("status")));
    // The registry as it was decides identity as of a date too: the new name matches only from the 4th.
    assertEquals(rows("[th@A1,UNRESOLVED]"), rows(ConformStage.companyAccounts(ctx.lake(),
        LocalDate.parse("2026-11-03")).select("company_id", "match_method")));
    assertEquals(rows("[GB:0001,NAME_COUNTRY]"), rows(ConformStage.companyAccounts(ctx.lake(),
        LocalDate.parse("2026-11-04")).select("company_id", "match_method")));
    assertEquals(rows("[GB:0001,NAME_COUNTRY]"),
        rows(ctx.lake().read(Tables.COMPANY_ACCOUNTS).select("company_id", "match_method")));

    // The map the night of the 4th wrote is read for the 4th, without matching again; any other date is matched.
    LocalDate fourth = LocalDate.parse("2026-11-04");
    assertEquals("silver.accounts@0 silver.registry@1 as of 2026-11-04", ctx.lake().stamp(Tables.COMPANY_ACCOUNTS));
    List<List<String>> read = new ArrayList<>();
    assertEquals(0, rowsScanned("registry", () -> assertEquals(1, rowsScanned("company_accounts",
        () -> read.add(rows(ConformStage.companyAccountsRead(ctx.lake(), fourth)))))));
    assertEquals(rows(ConformStage.companyAccounts(ctx.lake(), fourth)), read.get(0));
    assertEquals(0, rowsScanned("company_accounts", () -> read.add(rows(ConformStage.companyAccountsRead(ctx.lake(),
        LocalDate.parse("2026-11-03")).select("company_id", "match_method")))));
    assertEquals(rows("[th@A1,UNRESOLVED]"), read.get(1));
  }

  /**
   * A night killed after its merges were logged but before the tables made from silver were rebuilt: the rerun has
   * nothing to merge, yet rebuilds them, because it asks the tables what they were made from.
   */
  @Test
  void aRerunAfterAKillBetweenTheMergesAndTheDerivedTablesRebuildsThem(@TempDir Path tmp) throws IOException {
    LandingFixture f = new LandingFixture(tmp);
    acmeOfGb(f, "th,A1,GB,0001,Acme,true,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n");
    f.drop("accounts", "2026-11-03", "a.csv", ACCOUNTS
        + "th,A2,GB,,Acme,false,,2020-01-01T00:00:00Z,2026-11-02T00:00:00Z\n");
    f.drop("fx_rates", "2026-11-03", "fx.csv", "rate_date,currency,usd_per_unit\n2026-11-02,EUR,1.2\n");
    RunContext ctx = f.context();
    List<Table> derived = List.of(Tables.FX_DAILY, Tables.COMPANY_ACCOUNTS, Tables.IDENTITY_REVIEW);
    nightThrough(ctx, "2026-11-02");
    Path saved = tmp.resolve("night-1");
    for (Table t : derived) {
      SampleLake.copyTree(Path.of(ctx.lake().path(t)), saved.resolve(t.qualified()));
    }
    nightThrough(ctx, "2026-11-03");
    Map<Table, List<String>> expected = new LinkedHashMap<>();
    for (Table t : derived) {
      expected.put(t, rows(ctx.lake().read(t)));
    }
    // What the kill leaves: silver and the conform log of the 3rd, the derived tables of the 2nd.
    for (Table t : derived) {
      Path dir = Path.of(ctx.lake().path(t));
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      SampleLake.copyTree(saved.resolve(t.qualified()), dir);
    }
    org.apache.spark.sql.delta.DeltaLog.clearCache();
    assertNotEquals(expected.get(Tables.COMPANY_ACCOUNTS), rows(ctx.lake().read(Tables.COMPANY_ACCOUNTS)));
    assertNotEquals(expected.get(Tables.FX_DAILY), rows(ctx.lake().read(Tables.FX_DAILY)));

    new ConformStage(ctx).run(LocalDate.parse("2026-11-03"));

    for (Table t : derived) {
      assertEquals(expected.get(t), rows(ctx.lake().read(t)), t + " after the rerun");
    }
  }

  @Test
  void rerunningADateChangesNothing(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    acmeOfGb(f, "th,A1,GB,0001,Acme,true,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "th,A2,GB,,Acme,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n");
    f.drop("orders", "2026-11-02", "o.csv", ORDERS
        + "th,o1,A1,A2,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-01T10:00:00Z\n"
        + "th,o2,A1,A2,2026-10-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-01T10:00:00Z\n");
    f.drop("orders", "2026-11-03", "o.csv", ORDERS
        + "th,o1,A1,A2,2026-11-01T10:00:00Z,100.00,EUR,30,,SHIPPED,2026-11-03T10:00:00Z\n");
    f.drop("payments", "2026-11-03", "p.csv", PAYMENTS
        + "th,p1,o1,A2,2026-12-01,,100.00,,2026-11-03T10:00:00Z\n");
    RunContext ctx = f.context();
    nightThrough(ctx, "2026-11-02");
    nightThrough(ctx, "2026-11-03");
    List<Table> tables = new ArrayList<>(List.of(Tables.FX_DAILY, Tables.COMPANY_ACCOUNTS, Tables.QUARANTINE));
    for (Feed feed : Feed.values()) {
      if (ctx.lake().exists(Tables.silver(feed))) {
        tables.add(Tables.silver(feed));
      }
    }
    Map<Table, List<String>> before = new LinkedHashMap<>();
    Map<Table, Long> versions = new LinkedHashMap<>();
    for (Table t : tables) {
      before.put(t, rows(ctx.lake().read(t).drop("quarantined_at")));
      versions.put(t, ctx.lake().version(t));
    }
    assertEquals(1, before.get(Tables.QUARANTINE).size(), "o2 has no rate within 7 days: " + before);

    nightThrough(ctx, "2026-11-03");
    nightThrough(ctx, "2026-11-02");
    new ConformStage(ctx).run(LocalDate.parse("2026-11-03"));

    for (Table t : tables) {
      assertEquals(before.get(t), rows(ctx.lake().read(t).drop("quarantined_at")), t + " rows");
      assertEquals(versions.get(t), ctx.lake().version(t), t + " has a new version");
    }
  }

  @Test
  void silverTablesAreQueryableFromTheCatalogWithEveryColumnDescribed(@TempDir Path tmp) {
    LandingFixture f = new LandingFixture(tmp);
    acmeOfGb(f, "th,A1,GB,0001,Acme,true,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n"
        + "sm,B1,GB,,ACME LIMITED,false,,2020-01-01T00:00:00Z,2026-11-01T00:00:00Z\n");
    f.drop("orders", "2026-11-02", "o.csv", ORDERS
        + "th,o1,A1,X9,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-01T10:00:00Z\n"
        + "sm,o1,B1,X9,2026-11-01T10:00:00Z,100.00,EUR,30,,PLACED,2026-11-01T10:00:00Z\n");
    f.drop("credit_events", "2026-11-02", "c.csv", CREDIT_EVENTS
        + "GB,0001,WRITE_OFF,2026-11-01,lender1,10.00,EUR,2026-11-01T00:00:00Z\n");
    RunContext ctx = f.context();
    nightThrough(ctx, "2026-11-02");
    for (Table t : Tables.all()) {
      sql("DROP TABLE IF EXISTS %s", t.qualified());
    }

    ctx.lake().registerCatalog();

    List<String> silver = new ArrayList<>();
    for (Table t : Tables.all()) {
      if (t.database().equals("silver") && ctx.lake().exists(t)) {
        silver.add(t.name());
        List<String> undescribed = sql("DESCRIBE TABLE %s", t.qualified()).collectAsList().stream()
            .filter(r -> !r.getString(0).startsWith("#") && !r.getString(0).isEmpty())
            .filter(r -> r.isNullAt(2) || r.getString(2).isBlank()).map(r -> r.getString(0)).toList();
        assertEquals(List.of(), undescribed, t + " columns without a description");
        assertEquals(List.of(t.comment()), sql("DESCRIBE TABLE EXTENDED %s", t.qualified()).where("col_name = 'Comment'")
            .collectAsList().stream().map(r -> r.getString(1)).toList(), t + " comment");
        // Created with its description in the commit of its rows; small, so without deletion vectors (VersionMerge).
        assertEquals(0, ctx.lake().version(t), t + " commits on its first night");
        assertEquals(null, ctx.lake().properties(t).get("delta.enableDeletionVectors"), t.toString());
      }
    }
    assertEquals(0, ctx.lake().version(Tables.IDENTITY_REVIEW));
    assertEquals("silver.accounts@0 silver.registry@0 as of 2026-11-02", ctx.lake().stamp(Tables.COMPANY_ACCOUNTS),
        "what the map was made from, recorded in the commit that created it");
    assertEquals(rows("accounts", "company_accounts", "credit_events", "fx_daily", "fx_rates", "orders", "registry"),
        rows(silver.toArray(new String[0])));
    TradeLinks.register(ctx.lake());
    // One company on two platforms: its trade on both is combined under one company_id; an account that was
    // never delivered is its own entity.
    assertEquals(rows("[GB:0001,2,220.00,sm@X9 th@X9]"), rows(sql("SELECT seller_company_id, "
        + "count(DISTINCT platform), sum(amount_usd), concat_ws(' ', sort_array(collect_set(buyer_company_id))) "
        + "FROM silver.orders_linked GROUP BY 1")));
    assertEquals(rows("[GB:0001,1]"),
        rows(sql("SELECT company_id, count(*) FROM silver.credit_events GROUP BY 1")));
  }

  /** Drops of 2026-11-02: EUR rates, one registry company (Acme, GB:0001) and the given account rows. */
  private static void acmeOfGb(LandingFixture f, String accountRows) {
    f.drop("fx_rates", "2026-11-02", "fx.csv", "rate_date,currency,usd_per_unit\n2026-11-01,EUR,1.1\n");
    f.drop("registry", "2026-11-02", "r.csv", REGISTRY
        + "GB,0001,Acme Ltd,LTD,ACTIVE,2010-01-01,100.00,EUR,,,2026-11-01T00:00:00Z\n");
    f.drop("accounts", "2026-11-02", "a.csv", ACCOUNTS + accountRows);
  }

  private static Dataset<Row> read(RunContext ctx, Feed feed) {
    return ctx.lake().read(Tables.silver(feed));
  }
}
