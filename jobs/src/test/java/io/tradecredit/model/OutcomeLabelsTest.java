package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.*;

import io.tradecredit.SparkTestBase;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fulfilment and payment labels from silver: each failure rule, the share and minimum activity, point in time. */
class OutcomeLabelsTest extends SparkTestBase {
  static final String ORDERS = "platform STRING, order_id STRING, seller_account STRING, buyer_account STRING, "
      + "order_ts TIMESTAMP, status STRING, valid_from DATE, valid_to DATE";
  static final String SHIPMENTS = "platform STRING, order_id STRING, promised_date DATE, delivered_at TIMESTAMP, "
      + "status STRING, valid_from DATE, valid_to DATE";
  static final String DISPUTES = "platform STRING, order_id STRING, opened_at TIMESTAMP, reason STRING, "
      + "at_fault STRING, resolved_at TIMESTAMP, valid_from DATE, valid_to DATE";
  static final String PAYMENTS = "platform STRING, payer_account STRING, due_date DATE, paid_at TIMESTAMP, "
      + "valid_from DATE, valid_to DATE";
  static final LocalDate A = LocalDate.parse("2026-01-31");
  /** The first date on which A's horizon (to 2026-05-31) and its 60 settling days have passed. */
  static final LocalDate D = A.plusDays(Target.FULFILMENT.labelledAfterDays());

  @TempDir Path dir;

