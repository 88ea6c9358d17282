package io.tradecredit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.tradecredit.LandingFixture;
import io.tradecredit.SparkTestBase;
import io.tradecredit.conform.ConformStage;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One small market as of 2026-11-30, every value worked out by hand. Windows: 30 d from 2026-11-01, 90 d from
 * 2026-09-02, 365 d from 2025-12-01; the 90 days before the last 90 run 2026-06-04..2026-09-01.
 *
 * <p>Seller CN:111 (accounts th/S and sm/S2) sells to CN:222 (th/B1), CN:333 (th/B2) and sm/X9, an account nobody
 * reported; GB:444 has only a registry record.
 */
class FeaturesStageTest extends SparkTestBase {
  static final LocalDate D = LocalDate.parse("2026-11-30");
  static final String AT = "2026-11-30T00:00:00Z";

  @TempDir static Path tmp;
  static RunContext ctx;
  static Dataset<Row> features;

  @BeforeAll
  static void oneNight() {
    LandingFixture f = new LandingFixture(tmp);
    String dt = D.toString();
    drop(f, "registry", "registry_country,registration_number,legal_name,legal_form,status,incorporation_date,"
            + "registered_capital,capital_currency,industry_code,city",
        "CN,111,Seller Co,LTD,ACTIVE,2016-11-30,1000.00,USD,,",
        "CN,222,Buyer One,,ACTIVE,2020-01-01,,,,",
        "CN,333,Buyer Two,PLC,SUSPENDED,2020-01-01,,,,",
        "GB,444,Quiet Ltd,LTD,DISSOLVED,2000-01-01,,,,");
    drop(f, "accounts", "platform,account_id,registry_country,registration_number,declared_name,verified,"
            + "verified_at,created_at",
        "th,S,CN,111,Seller Co,true,,2025-01-15T00:00:00Z",
        "sm,S2,CN,111,Seller Co,false,,2026-01-01T00:00:00Z",
        "th,B1,CN,222,Buyer One,false,,2025-05-01T00:00:00Z",
        "th,B2,CN,333,Buyer Two,false,,2026-10-01T00:00:00Z");
    f.file("orders", dt, "o.csv", ORDERS
        + order("th,o1,S,B1", "2026-11-10", "100.00", "COMPLETED")
        + order("th,o2,S,B1", "2026-11-20", "300.00", "CANCELLED")
        + order("th,o3,S,B2", "2026-10-15", "200.00", "COMPLETED")
        + order("sm,o4,S2,X9", "2026-07-01", "400.00", "REFUNDED")
        + order("th,o5,S,B2", "2026-07-10", "500.00", "COMPLETED")
        + order("th,o6,S,B1", "2025-06-01", "999.00", "COMPLETED"));
    drop(f, "shipments", "carrier,shipment_id,platform,order_id,origin_country,destination_country,promised_date,"
            + "shipped_at,customs_cleared_at,delivered_at,status",
        "dhl,sh1,th,o1,CN,DE,2026-11-15,,,2026-11-14T10:00:00Z,DELIVERED",
        "dhl,sh2,th,o3,CN,FR,2026-10-20,,,2026-10-25T10:00:00Z,DELIVERED",
        "dhl,sh3,th,o5,CN,DE,2026-07-20,,,2026-07-23T10:00:00Z,DELIVERED",
        "dhl,sh4,th,o2,CN,US,2026-11-25,,,,BOOKED");
    drop(f, "disputes", "platform,dispute_id,order_id,opened_at,opened_by,reason,status,resolved_at,at_fault,"
            + "amount,currency",
        "th,d1,o3,2026-11-05T00:00:00Z,BUYER,NOT_DELIVERED,RESOLVED,2026-11-09T00:00:00Z,SELLER,50.00,USD",
        "th,d2,o5,2026-08-01T00:00:00Z,SELLER,NON_PAYMENT,RESOLVED,2026-08-09T00:00:00Z,BUYER,50.00,USD",
        "th,d3,o1,2026-11-12T00:00:00Z,SELLER,NON_PAYMENT,RESOLVED,2026-11-13T00:00:00Z,NONE,50.00,USD");
    drop(f, "payments", "platform,payment_id,order_id,payer_account,due_date,paid_at,amount,currency",
        "th,p1,o1,B1,2026-11-20,2026-11-18T00:00:00Z,100.00,USD",
        "th,p2,o6,B1,2026-10-01,2026-10-11T00:00:00Z,50.00,USD",
        "th,p3,o1,B1,2026-11-25,,70.00,USD",
        "th,p4,o1,B1,2026-12-10,,30.00,USD");
    drop(f, "credit_events", "registry_country,registration_number,event_type,event_date,reporter,amount,currency",
        "CN,222,PAYMENT_DEFAULT_90D,2026-03-01,L1,,",
        "CN,222,COLLECTIONS,2025-01-01,L1,,");
    for (String feed : List.of("registry", "accounts", "orders", "shipments", "disputes", "payments",
        "credit_events")) {
      f.success(feed, dt);
    }
    ctx = f.context();
    night(ctx, D);
    // Collected once: each test then queries a local relation instead of planning the features query again.
    Dataset<Row> built = FeaturesStage.build(ctx.lake(), D).features();
    features = spark().createDataFrame(built.collectAsList(), built.schema());
  }

