package io.tradecredit.cli;

import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;

/**
 * The lake tables a one-off query needs registered. Registering a table reads its Delta log, and a one-off count
 * over one table would otherwise wait for all thirty: a query (not a command) registers the tables its text names,
 * any mention counting, comments and strings included. Commands (SHOW TABLES, DESCRIBE, writes), statements that do
 * not parse and queries naming no lake table get the whole catalog.
 */
final class QueryTables {
  private static final Pattern NAME = Pattern.compile(
      "`?\\b(bronze|silver|gold|credit|ops)`?\\s*\\.\\s*`?([A-Za-z0-9_]+)`?", Pattern.CASE_INSENSITIVE);

  private QueryTables() {}

  /** The tables to register for {@code query}; empty when it needs the whole catalog. */
  static Optional<Predicate<Table>> of(SparkSession spark, String query) {
    try {
      if (spark.sessionState().sqlParser().parsePlan(query) instanceof Command) {
        return Optional.empty();
      }
    } catch (ParseException | RuntimeException e) {
      return Optional.empty(); // The statement's own run reports the parse error.
    }
    Set<String> named = new HashSet<>();
    Matcher m = NAME.matcher(query);
    while (m.find()) {
      named.add((m.group(1) + "." + m.group(2)).toLowerCase(Locale.ROOT));
    }
    // A silver.*_linked view reads the silver tables of its feed, orders and accounts: all of silver, then.
    boolean views = named.stream().anyMatch(n -> n.startsWith("silver.") && n.endsWith("_linked"));
    Predicate<Table> wanted = t -> named.contains(t.qualified()) || views && t.database().equals("silver");
    return Tables.all().stream().anyMatch(wanted) ? Optional.of(wanted) : Optional.empty();
  }
}
