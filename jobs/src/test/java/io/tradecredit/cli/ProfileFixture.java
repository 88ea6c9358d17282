package io.tradecredit.cli;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.SampleLake;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.StructField;

/** The sample lake as profile, verify and report see it, and what a profile must never show of a company. */
final class ProfileFixture {
  private ProfileFixture() {}

  static RunContext lake() {
    return SampleLake.twoNights();
  }

  /** The --set options that point a command at the sample lake. */
  static List<String> settings() {
    Path root = Path.of(lake().config().paths().lake()).getParent();
    return SampleLake.settings(root, SampleLake.HOME.resolve("data-samples/landing"));
  }

  /**
   * A command on the sample lake. The test JVM's catalog is shared by every test class, and a name registered by
   * another (on a copy of the lake) would keep pointing there: the names go first, as in a new process.
   */
  static CliRun run(String... args) {
    return runOn(settings(), args);
  }

  /** A command on the lake {@code settings} name, with a catalog that has only that lake's tables. */
  static CliRun runOn(List<String> settings, String... args) {
    for (var table : Tables.all()) {
      lake().spark().sql("DROP TABLE IF EXISTS " + table.qualified());
    }
    return CliRun.run(settings, args);
  }

  /** The resolved company with the most orders as seller and buyer on the second night: the richest profile. */
  static String busiestCompany() {
    return lake().lake().read(Tables.COMPANY_FEATURES)
        .where(col("as_of_date").equalTo(lit(java.sql.Date.valueOf(SampleLake.SECOND)))
            .and(col("company_id").contains(":")))
        .orderBy(col("seller_orders_365d").plus(col("buyer_orders_365d")).desc(), col("company_id"))
        .select("company_id").first().getString(0);
  }

  /** Every version of every order of the company, as seller or buyer (a few rows: collected once). */
  private static List<Row> orders(String company) {
    Set<String> mine = new TreeSet<>();
    lake().lake().read(Tables.COMPANY_ACCOUNTS).where(col("company_id").equalTo(company))
        .select("platform", "account_id").collectAsList().forEach(r -> mine.add(r.getString(0) + "/" + r.getString(1)));
    Object[] ids = mine.stream().map(a -> a.substring(a.indexOf('/') + 1)).toArray();
    return lake().lake().read(Tables.silver(Feed.ORDERS))
        .where(col("seller_account").isin(ids).or(col("buyer_account").isin(ids))).collectAsList().stream()
        .filter(o -> mine.contains(o.getAs("platform") + "/" + o.getAs("seller_account"))
            || mine.contains(o.getAs("platform") + "/" + o.getAs("buyer_account")))
        .toList();
  }

  /** Names and ids of the company's counterparties: their accounts, declared names, company ids, legal names. */
  static Set<String> counterparties(String company) {
    Set<String> mine = new TreeSet<>();
    lake().lake().read(Tables.COMPANY_ACCOUNTS).where(col("company_id").equalTo(company)).select("account_id")
        .collectAsList().forEach(r -> mine.add(r.getString(0)));
    Set<String> other = new TreeSet<>();
    for (Row o : orders(company)) {
      for (String side : List.of("seller_account", "buyer_account")) {
        if (!mine.contains(o.<String>getAs(side))) {
          other.add(o.getAs(side));
        }
      }
    }
    Set<String> out = new TreeSet<>(other);
    Object[] accounts = other.toArray();
    add(out, lake().lake().read(Tables.silver(Feed.ACCOUNTS)).where(col("account_id").isin(accounts))
        .select("declared_name"));
    Set<String> ids = new TreeSet<>();
    add(ids, lake().lake().read(Tables.COMPANY_ACCOUNTS).where(col("account_id").isin(accounts)).select("company_id"));
    ids.remove(company);
    out.addAll(ids);
    add(out, lake().lake().read(Tables.COMPANY_SCORE).where(col("company_id").isin(ids.toArray()))
        .select("legal_name"));
    return out;
  }

  private static void add(Set<String> to, Dataset<Row> oneColumn) {
    oneColumn.collectAsList().stream().filter(r -> !r.isNullAt(0)).forEach(r -> to.add(r.getString(0)));
  }

  /**
   * Every exact amount behind the company's profile, as it could be written: its orders', payments' and disputes'
   * money columns, and its USD features, each with cents, with thousands separators, and (from 10,000) rounded.
   */
  static Set<String> amounts(String company) {
    List<Row> orders = orders(company);
    List<Row> rows = new ArrayList<>(orders);
    Column ids = col("order_id").isin(orders.stream().map(o -> o.getAs("order_id")).distinct().toArray());
    rows.addAll(lake().lake().read(Tables.silver(Feed.PAYMENTS)).where(ids).collectAsList());
    rows.addAll(lake().lake().read(Tables.silver(Feed.DISPUTES)).where(ids).collectAsList());
    rows.addAll(lake().lake().read(Tables.COMPANY_FEATURES).where(col("company_id").equalTo(company)).collectAsList());
    Set<String> out = new TreeSet<>();
    for (Row r : rows) {
      for (StructField f : r.schema().fields()) {
        int i = r.fieldIndex(f.name());
        boolean money = f.dataType() instanceof DecimalType || f.dataType() instanceof DoubleType
            && f.name().contains("usd");
        if (!money || r.isNullAt(i)) {
          continue;
        }
        BigDecimal v = new BigDecimal(r.get(i).toString());
        if (v.signum() == 0) {
          continue;
        }
        out.add(String.format(Locale.ROOT, "%.2f", v));
        out.add(String.format(Locale.ROOT, "%,.2f", v));
        if (v.abs().compareTo(BigDecimal.valueOf(10_000)) >= 0) {
          out.add(String.format(Locale.ROOT, "%,.0f", v));
          out.add(String.format(Locale.ROOT, "%.0f", v));
        }
      }
    }
    return out;
  }
}
