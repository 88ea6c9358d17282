package io.tradecredit.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.ingest.Feed;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which drop each version lands in, and how a record is held back until another has arrived. */
class DeliveryTest {
  /** Ten days delivered in five drops: history on day 5 (start + 5), then days 6 .. 9. */
  static final WorldSpec SPEC = new WorldSpec(10, 10, 1, LocalDate.parse("2026-09-01"), 5, 0.0, 100);
  static final long FIRST = SPEC.firstDrop().toEpochDay();
  static final long LAST = SPEC.lastDay().toEpochDay();

  /** A payment with a version at noon of each of {@code days} (epoch days). */
  static Versions payment(long... days) {
    Versions v = new Versions(Feed.PAYMENTS, Producer.CSV_UTC, SPEC.endSecond());
    for (long day : days) {
      String[] row = new String[Feed.PAYMENTS.columnNames().size()];
      row[1] = "P-" + day;
      v.add(day * 86400 + 43200, row);
    }
    return v;
  }

  static List<Long> landed(Versions record, long[] days, long notBefore) {
    List<Long> out = new ArrayList<>();
    new Delivery(SPEC).emit(record, days, notBefore, (feed, producer, day, values) -> out.add(day));
    return out;
  }

  @Test
  void theHistoryDropCarriesTheLatestVersionAsOfItsDayAndLaterVersionsTheirOwnDay() {
    Versions p = payment(FIRST - 3, FIRST - 1, FIRST + 1, FIRST + 2);
    long[] plan = new Delivery(SPEC).company("test", 7).plan(p);
    assertEquals(Delivery.NEVER, plan[0], "superseded before the history snapshot: never delivered on its own");
    assertEquals(FIRST, plan[1]);
    for (int i = 2; i < 4; i++) {
      long due = FIRST + i - 1;
      assertEquals(true, plan[i] >= due && plan[i] <= due + 3, "on its day or one to three days late: " + plan[i]);
    }
  }

  @Test
  void aHeldRecordArrivesWithTheRecordItWaitsForAndNotWithoutIt() {
    Versions p = payment(FIRST + 1, FIRST + 2, FIRST + 3);
    long[] plan = {FIRST + 1, FIRST + 2, FIRST + 3};
    assertEquals(List.of(FIRST + 1, FIRST + 2, FIRST + 3), landed(p, plan, Long.MIN_VALUE));
    assertEquals(List.of(FIRST + 2, FIRST + 2, FIRST + 3), landed(p, plan, FIRST + 2),
        "versions due before the order arrives come with it");
    assertEquals(List.of(LAST, LAST, LAST), landed(p, plan, LAST));
    assertEquals(List.of(), landed(p, plan, Delivery.NEVER), "an order never delivered takes its payment with it");
    assertArrayEquals(new long[] {FIRST + 1, FIRST + 2, FIRST + 3}, plan, "the plan itself is left as drawn");
  }

  @Test
  void deliverSaysWhenTheRecordFirstArrives() {
    Delivery delivery = new Delivery(SPEC).company("test", 1);
    assertEquals(FIRST, delivery.deliver(payment(FIRST - 2, FIRST + 1), (f, p, d, v) -> {}));
    assertEquals(Delivery.NEVER, delivery.deliver(payment(), (f, p, d, v) -> {}));
  }

  /** The order-level facts (platform, id, accounts, time, amount, currency, terms, category) of each order delivered. */
  static Map<String, String> orders(WorldSpec spec) {
    Map<String, String> out = new HashMap<>();
    OrderSimulator trade = new OrderSimulator(spec);
    for (long id = 0; id < spec.companies(); id++) {
      trade.seller(Company.of(spec, id), (feed, producer, day, v) -> {
        if (feed == Feed.ORDERS) {
          out.put(v[0] + ":" + v[1], String.join("|", java.util.Arrays.asList(v).subList(2, 9)));
        }
      });
    }
    return out;
  }

  @Test
  void howAWorldIsDeliveredChangesWhenItsRecordsArriveNotWhatHappens() {
    WorldSpec oneDrop = new WorldSpec(60, 200, 5, LocalDate.parse("2026-01-01"), 1, 0.0, 200);
    WorldSpec daily = new WorldSpec(60, 200, 5, LocalDate.parse("2026-01-01"), 80, 0.0, 200);
    Map<String, String> all = orders(oneDrop);
    Map<String, String> delivered = orders(daily);
    assertTrue(all.size() > 1000, "a world with trade: " + all.size() + " orders");
    long lastDays = oneDrop.lastDay().minusDays(3).toEpochDay() * 86400;
    List<String> differ = new ArrayList<>();
    all.forEach((order, facts) -> {
      if (!facts.equals(delivered.get(order))) {
        // Daily drops leave out only what is delivered after the last day: orders of its last three days.
        String placed = facts.split("\\|")[2];
        if (delivered.containsKey(order) || java.time.OffsetDateTime.parse(placed).toEpochSecond() < lastDays) {
          differ.add(order + ": " + facts + " / " + delivered.get(order));
        }
      }
    });
    assertEquals(List.of(), differ);
    assertTrue(all.keySet().containsAll(delivered.keySet()), "no order only in the daily drops");
  }
}