  static final String ORDERS = "platform,order_id,seller_account,buyer_account,order_ts,amount,currency,"
      + "payment_terms_days,category,status,updated_at\n";

  /** A complete drop of D: the header and rows given, every row updated at {@link #AT}. */
  static void drop(LandingFixture f, String feed, String header, String... rows) {
    StringBuilder csv = new StringBuilder(header).append(",updated_at\n");
    for (String row : rows) {
      csv.append(row).append(',').append(AT).append('\n');
    }
    f.file(feed, D.toString(), feed + ".csv", csv.toString());
  }

  static String order(String keys, String day, String amount, String status) {
    String[] k = keys.split(",");
    return String.join(",", k[0], k[1], k[2], k[3], day + "T12:00:00Z", amount, "USD", "30", "", status, AT) + "\n";
  }

  static void night(RunContext ctx, LocalDate date) {
    new IngestStage(ctx).run(date, Arrays.asList(Feed.values()));
    new ConformStage(ctx).run(date);
  }

  /** One company's values of the given columns, each rounded to 4 places. */
  static List<String> values(String company, String... columns) {
    List<String> exprs = new ArrayList<>();
    for (String c : columns) {
      exprs.add(features.schema().apply(c).dataType().typeName().equals("double") ? "round(" + c + ", 4)" : c);
    }
    return rows(features.where("company_id = '" + company + "'").selectExpr(exprs.toArray(String[]::new)));
  }

  static String[] windows(String pattern) {
    return FeatureCatalog.WINDOWS.stream().map(w -> FeatureCatalog.windowed(pattern, w)).toArray(String[]::new);
  }

  @Test
  void sellerOrdersVolumeAndOutcomes() {
    assertEquals(rows("[2.0,3.0,5.0]"), values("CN:111", windows("seller_orders_%dd")));
    assertEquals(rows("[100.0,300.0,800.0]"), values("CN:111", windows("seller_volume_usd_%dd")),
        "cancelled and refunded orders add no volume; o6 is older than 365 days");
    assertEquals(rows("[0.5,0.6667,0.6]"), values("CN:111", windows("seller_completed_share_%dd")));
    assertEquals(rows("[0.5,0.3333,0.2]"), values("CN:111", windows("seller_cancelled_share_%dd")));
    assertEquals(rows("[0.0,0.0,0.2]"), values("CN:111", windows("seller_refunded_share_%dd")));
    assertEquals(rows("[0.4]"), values("CN:111", "seller_cancel_share_365d"), "cancelled and refunded together");
    assertEquals(rows("[0.6]"), values("CN:111", "seller_volume_trend_90d"),
        "300 USD in the last 90 days against o5's 500 in the 90 before (o4 was refunded)");
  }