  /** Rows of text, "" for null, cast to the DDL's types. */
  static Dataset<Row> table(String ddl, String... rows) {
    StructType typed = StructType.fromDDL(ddl);
    StructType text = new StructType();
    for (StructField f : typed.fields()) {
      text = text.add(f.name(), DataTypes.StringType);
    }
    List<Row> values = Arrays.stream(rows).map(r -> RowFactory.create((Object[]) Arrays.stream(r.split(",", -1))
        .map(v -> v.isEmpty() ? null : v).toArray(String[]::new))).toList();
    return spark().createDataFrame(values, text).select(Arrays.stream(typed.fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name())).toArray(Column[]::new));
  }

  static Dataset<Row> accounts(String... companies) {
    return table("platform STRING, account_id STRING, company_id STRING", Arrays.stream(companies)
        .map(c -> "tp," + c + ",XX:" + c).toArray(String[]::new));
  }

  Lake lake(String name) {
    return new Lake(spark(), dir.resolve(name).toString());
  }

  static void write(Lake lake, Feed feed, Dataset<Row> rows) {
    lake.overwrite(Tables.silver(feed), rows);
  }

  /** An order of seller S placed on {@code day}, delivered by its first drop. */
  static String order(String id, String seller, String day, String status) {
    return "tp," + id + "," + seller + ",BUY," + day + " 10:00:00," + status + "," + day + ",";
  }

  static String shipment(String order, String promised, String delivered, String status, String from, String to) {
    return "tp," + order + "," + promised + "," + (delivered.isEmpty() ? "" : delivered + " 12:00:00") + "," + status
        + "," + from + "," + to;
  }

  @Test
  void anOrderFailsWhenCancelledLostLateUndeliveredOrItsDisputeWasLostByD() {
    Lake lake = lake("rules");
    write(lake, Feed.ORDERS, table(ORDERS,
        order("o1", "S", "2026-02-10", "COMPLETED"),
        order("o2", "S", "2026-02-10", "DELIVERED"),
        order("o3", "S", "2026-02-10", "DELIVERED"),
        order("o4", "S", "2026-02-10", "CANCELLED"),
        order("o5", "S", "2026-02-10", "COMPLETED"),
        order("o6", "S", "2026-02-10", "COMPLETED"),
        order("o7", "S", "2026-02-10", "SHIPPED"),
        order("o8", "S", "2026-02-10", "SHIPPED"),
        order("o9", "S", "2026-02-10", "PLACED"),
        // Placed after D: not an order of D's world.
        order("o10", "S", D.plusDays(1).toString(), "PLACED")));
    write(lake, Feed.SHIPMENTS, table(SHIPMENTS,
        shipment("o1", "2026-02-20", "2026-02-20", "DELIVERED", "2026-02-21", ""),
        // Seven days late is within the tolerance, eight are not.
        shipment("o2", "2026-02-20", "2026-02-27", "DELIVERED", "2026-02-28", ""),
        shipment("o3", "2026-02-20", "2026-02-28", "DELIVERED", "2026-03-01", ""),
        shipment("o5", "2026-02-20", "2026-02-19", "DELIVERED", "2026-02-20", ""),
        shipment("o6", "2026-02-20", "2026-02-19", "DELIVERED", "2026-02-20", ""),
        shipment("o7", "2026-02-20", "", "LOST", "2026-03-20", ""),
        // In transit as of D, long past its promised date: not delivered.
        shipment("o8", "2026-02-20", "", "IN_TRANSIT", "2026-02-12", "")));
    write(lake, Feed.DISPUTES, table(DISPUTES,
        "tp,o5,2026-02-25 09:00:00,NOT_AS_DESCRIBED,SELLER,2026-03-05 09:00:00,2026-03-06,",
        // Lost by the seller, but resolved in a drop after D: unknown on D.
        "tp,o6,2026-02-25 09:00:00,NOT_AS_DESCRIBED,,,2026-02-26," + D.plusDays(2),
        "tp,o6,2026-02-25 09:00:00,NOT_AS_DESCRIBED,SELLER," + D.plusDays(1) + " 09:00:00," + D.plusDays(2) + ","));

    List<String> failed = rows(OutcomeLabels.fulfilment(lake, D, accounts("S")).select("day", "failed"));

    // o1 on time, o2 seven days late, o6 whose loss is not known yet: 3 kept; o3 eight days late, o4 cancelled,
    // o5 dispute lost, o7 lost, o8 not delivered, o9 never shipped: 6 failed.
    assertEquals(rows("[2026-02-10,0]", "[2026-02-10,0]", "[2026-02-10,0]", "[2026-02-10,1]", "[2026-02-10,1]",
        "[2026-02-10,1]", "[2026-02-10,1]", "[2026-02-10,1]", "[2026-02-10,1]"), failed);
  }

  @Test
  void aSellerIsBadAboveTheFailureShareAndUnlabelledBelowTheMinimumActivity() {
    Lake lake = lake("share");
    List<String> orders = new java.util.ArrayList<>();
    List<String> shipments = new java.util.ArrayList<>();
    // G: 5 orders, 1 cancelled (20%: not above); F: 5 orders, 2 cancelled; T: 4 orders, all cancelled.
    String[][] sellers = {{"G", "5", "1"}, {"F", "5", "2"}, {"T", "4", "4"}};
    for (String[] s : sellers) {
      for (int i = 0; i < Integer.parseInt(s[1]); i++) {
        String id = s[0] + i;
        boolean cancelled = i < Integer.parseInt(s[2]);
        orders.add(order(id, s[0], "2026-03-01", cancelled ? "CANCELLED" : "COMPLETED"));
        if (!cancelled) {
          shipments.add(shipment(id, "2026-03-10", "2026-03-09", "DELIVERED", "2026-03-10", ""));
        }
      }
    }
    // Outside the horizon (A, A + 120 d]: on A itself, and the day after its end; both cancelled.
    orders.add(order("G-on-A", "G", A.toString(), "CANCELLED"));
    orders.add(order("G-after", "G", A.plusDays(121).toString(), "CANCELLED"));
    write(lake, Feed.ORDERS, table(ORDERS, orders.toArray(new String[0])));
    write(lake, Feed.SHIPMENTS, table(SHIPMENTS, shipments.toArray(new String[0])));

    List<String> labels = rows(OutcomeLabels.of(lake, D, Target.FULFILMENT, accounts("G", "F", "T"), List.of(A))
        .select("company_id", "as_of_date", "activity", "failures", "bad"));

    assertEquals(rows("[XX:G,2026-01-31,5,1,0]", "[XX:F,2026-01-31,5,2,1]", "[XX:T,2026-01-31,4,4,null]"), labels);
  }

  @Test
  void aBuyerIsBadForAPayment60DaysLateUnpaidOnDOrANonPaymentDisputeLost() {
    Lake lake = lake("payment");
    write(lake, Feed.PAYMENTS, table(PAYMENTS,
        // K: on time, 59 days late, on time: good.
        "tp,K,2026-03-01,2026-03-01 10:00:00,2026-03-02,", "tp,K,2026-03-01,2026-04-29 10:00:00,2026-04-30,",
        "tp,K,2026-03-02,2026-03-02 10:00:00,2026-03-03,",
        // L: one paid 60 days late.
        "tp,L,2026-03-01,2026-03-01 10:00:00,2026-03-02,", "tp,L,2026-03-01,2026-04-30 10:00:00,2026-05-01,",
        "tp,L,2026-03-02,2026-03-02 10:00:00,2026-03-03,",
        // U: one unpaid on D (its payment arrives in a drop after D).
        "tp,U,2026-03-01,2026-03-01 10:00:00,2026-03-02,", "tp,U,2026-03-02,2026-03-02 10:00:00,2026-03-03,",
        "tp,U,2026-03-03,,2026-03-01," + D.plusDays(1), "tp,U,2026-03-03," + D + " 10:00:00," + D.plusDays(1) + ",",
        // N: paid on time, but lost a NON_PAYMENT dispute on an order.
        "tp,N,2026-03-01,2026-03-01 10:00:00,2026-03-02,", "tp,N,2026-03-01,2026-03-01 10:00:00,2026-03-02,",
        "tp,N,2026-03-02,2026-03-02 10:00:00,2026-03-03,",
        // Y: two payments only, one unpaid: unlabelled.
        "tp,Y,2026-03-01,,2026-03-01,", "tp,Y,2026-03-02,2026-03-02 10:00:00,2026-03-03,"));
    write(lake, Feed.ORDERS, table(ORDERS, "tp,n1,S,N,2026-02-20 10:00:00,COMPLETED,2026-02-21,"));
    write(lake, Feed.DISPUTES, table(DISPUTES,
        "tp,n1,2026-03-15 09:00:00,NON_PAYMENT,BUYER,2026-04-01 09:00:00,2026-04-02,"));

    List<String> labels = rows(OutcomeLabels.of(lake, D, Target.PAYMENT, accounts("K", "L", "U", "N", "Y"),
        List.of(A)).select("company_id", "activity", "failures", "bad"));

    assertEquals(rows("[XX:K,3,0,0]", "[XX:L,3,1,1]", "[XX:U,3,1,1]", "[XX:N,3,1,1]", "[XX:Y,2,1,null]"), labels);
  }

  @Test
  void labelsArePointInTime() {
    StructType features = new StructType().add("company_id", DataTypes.StringType).add("x", DataTypes.DoubleType)
        .add("as_of_date", DataTypes.DateType);
    List<Row> featureRows = new java.util.ArrayList<>();
    for (String asOf : List.of("2025-12-31", "2026-01-15", "2026-01-31", "2026-02-28")) {
      for (String c : List.of("XX:S", "XX:Q")) {
        featureRows.add(RowFactory.create(c, 1.0, java.sql.Date.valueOf(asOf)));
      }
    }
    List<String> orders = new java.util.ArrayList<>();
    List<String> shipments = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // S: every order delivered on time in January's horizon; all late in February's, which ends after D.
      orders.add(order("s" + i, "S", "2026-02-10", "COMPLETED"));
      shipments.add(shipment("s" + i, "2026-02-20", "2026-02-20", "DELIVERED", "2026-02-21", ""));
      orders.add(order("t" + i, "S", "2026-06-25", "COMPLETED"));
      shipments.add(shipment("t" + i, "2026-07-01", "2026-07-20", "DELIVERED", "2026-07-21", ""));
      // Q: promised in its horizon, still in transit on D.
      orders.add(order("q" + i, "Q", "2026-02-10", "SHIPPED"));
      shipments.add(shipment("q" + i, "2026-02-20", "", "IN_TRANSIT", "2026-02-12", ""));
    }
    Lake known = lake("known");
    known.overwrite(Tables.COMPANY_FEATURES_GOLD, spark().createDataFrame(featureRows, features), "as_of_date");
    write(known, Feed.ORDERS, table(ORDERS, orders.toArray(new String[0])));
    write(known, Feed.SHIPMENTS, table(SHIPMENTS, shipments.toArray(new String[0])));
    Lake later = lake("later");
    later.overwrite(Tables.COMPANY_FEATURES_GOLD, spark().createDataFrame(featureRows, features), "as_of_date");
    write(later, Feed.ORDERS, table(ORDERS, orders.toArray(new String[0])));
    // Q's late deliveries arrive in a drop after D: the versions in transit end there.
    List<String> withLate = new java.util.ArrayList<>();
    for (String s : shipments) {
      if (s.startsWith("tp,q")) {
        String order = s.split(",")[1];
        withLate.add(shipment(order, "2026-02-20", "", "IN_TRANSIT", "2026-02-12", D.plusDays(3).toString()));
        withLate.add(shipment(order, "2026-02-20", D.plusDays(2).toString(), "DELIVERED", D.plusDays(3).toString(),
            ""));
      } else {
        withLate.add(s);
      }
    }
    write(later, Feed.SHIPMENTS, table(SHIPMENTS, withLate.toArray(new String[0])));

    List<String> onD = rows(LakehouseLabels.build(known, D, Target.FULFILMENT, accounts("S", "Q"))
        .select("company_id", "as_of_date", "bad"));

    // 2026-01-15 is not January's last feature date; February's horizon ends after D: no row, although S's
    // failures in it are already known on D.
    assertEquals(rows("[XX:Q,2025-12-31,1]", "[XX:Q,2026-01-31,1]", "[XX:S,2025-12-31,0]", "[XX:S,2026-01-31,0]"),
        onD);
    assertEquals(onD, rows(LakehouseLabels.build(later, D, Target.FULFILMENT, accounts("S", "Q"))
        .select("company_id", "as_of_date", "bad")), "a delivery reported after D changes nothing for D");
    // The day before, the 31st's settling time has not passed: January's last date that can be labelled is the 15th.
    assertEquals(rows("[2025-12-31]", "[2026-01-15]"), rows(LakehouseLabels.build(known, D.minusDays(1), Target.FULFILMENT,
        accounts("S", "Q")).select("as_of_date").distinct()));
  }
}
