package io.tradecredit.erase;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.conform.CompanyNames;
import io.tradecredit.ingest.ErasedRecords;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The identifiers of one company in the lake: its company_id, the platform accounts that are or ever were its own,
 * and the orders those accounts sold or bought, in clear (held in memory only, to match raw text) and as the SHA-256
 * hashes that conditions, ops.erasures and the ingest rule {@code ERASED} use.
 *
 * @param companyId as landing.md normalises it: {@code COUNTRY:NUMBER}, or {@code platform@account} when unresolved
 * @param country registry country; null for an unresolved company
 * @param number normalised registration number; null for an unresolved company
 * @param accounts {@code platform@account}
 * @param orders {@code platform/order_id}
 */
record CompanyKeys(String companyId, String country, String number, Set<String> accounts, Set<String> orders) {
  private static final Pattern REGISTERED = Pattern.compile("^[A-Za-z]{2}:[^@]+$");

  /** The company_id as the lake spells it; refuses text that is neither form. */
  static String normalise(String companyId) {
    String id = companyId == null ? "" : companyId.strip();
    if (REGISTERED.matcher(id).matches()) {
      String normalised = CompanyNames.companyId(id.substring(0, 2), id.substring(3));
      if (normalised != null) {
        return normalised;
      }
    } else if (id.indexOf('@') > 0 && id.indexOf('@') < id.length() - 1) {
      return id;
    }
    throw new IllegalArgumentException("Cannot erase '" + companyId + "': not a company_id (expected COUNTRY:NUMBER "
        + "such as CN:91310000AB, or platform@account for an unresolved account, as in credit.company_score)");
  }

  /** Finds the company's accounts and orders in silver and bronze. */
  static CompanyKeys find(Lake lake, String companyId) {
    String id = normalise(companyId);
    boolean registered = REGISTERED.matcher(id).matches();
    String country = registered ? id.substring(0, 2) : null;
    String number = registered ? id.substring(3) : null;
    String idHash = sha256(id);

    Set<String> accounts = new TreeSet<>();
    if (!registered) {
      accounts.add(id);
    }
    if (lake.exists(Tables.COMPANY_ACCOUNTS)) {
      accounts.addAll(strings(lake.read(Tables.COMPANY_ACCOUNTS).where(col("company_id").equalTo(lit(id)))
          .select(concat(col("platform"), lit("@"), col("account_id")))));
    }
    // Every account that ever declared the company's number, also in versions since replaced.
    for (Table t : List.of(Tables.silver(Feed.ACCOUNTS), Tables.bronze(Feed.ACCOUNTS))) {
      if (registered && lake.exists(t)) {
        accounts.addAll(strings(lake.read(t)
            .where(ErasedRecords.companyKey(col("registry_country"), col("registration_number")).equalTo(idHash))
            .select(concat(col("platform"), lit("@"), col("account_id")))));
      }
    }
    Set<String> orders = new TreeSet<>();
    if (!accounts.isEmpty()) {
      Object[] accountList = accounts.toArray();
      for (Table t : List.of(Tables.silver(Feed.ORDERS), Tables.bronze(Feed.ORDERS))) {
        if (lake.exists(t)) {
          orders.addAll(strings(lake.read(t)
              .where(concat(col("platform"), lit("@"), col("seller_account")).isin(accountList)
                  .or(concat(col("platform"), lit("@"), col("buyer_account")).isin(accountList)))
              .select(concat(col("platform"), lit("/"), col("order_id")))));
        }
      }
    }
    return new CompanyKeys(id, country, number, accounts, orders);
  }

  /** Every identifier hash of the company: what rows are matched on, and what ops.erasures keeps. */
  List<String> hashes() {
    Set<String> all = new TreeSet<>();
    all.add(sha256(companyId));
    accounts.forEach(a -> all.add(sha256(a)));
    orders.forEach(o -> all.add(sha256(o)));
    return new ArrayList<>(all);
  }

  /** The matcher of raw landing text (ops.quarantine's raw_record) for this company. */
  RawTextMatcher textMatcher() {
    return new RawTextMatcher(companyId, country, number, accounts, orders);
  }

  /** Lower-case hex SHA-256 of the UTF-8 text: what Spark's {@code sha2(text, 256)} gives. */
  static String sha256(String text) {
    return io.tradecredit.lake.Sha256.of(text);
  }

  private static List<String> strings(Dataset<Row> oneColumn) {
    return oneColumn.distinct().collectAsList().stream().map(r -> r.getString(0))
        .filter(s -> s != null).toList();
  }

  @Override
  public String toString() {
    // The identifiers stay out of logs and exceptions.
    return "CompanyKeys[" + sha256(companyId).substring(0, 12) + ", " + accounts.size() + " accounts, "
        + orders.size() + " orders]";
  }
}