  @Test
  void sellerDeliveryAndDisputes() {
    assertEquals(rows("[1.0,0.5,0.3333]"), values("CN:111", windows("seller_on_time_delivery_share_%dd")));
    assertEquals(rows("[0.0,2.5,2.6667]"), values("CN:111", windows("seller_mean_delivery_delay_days_%dd")),
        "sh2 5 days late, sh3 3 days, sh1 early counts 0; the undelivered sh4 counts nowhere");
    assertEquals(rows("[50.0,33.3333,20.0]"), values("CN:111", windows("seller_disputes_lost_per_100_orders_%dd")),
        "d1 only: d2 was the buyer's fault and d3 nobody's");
  }

  @Test
  void sellerCustomersAndDestinations() {
    assertEquals(rows("[1.0,2.0,3.0]"), values("CN:111", windows("seller_distinct_buyers_%dd")),
        "the unknown account sm/X9 counts as a buyer");
    assertEquals(rows("[1.0,0.6667,0.875]"), values("CN:111", windows("seller_top_buyer_share_%dd")),
        "CN:333 bought 700 of the 800 USD in 365 days");
    assertEquals(rows("[1.0,0.5,0.6667]"), values("CN:111", windows("seller_repeat_buyer_share_%dd")));
    assertEquals(rows("[2.0,3.0,3.0]"), values("CN:111", windows("seller_destination_countries_%dd")),
        "DE and US (a booked shipment of o2) in 30 days, FR from o3, DE again from o5");
  }

  @Test
  void buyerVolumesPaymentsAndDisputes() {
    assertEquals(rows("[2.0,2.0,2.0]"), values("CN:222", windows("buyer_orders_%dd")));
    assertEquals(rows("[100.0,100.0,100.0]"), values("CN:222", windows("buyer_volume_usd_%dd")));
    assertEquals(rows("[0.0,200.0,700.0]"), values("CN:333", windows("buyer_volume_usd_%dd")));
    assertEquals(rows("[0.5,0.3333,0.3333]"), values("CN:222", windows("buyer_on_time_payment_share_%dd")),
        "p4 is not due yet");
    assertEquals(rows("[2.5,5.0,5.0]"), values("CN:222", windows("buyer_mean_days_late_%dd")),
        "p1 0 days, p3 unpaid 5 days by D, p2 10 days");
    assertEquals(rows("[70.0]"), values("CN:222", "buyer_overdue_unpaid_usd"));
    assertEquals(rows("[0.0,0.0,1.0]"), values("CN:333", windows("buyer_non_payment_disputes_lost_%dd")));
    assertEquals(rows("[0.0,0.0,0.0]"), values("CN:222", windows("buyer_non_payment_disputes_lost_%dd")),
        "d3 was a NON_PAYMENT dispute nobody lost");
  }

  @Test
  void registryAndIdentity() {
    assertEquals(rows("[9.9986,1000.0,ACTIVE,LTD,true,2.0,2.0,22.0]"), values("CN:111", "company_age_years",
        "registered_capital_usd", "registry_status", "legal_form", "verified", "platforms", "accounts",
        "months_since_first_activity"));
    assertEquals(rows("[4.0]"), values("CN:333", "months_since_first_activity"),
        "its first order as buyer (2026-07-10) is earlier than its account (2026-10-01)");
    assertEquals(rows("[null,null]"), values("CN:222", "legal_form", "seller_on_time_delivery_share_30d"));
  }

  @Test
  void creditHistory() {
    assertEquals(rows("[1.0,274.0]"), values("CN:222", "credit_events_365d", "days_since_last_credit_event"));
    assertEquals(rows("[0.0,null]"), values("CN:111", "credit_events_365d", "days_since_last_credit_event"));
  }

  @Test
  void aCompanyWithOnlyARegistryRecordHasARowOfZerosAndNulls() {
    assertEquals(rows("[0.0,0.0,0.0,null,null,null,0.0,false,0.0,null,DISSOLVED]"), values("GB:444",
        "seller_orders_365d", "seller_volume_usd_30d", "seller_distinct_buyers_90d", "seller_completed_share_365d",
        "seller_top_buyer_share_30d", "buyer_on_time_payment_share_90d", "buyer_volume_usd_365d", "verified",
        "accounts", "months_since_first_activity", "registry_status"));
  }

  @Test
  void theColumnsAreTheCatalog() {
    List<String> expected = new ArrayList<>(List.of("company_id", "registry_country", "registration_number",
        "legal_name", "match_method", "match_confidence"));
    FeatureCatalog.FEATURES.forEach(f -> expected.add(f.name()));
    expected.add("as_of_date");
    assertEquals(expected, Arrays.asList(features.columns()));
  }

