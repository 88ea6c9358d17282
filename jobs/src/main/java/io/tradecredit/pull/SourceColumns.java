package io.tradecredit.pull;

import io.tradecredit.config.PullSource.PullFeed;
import io.tradecredit.ingest.Column;
import io.tradecredit.ingest.ColumnType;
import io.tradecredit.ingest.Feed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a source table (or query) against the landing contract before any row is read: every required column of
 * the feed is there and every mapped column has a type that holds the contract's values, from the result metadata
 * of a query that returns no row. Values are not judged here: a negative amount or an unknown currency is ingest's
 * to quarantine, as in a file.
 */
final class SourceColumns {
  private static final Set<Integer> TEXT = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR,
      Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);
  private static final Set<Integer> TIMESTAMPS = Set.of(Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE);
  private static final Set<Integer> INTEGERS = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);
  private static final Set<Integer> DECIMALS = Set.of(Types.NUMERIC, Types.DECIMAL, Types.TINYINT, Types.SMALLINT,
      Types.INTEGER, Types.BIGINT);

  /** How a split column divides the reads. */
  enum SplitKind { NUMBER, DATE, TIMESTAMP }

  /**
   * A checked source of one feed.
   *
   * @param relation the table, or the query in parentheses, with the alias {@code src}
   * @param select the contract columns as {@code src."source" AS contract}, the split column as {@code pull_split}
   * @param updatedAt the source's updated_at column, qualified
   * @param split the split column, qualified
   * @param absent optional contract columns the source does not have: they reach the drop as nulls
   */
  record Checked(String relation, String select, String updatedAt, String split, SplitKind splitKind,
      List<String> absent) {}

  private SourceColumns() {}

  static Checked check(Connection c, String source, Feed feed, PullFeed mapping) {
    String relation = mapping.table() != null ? mapping.table() + " src" : "(" + mapping.query() + ") src";
    String what = mapping.table() != null ? "table " + mapping.table() : "its query";
    String cannot = "Cannot pull feed " + feed.id() + " from source " + source + ": " + what;
    Map<String, Integer> types = new LinkedHashMap<>();
    Map<String, String> typeNames = new LinkedHashMap<>();
    Map<String, String> exact = new LinkedHashMap<>();
    String quote;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + relation
        + " WHERE 1 = 0")) {
      quote = c.getMetaData().getIdentifierQuoteString().trim();
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String name = md.getColumnLabel(i);
        String key = name.toLowerCase(Locale.ROOT);
        types.put(key, md.getColumnType(i));
        typeNames.put(key, md.getColumnTypeName(i));
        exact.put(key, name);
      }
    } catch (SQLException e) {
      throw new PullFailure(cannot + " cannot be read: " + firstLine(e));
    }
    List<String> select = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    String updatedAt = null;
    for (Column col : feed.columns()) {
      String from = mapping.source(col.name());
      String key = from.toLowerCase(Locale.ROOT);
      if (!types.containsKey(key)) {
        if (col.required() || !from.equals(col.name())) {
          throw new PullFailure(cannot + " has no column " + from + " (contract column " + feed.id() + "."
              + col.name() + ", rule: " + (col.required() ? "required" : "mapped") + "); its columns: "
              + String.join(", ", exact.values()));
        }
        absent.add(col.name());
        continue;
      }
      int type = types.get(key);
      if (!fits(col.type(), type)) {
        throw new PullFailure(cannot + ": column " + exact.get(key) + " is " + typeNames.get(key)
            + ", which cannot hold contract column " + feed.id() + "." + col.name() + " (rule: " + rule(col.type())
            + ")");
      }
      String qualified = "src." + quote + exact.get(key) + quote;
      select.add(qualified + " AS " + quote + col.name() + quote);
      if (col.name().equals("updated_at")) {
        updatedAt = qualified;
      }
    }
    String splitName = mapping.splitColumn() == null ? mapping.source("updated_at") : mapping.splitColumn();
    String splitKey = splitName.toLowerCase(Locale.ROOT);
    if (!types.containsKey(splitKey)) {
      throw new PullFailure(cannot + " has no split column " + splitName + "; its columns: "
          + String.join(", ", exact.values()));
    }
    int splitType = types.get(splitKey);
    SplitKind kind = INTEGERS.contains(splitType) || splitType == Types.NUMERIC || splitType == Types.DECIMAL
        ? SplitKind.NUMBER : splitType == Types.DATE ? SplitKind.DATE
        : TIMESTAMPS.contains(splitType) ? SplitKind.TIMESTAMP : null;
    if (kind == null) {
      throw new PullFailure(cannot + ": split column " + exact.get(splitKey) + " is " + typeNames.get(splitKey)
          + "; reads are split by a number, a date or a timestamp");
    }
    String split = "src." + quote + exact.get(splitKey) + quote;
    select.add(split + " AS pull_split");
    return new Checked(relation, String.join(", ", select), updatedAt, split, kind, absent);
  }

  static boolean fits(ColumnType contract, int jdbc) {
    return switch (contract) {
      case STRING, ENUM, COUNTRY, CURRENCY -> TEXT.contains(jdbc) || jdbc == Types.OTHER;
      case TIMESTAMP -> TIMESTAMPS.contains(jdbc);
      case DATE -> jdbc == Types.DATE;
      case MONEY, CAPITAL, RATE -> DECIMALS.contains(jdbc);
      case INT -> INTEGERS.contains(jdbc);
      case BOOLEAN -> jdbc == Types.BOOLEAN || jdbc == Types.BIT;
    };
  }

  private static String rule(ColumnType type) {
    return switch (type) {
      case STRING, ENUM, COUNTRY, CURRENCY -> "text";
      case TIMESTAMP -> "a timestamp";
      case DATE -> "a date";
      case MONEY, CAPITAL, RATE -> "an exact decimal (not floating point)";
      case INT -> "an integer";
      case BOOLEAN -> "a boolean";
    };
  }

  static String firstLine(SQLException e) {
    return String.valueOf(e.getMessage()).split("\n")[0].trim();
  }
}
