package io.tradecredit.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import io.tradecredit.model.Target;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopTruthTest extends SparkTestBase {
  /** 400 days from 2024-11-01: the last day is 2025-12-05, the last as-of date with a settled horizon 2025-05-31. */
  private static final WorldSpec SPEC = new WorldSpec(1500, 400, 7, LocalDate.parse("2024-11-01"), 1, 0.0, 100);

  @TempDir Path tmp;

  @Test
  void theAsOfDateIsTheLastMonthEndWhoseOutcomesAreKnownByTheLastDay() {
    assertEquals(LocalDate.parse("2025-12-05"), SPEC.lastDay());
    assertEquals(LocalDate.parse("2025-05-31"), LoopTruth.asOfDate(SPEC));
    assertTrue(!LoopTruth.asOfDate(SPEC).plusDays(Target.FULFILMENT.labelledAfterDays()).isAfter(SPEC.lastDay()));
  }

  /** Payment: bad when any of at least three payments failed; F ~ Poisson(1), S ~ Poisson(3) by hand. */
  @Test
  void labelProbabilitiesAreThoseOfIndependentPoissonCounts() {
    double labelled = 1 - Math.exp(-4) * (1 + 4 + 8);
    double goodLabelled = Math.exp(-1) * (1 - Math.exp(-3) * (1 + 3 + 4.5));
    assertEquals((labelled - goodLabelled) / labelled, LoopTruth.paymentPd(4, 1), 1e-9);
    assertEquals(0.0, LoopTruth.paymentPd(10, 0), 1e-12);
    assertEquals(1.0, LoopTruth.paymentPd(10, 10), 1e-12);
    assertNull(LoopTruth.paymentPd(0, 0));
    // Fulfilment: bad beyond 20% failed; a seller failing 5% of many orders almost never is, one failing 50% is.
    assertTrue(LoopTruth.fulfilmentPd(200, 10) < 1e-6);
    assertTrue(LoopTruth.fulfilmentPd(200, 100) > 1 - 1e-6);
    double some = LoopTruth.fulfilmentPd(20, 4);
    assertTrue(some > 0.2 && some < 0.6, "P(F > 0.2 N) with F ~ 4, S ~ 16: " + some);
  }

  /** The truth table carries both outcomes' probabilities, and they fall as the latent creditworthiness rises. */
  @Test
  void theTruthTableCarriesTheLoopProbabilitiesWhichFallWithQuality() {
    String path = tmp.resolve("companies").toString();
    Truth.write(spark(), SPEC, 2, path);

    Row r = spark().read().parquet(path).selectExpr("count(*)", "count(DISTINCT loop_as_of_date)",
        "min(loop_as_of_date) = DATE'2025-05-31'", "count(fulfilment_pd)", "count_if(seller AND size(accounts) > 0)",
        "count_if(fulfilment_pd IS NOT NULL AND NOT seller)", "count(payment_pd)",
        "corr(fulfilment_pd, z)", "corr(payment_pd, z)", "min(fulfilment_pd) >= 0 AND max(fulfilment_pd) <= 1",
        "min(payment_pd) >= 0 AND max(payment_pd) <= 1").first();
    assertEquals(1500L, r.getLong(0));
    assertEquals(1L, r.getLong(1));
    assertTrue(r.getBoolean(2));
    assertTrue(r.getLong(3) > 300 && r.getLong(3) <= r.getLong(4), r.toString());
    assertEquals(0L, r.getLong(5), "only sellers have a fulfilment probability");
    assertTrue(r.getLong(6) > 300, r.toString());
    assertTrue(r.getDouble(7) < -0.3, "fulfilment pd against z: " + r.getDouble(7));
    assertTrue(r.getDouble(8) < -0.3, "payment pd against z: " + r.getDouble(8));
    assertTrue(r.getBoolean(9) && r.getBoolean(10), r.toString());
  }

  /** A buyer's expected payments are the sum over the sellers that sell to it, as Truth joins them. */
  @Test
  void paymentsOfABuyerAddUpOverItsSellers() {
    LoopTruth loop = new LoopTruth(SPEC);
    Map<Long, double[]> byBuyer = new HashMap<>();
    for (long id = 0; id < SPEC.companies(); id++) {
      loop.payments(Company.of(SPEC, id)).forEachRemaining(p -> byBuyer.merge((long) p[0],
          new double[] {p[1], p[2]}, (a, b) -> new double[] {a[0] + b[0], a[1] + b[1]}));
    }
    assertTrue(byBuyer.size() > 300);
    byBuyer.values().forEach(v -> assertTrue(v[1] >= 0 && v[1] <= v[0], v[0] + " payments, " + v[1] + " failures"));
    // The weakest buyers fail more of their payments than the strongest.
    double weak = 0;
    double strong = 0;
    int nWeak = 0;
    int nStrong = 0;
    for (Map.Entry<Long, double[]> e : byBuyer.entrySet()) {
      double z = Company.of(SPEC, e.getKey()).z();
      if (z < -1) {
        weak += e.getValue()[1] / e.getValue()[0];
        nWeak++;
      } else if (z > 1) {
        strong += e.getValue()[1] / e.getValue()[0];
        nStrong++;
      }
    }
    assertTrue(weak / nWeak > 2 * strong / nStrong, weak / nWeak + " against " + strong / nStrong);
  }
}
