package io.tradecredit.ingest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Types the values of one {@link RawRecord} of a feed and finds the first contract rule it breaks, building the
 * row in Spark's internal form directly: validation happens in the task that parses the file, with no per-value
 * expression, regular expression or row conversion (bench/RESULTS.md, "Ingest").
 *
 * <p>Output ({@link #schema}): the typed columns of the feed, then {@code source_file}, {@code source_line},
 * {@code raw_record}, {@code extra_columns}, {@code rule} and {@code message} (the three null for a good row), and
 * {@code outcome}: QUARANTINED for a row that breaks a rule, else ACCEPTED until {@link FirstOfKey} finds it a
 * duplicate.
 *
 * <p>Values are trimmed of spaces, and an empty one is missing; a country code is upper-cased (the contract's
 * identity rule upper-cases it: {@code cn} is valid). Rule order: the record's parse rule, then presence, type and
 * domain of each column in the feed's order, then the feed's cross-column rules, then dates in the future.
 */
final class RecordChecker {
  private final Feed feed;
  private final List<Column> spec;
  private final ColumnType[] types;
  private final Set<UTF8String>[] allowed;
  private final LocalDate dt;
  private final long endOfDropMicros;
  private final int dropDay;
  private final int amount;
  private final int currency;
  private final java.util.Map<String, Integer> position = new java.util.HashMap<>();
  private static final UTF8String OPEN = UTF8String.fromString("OPEN");
  // A task's records come from one file with one header: its name and extra columns are made once, not per row.
  private String lastFile;
  private UTF8String lastFileText;
  private List<String> lastExtra;
  private GenericArrayData lastExtraArray;

  @SuppressWarnings("unchecked")
  RecordChecker(Feed feed, LocalDate dt) {
    this.feed = feed;
    this.spec = feed.columns();
    this.dt = dt;
    this.types = new ColumnType[spec.size()];
    this.allowed = new Set[spec.size()];
    for (int i = 0; i < spec.size(); i++) {
      Column c = spec.get(i);
      position.put(c.name(), i);
      types[i] = c.type();
      allowed[i] = switch (c.type()) {
        case ENUM -> text(c.values());
        case COUNTRY -> text(IsoCodes.COUNTRIES);
        case CURRENCY -> text(IsoCodes.CURRENCIES);
        default -> null;
      };
    }
    // The end of the delivery day in UTC.
    this.endOfDropMicros = dt.plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000;
    this.dropDay = (int) dt.toEpochDay();
    this.amount = position.getOrDefault("amount", -1);
    this.currency = position.getOrDefault("currency", -1);
  }

  private static Set<UTF8String> text(java.util.Collection<String> values) {
    Set<UTF8String> set = new HashSet<>();
    values.forEach(v -> set.add(UTF8String.fromString(v)));
    return set;
  }

  /** Spark's type for a column type. */
  static DataType sparkType(ColumnType type) {
    return switch (type) {
      case TIMESTAMP -> DataTypes.TimestampType;
      case DATE -> DataTypes.DateType;
      case MONEY -> DataTypes.createDecimalType(18, 2);
      case CAPITAL -> DataTypes.createDecimalType(20, 2);
      case RATE -> DataTypes.createDecimalType(20, 10);
      case INT -> DataTypes.IntegerType;
      case BOOLEAN -> DataTypes.BooleanType;
      default -> DataTypes.StringType;
    };
  }

  /** The checked rows' schema for {@code feed}. */
  static StructType schema(Feed feed) {
    StructType s = new StructType();
    for (Column c : feed.columns()) {
      s = s.add(c.name(), sparkType(c.type()), true);
    }
    return s.add("source_file", DataTypes.StringType, false)
        .add("source_line", DataTypes.LongType, false)
        .add("raw_record", DataTypes.StringType, true)
        .add("extra_columns", DataTypes.createArrayType(DataTypes.StringType, false), true)
        .add("rule", DataTypes.StringType, true)
        .add("message", DataTypes.StringType, true)
        .add("outcome", DataTypes.IntegerType, false);
  }

  private static String describe(ColumnType type) {
    return switch (type) {
      case TIMESTAMP -> "an ISO-8601 timestamp with Z or an offset";
      case DATE -> "a date YYYY-MM-DD";
      case MONEY, CAPITAL -> "a decimal with at most 2 fraction digits";
      case RATE -> "a decimal with at most 10 fraction digits";
      case INT -> "an integer";
      case BOOLEAN -> "true or false";
      default -> "text";
    };
  }

  /** The text trimmed of spaces (only U+0020, as Spark's {@code trim}); null when nothing is left. */
  private static UTF8String value(UTF8String text) {
    if (text == null) {
      return null;
    }
    UTF8String v = text.trim();
    return v.numBytes() == 0 ? null : v;
  }

  /** Upper-cased as {@code String.toUpperCase(Locale.ROOT)} does; ASCII, as every valid code is, on its bytes. */
  private static UTF8String upper(UTF8String v) {
    return v.isFullAscii() ? v.toUpperCaseAscii() : UTF8String.fromString(v.toString().toUpperCase(Locale.ROOT));
  }

  /** The typed value of a present value, null when it does not parse. */
  private static Object typed(UTF8String v, ColumnType type) {
    return switch (type) {
      case TIMESTAMP -> ValueText.timestamp(v);
      case DATE -> ValueText.date(v);
      case MONEY -> ValueText.decimal(v, 18, 2);
      case CAPITAL -> ValueText.decimal(v, 20, 2);
      case RATE -> ValueText.decimal(v, 20, 10);
      case INT -> ValueText.integer(v);
      case BOOLEAN -> ValueText.bool(v);
      default -> v;
    };
  }

  /** One raw record as a checked row of {@link #schema}. */
  InternalRow check(RawRecord raw) {
    int n = spec.size();
    UTF8String[] v = new UTF8String[n];
    Object[] t = new Object[n];
    String rule = raw.rule();
    String message = raw.message();
    if (rule == null && raw.values() != null) {
      UTF8String[] values = raw.values();
      for (int i = 0; i < n; i++) {
        UTF8String s = value(values[i]);
        v[i] = s != null && types[i] == ColumnType.COUNTRY ? upper(s) : s;
        t[i] = v[i] == null ? null : typed(v[i], types[i]);
      }
      String[] broken = broken(v, t);
      if (broken != null) {
        rule = broken[0];
        message = broken[1];
      }
    }
    Object[] out = new Object[n + 7];
    System.arraycopy(t, 0, out, 0, n);
    out[n] = file(raw.file());
    out[n + 1] = raw.line();
    // The raw text goes where the row breaks a rule (ops.quarantine); a good row would only carry it through the
    // deduplication's shuffle, about doubling what it moves.
    out[n + 2] = rule == null ? null : raw.raw();
    out[n + 3] = extra(raw.extra());
    out[n + 4] = rule == null ? null : UTF8String.fromString(rule);
    out[n + 5] = message == null ? null : UTF8String.fromString(message);
    out[n + 6] = rule == null ? FirstOfKey.ACCEPTED : FirstOfKey.QUARANTINED;
    return new GenericInternalRow(out);
  }

  private UTF8String file(String file) {
    if (!file.equals(lastFile)) {
      lastFile = file;
      lastFileText = UTF8String.fromString(file);
    }
    return lastFileText;
  }

  private GenericArrayData extra(List<String> extra) {
    if (extra != lastExtra) {
      Object[] names = new Object[extra.size()];
      for (int i = 0; i < names.length; i++) {
        names[i] = UTF8String.fromString(extra.get(i));
      }
      lastExtra = extra;
      lastExtraArray = new GenericArrayData(names);
    }
    return lastExtraArray;
  }

  /** The first rule the values break, as {rule, message}; null for a good row. */
  private String[] broken(UTF8String[] v, Object[] t) {
    int n = spec.size();
    for (int i = 0; i < n; i++) {
      if (v[i] == null && spec.get(i).required()) {
        return new String[] {Rules.REQUIRED_MISSING, column(i) + "required value is missing"};
      }
    }
    for (int i = 0; i < n; i++) {
      if (v[i] == null) {
        continue;
      }
      String expected = switch (types[i]) {
        case STRING -> null;
        case ENUM -> allowed[i].contains(v[i]) ? null : "one of " + String.join(", ", spec.get(i).values());
        case COUNTRY -> allowed[i].contains(v[i]) ? null : "an ISO 3166-1 alpha-2 country code";
        case CURRENCY -> allowed[i].contains(v[i]) ? null : "an ISO 4217 currency code";
        default -> t[i] != null ? null : describe(types[i]);
      };
      if (expected != null) {
        String rule = switch (types[i]) {
          case ENUM -> Rules.BAD_ENUM;
          case COUNTRY -> Rules.BAD_COUNTRY;
          case CURRENCY -> Rules.BAD_CURRENCY;
          default -> Rules.TYPE_MISMATCH;
        };
        return new String[] {rule, column(i) + "'" + v[i] + "' is not " + expected};
      }
    }
    String[] crossed = feedRules(t);
    if (crossed != null) {
      return crossed;
    }
    // Nothing a drop reports may lie after the end of its delivery day (due and promised dates are plans, not events).
    for (int i = 0; i < n; i++) {
      if (t[i] == null) {
        continue;
      }
      if (types[i] == ColumnType.TIMESTAMP && (Long) t[i] >= endOfDropMicros) {
        return new String[] {Rules.DATE_IN_FUTURE, column(i) + "after the end of the drop's delivery date " + dt};
      }
      if (types[i] == ColumnType.DATE && (Integer) t[i] > dropDay && !spec.get(i).name().equals("due_date")
          && !spec.get(i).name().equals("promised_date")) {
        return new String[] {Rules.DATE_IN_FUTURE, column(i) + "after the drop's delivery date " + dt};
      }
    }
    return null;
  }

  private String column(int i) {
    return "column '" + spec.get(i).name() + "': ";
  }

  private Object at(Object[] t, String name) {
    Integer i = position.get(name);
    return i == null ? null : t[i];
  }

  private static int sign(Object decimal) {
    return ((Decimal) decimal).toJavaBigDecimal().signum();
  }

  private String[] feedRules(Object[] t) {
    if (amount >= 0 && t[amount] != null && sign(t[amount]) <= 0) {
      return new String[] {Rules.AMOUNT_NOT_POSITIVE,
          "column 'amount': " + ((Decimal) t[amount]).toJavaBigDecimal().toPlainString() + " must be > 0"};
    }
    switch (feed) {
      case ORDERS -> {
        Integer terms = (Integer) at(t, "payment_terms_days");
        if (terms != null && (terms < 0 || terms > 365)) {
          return new String[] {Rules.TERMS_OUT_OF_RANGE,
              "column 'payment_terms_days': " + terms + " is outside 0..365"};
        }
        Long ordered = (Long) at(t, "order_ts");
        Long updated = (Long) at(t, "updated_at");
        if (ordered != null && updated != null && ordered > updated) {
          return new String[] {Rules.ORDER_AFTER_UPDATE, "column 'order_ts': the order time is after updated_at"};
        }
      }
      case SHIPMENTS -> {
        Long delivered = (Long) at(t, "delivered_at");
        Long shipped = (Long) at(t, "shipped_at");
        if (delivered != null && shipped != null && delivered < shipped) {
          return new String[] {Rules.DELIVERED_BEFORE_SHIPPED, "column 'delivered_at': delivered before shipped_at"};
        }
      }
      case DISPUTES -> {
        if (OPEN.equals(at(t, "status")) && (at(t, "resolved_at") != null || at(t, "at_fault") != null)) {
          return new String[] {Rules.DISPUTE_STATE_INCONSISTENT,
              "column 'status': an OPEN dispute has resolved_at or at_fault set"};
        }
      }
      case REGISTRY -> {
        Object capital = at(t, "registered_capital");
        if (capital != null && sign(capital) < 0) {
          return new String[] {Rules.CAPITAL_NEGATIVE, "column 'registered_capital': must be >= 0"};
        }
        if (capital != null && at(t, "capital_currency") == null) {
          return new String[] {Rules.CURRENCY_MISSING,
              "column 'capital_currency': required when registered_capital is present"};
        }
      }
      case FX_RATES -> {
        Object rate = at(t, "usd_per_unit");
        if (rate != null && sign(rate) <= 0) {
          return new String[] {Rules.RATE_NOT_POSITIVE, "column 'usd_per_unit': must be > 0"};
        }
      }
      default -> { }
    }
    if ((feed == Feed.CREDIT_EVENTS || feed == Feed.DISPUTES) && currency >= 0 && t[amount] != null
        && t[currency] == null) {
      return new String[] {Rules.CURRENCY_MISSING, "column 'currency': required when amount is present"};
    }
    return null;
  }
}