  /** The daily partials by "company day". */
  static Map<String, String> activity() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (Row r : ActivityIncrementalTest.partialsOf(ctx.lake().read(Tables.COMPANY_ACTIVITY_DAILY)).collectAsList()) {
      out.put(r.getString(0) + " " + r.get(1), r.toString());
    }
    return out;
  }

  @Test
  void aTableWrittenBeforeTheNewColumnsGainsThem() {
    ctx.lake().replacePartition(Tables.COMPANY_FEATURES_GOLD, spark().sql("SELECT 'CN:111' AS company_id, "
        + "CAST(3 AS DOUBLE) AS seller_orders_365d, DATE'2026-11-29' AS as_of_date"), "as_of_date", D.minusDays(1));

    new FeaturesStage(ctx).run(D);
    new FeaturesStage(ctx).run(D);

    Dataset<Row> table = ctx.lake().read(Tables.COMPANY_FEATURES_GOLD);
    assertEquals(rows("[2026-11-29,1]", "[2026-11-30,4]"), rows(table.groupBy("as_of_date").count()),
        "the second run replaced its date, the older date stayed");
    assertEquals(rows("[2026-11-29,3.0,null]", "[2026-11-30,5.0,LTD]"), rows(table.where("company_id = 'CN:111'")
        .selectExpr("as_of_date", "seller_orders_365d", "legal_form")));
  }

  @Test
  void aRerunAfterNewerDropsReproducesTheDateAndTheNightChangesOnlyTheDaysItTouches() {
    List<String> first = rows(features);
    FeaturesStage.build(ctx.lake(), D);
    Map<String, String> before = activity();
    String next = D.plusDays(1).toString();
    LandingFixture f = new LandingFixture(tmp);
    // A late order dated D and an update of o1, both delivered the day after D; and the account sm/X9, which
    // bought o4 on 2026-07-01, turns out to be CN:333's.
    f.file("orders", next, "o.csv", ORDERS
        + "th,o7,S,B2,2026-11-30T12:00:00Z,40.00,USD,30,,COMPLETED,2026-12-01T00:00:00Z\n"
        + "th,o1,S,B1,2026-11-10T12:00:00Z,100.00,USD,30,,REFUNDED,2026-12-01T00:00:00Z\n");
    f.success("orders", next);
    f.file("accounts", next, "a.csv", "platform,account_id,registry_country,registration_number,declared_name,"
        + "verified,verified_at,created_at,updated_at\n"
        + "sm,X9,CN,333,Buyer Two,false,,2026-06-01T00:00:00Z,2026-12-01T00:00:00Z\n");
    f.success("accounts", next);
    night(ctx, D.plusDays(1));

    assertEquals(first, rows(FeaturesStage.build(ctx.lake(), D).features()));
    FeaturesStage.Built nextNight = FeaturesStage.build(ctx.lake(), D.plusDays(1));
    assertEquals(ActivityDaily.Mode.UPDATED, nextNight.activity());
    Map<String, String> after = activity();
    java.util.Set<String> touched = new java.util.TreeSet<>(before.keySet());
    touched.addAll(after.keySet());
    touched.removeIf(k -> java.util.Objects.equals(before.get(k), after.get(k)));
    assertEquals(List.of("CN:111 2026-07-01", "CN:111 2026-11-10", "CN:111 2026-11-30", "CN:222 2026-11-10",
        "CN:333 2026-07-01", "CN:333 2026-11-30"), List.copyOf(touched),
        "o7 on D for seller and buyer, o1 refunded on 11-10 for both, o4's buyer now CN:333 on 07-01");
    assertEquals(6, nextNight.changed());
    assertNotEquals(values("CN:111", "seller_orders_30d", "seller_volume_usd_30d"),
        rows(FeaturesStage.build(ctx.lake(), D.plusDays(1)).features().where("company_id = 'CN:111'")
            .selectExpr("seller_orders_30d", "seller_volume_usd_30d")),
        "the next date does see the late order and the update");
  }
}
