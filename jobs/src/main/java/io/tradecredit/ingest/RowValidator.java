package io.tradecredit.ingest;

import static org.apache.spark.sql.functions.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Types the raw values of a feed and finds the first contract rule each row breaks, as Spark column expressions so
 * that validation runs inside the scan.
 *
 * <p>Output: the typed columns of the feed, plus {@code rule} and {@code message} (null for a good row).
 */
public final class RowValidator {
  private static final String TIMESTAMP = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})$";
  private static final String DATE = "^\\d{4}-\\d{2}-\\d{2}$";
  private static final String INT = "^[+-]?\\d{1,9}$";

  private RowValidator() {}

  public static DataType sparkType(ColumnType type) {
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

  private static String decimalPattern(int precision, int scale) {
    return "^[+-]?\\d{1," + (precision - scale) + "}(\\.\\d{1," + scale + "})?$";
  }

  private static String describe(ColumnType type) {
    return switch (type) {
      case TIMESTAMP -> "an ISO-8601 timestamp with Z or an offset";
      case DATE -> "a date YYYY-MM-DD";
      case MONEY -> "a decimal with at most 2 fraction digits";
      case CAPITAL -> "a decimal with at most 2 fraction digits";
      case RATE -> "a decimal with at most 10 fraction digits";
      case INT -> "an integer";
      case BOOLEAN -> "true or false";
      default -> "text";
    };
  }

  /** The typed value, null when the text does not parse. */
  private static Column typed(Column v, ColumnType type) {
    return switch (type) {
      case TIMESTAMP -> when(v.rlike(TIMESTAMP), v.try_cast(DataTypes.TimestampType));
      case DATE -> when(v.rlike(DATE), v.try_cast(DataTypes.DateType));
      case MONEY -> when(v.rlike(decimalPattern(18, 2)), v.try_cast(sparkType(type)));
      case CAPITAL -> when(v.rlike(decimalPattern(20, 2)), v.try_cast(sparkType(type)));
      case RATE -> when(v.rlike(decimalPattern(20, 10)), v.try_cast(sparkType(type)));
      case INT -> when(v.rlike(INT), v.try_cast(DataTypes.IntegerType));
      case BOOLEAN -> when(lower(v).isin("true", "false"), lower(v).equalTo("true"));
      default -> v;
    };
  }

  private static Column fail(Column condition, String rule, Column message) {
    return when(condition, struct(lit(rule).as("rule"), message.as("message")));
  }

  private static Column quoted(Column v) {
    return concat(lit("'"), coalesce(v, lit("")), lit("'"));
  }

  /**
   * @param raw rows of {@link RawRecord#SCHEMA}
   * @param dt the drop's delivery date: event times after its end are in the future
   */
  public static Dataset<Row> validate(Dataset<Row> raw, Feed feed, LocalDate dt) {
    Map<String, Column> value = new LinkedHashMap<>();
    Map<String, Column> parsed = new LinkedHashMap<>();
    List<Column> checks = new ArrayList<>();
    checks.add(when(col("parse_rule").isNotNull(),
        struct(col("parse_rule").as("rule"), col("parse_message").as("message"))));

    // Values and typed values become columns of their own projections before the checks use them: each is then
    // computed once per row. Written inline, every check and the output would parse it again (the optimizer does
    // not merge projections whose expressions are used more than once unless they are cheap).
    List<io.tradecredit.ingest.Column> spec = feed.columns();
    List<Column> passthrough = List.of(col("source_file"), col("source_line"), col("raw_record"),
        col("extra_columns"), col("parse_rule"), col("parse_message"));
    List<Column> values = new ArrayList<>(passthrough);
    List<Column> typedValues = new ArrayList<>(passthrough);
    for (int i = 0; i < spec.size(); i++) {
      io.tradecredit.ingest.Column c = spec.get(i);
      Column v = nullif(trim(col("values").getItem(i)), lit(""));
      // The contract's identity rule upper-cases the country (`cn` -> `CN:...`): a lower-case code is valid.
      values.add((c.type() == ColumnType.COUNTRY ? upper(v) : v).as("v_" + c.name()));
      typedValues.add(col("v_" + c.name()));
      typedValues.add(typed(col("v_" + c.name()), c.type()).as("p_" + c.name()));
      value.put(c.name(), col("v_" + c.name()));
      parsed.put(c.name(), col("p_" + c.name()));
    }
    Dataset<Row> prepared = raw.select(values.toArray(new Column[0])).select(typedValues.toArray(new Column[0]));
    // Rule order: presence, then type, then domain, then cross-column rules.
    for (io.tradecredit.ingest.Column c : spec) {
      if (c.required()) {
        checks.add(fail(value.get(c.name()).isNull(), Rules.REQUIRED_MISSING,
            lit("column '" + c.name() + "': required value is missing")));
      }
    }
    for (io.tradecredit.ingest.Column c : spec) {
      Column v = value.get(c.name());
      switch (c.type()) {
        case STRING -> { }
        case ENUM -> checks.add(fail(v.isNotNull().and(not(v.isin(c.values().toArray()))), Rules.BAD_ENUM,
            concat(lit("column '" + c.name() + "': "), quoted(v),
                lit(" is not one of " + String.join(", ", c.values())))));
        case COUNTRY -> checks.add(fail(v.isNotNull().and(not(v.isin(IsoCodes.COUNTRIES.toArray()))),
            Rules.BAD_COUNTRY, concat(lit("column '" + c.name() + "': "), quoted(v),
                lit(" is not an ISO 3166-1 alpha-2 country code"))));
        case CURRENCY -> checks.add(fail(v.isNotNull().and(not(v.isin(IsoCodes.CURRENCIES.toArray()))),
            Rules.BAD_CURRENCY, concat(lit("column '" + c.name() + "': "), quoted(v),
                lit(" is not an ISO 4217 currency code"))));
        default -> checks.add(fail(v.isNotNull().and(parsed.get(c.name()).isNull()), Rules.TYPE_MISMATCH,
            concat(lit("column '" + c.name() + "': "), quoted(v), lit(" is not " + describe(c.type())))));
      }
    }
    checks.addAll(feedRules(feed, parsed, dt));

    List<Column> out = new ArrayList<>();
    for (io.tradecredit.ingest.Column c : spec) {
      out.add(parsed.get(c.name()).cast(sparkType(c.type())).as(c.name()));
    }
    out.add(col("source_file"));
    out.add(col("source_line"));
    out.add(col("raw_record"));
    out.add(col("extra_columns"));
    out.add(coalesce(checks.toArray(new Column[0])).as("error"));
    return prepared.select(out.toArray(new Column[0]))
        .withColumn("rule", col("error.rule"))
        .withColumn("message", col("error.message"))
        .drop("error");
  }

  private static List<Column> feedRules(Feed feed, Map<String, Column> p, LocalDate dt) {
    List<Column> rules = new ArrayList<>();
    // The end of the delivery day in UTC (Timestamp.valueOf would take the JVM's zone).
    Column endOfDrop = lit(java.sql.Timestamp.from(dt.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
    Column dropDate = lit(java.sql.Date.valueOf(dt));
    if (p.containsKey("amount")) {
      rules.add(fail(p.get("amount").leq(0), Rules.AMOUNT_NOT_POSITIVE,
          concat(lit("column 'amount': "), p.get("amount").cast("string"), lit(" must be > 0"))));
    }
    switch (feed) {
      case ORDERS -> {
        Column terms = p.get("payment_terms_days");
        rules.add(fail(terms.lt(0).or(terms.gt(365)), Rules.TERMS_OUT_OF_RANGE,
            concat(lit("column 'payment_terms_days': "), terms.cast("string"), lit(" is outside 0..365"))));
        rules.add(fail(p.get("order_ts").gt(p.get("updated_at")), Rules.ORDER_AFTER_UPDATE,
            lit("column 'order_ts': the order time is after updated_at")));
      }
      case SHIPMENTS -> rules.add(fail(p.get("delivered_at").lt(p.get("shipped_at")), Rules.DELIVERED_BEFORE_SHIPPED,
          lit("column 'delivered_at': delivered before shipped_at")));
      case DISPUTES -> rules.add(fail(p.get("status").equalTo("OPEN")
              .and(p.get("resolved_at").isNotNull().or(p.get("at_fault").isNotNull())),
          Rules.DISPUTE_STATE_INCONSISTENT,
          lit("column 'status': an OPEN dispute has resolved_at or at_fault set")));
      case REGISTRY -> {
        rules.add(fail(p.get("registered_capital").lt(0), Rules.CAPITAL_NEGATIVE,
            lit("column 'registered_capital': must be >= 0")));
        rules.add(fail(p.get("registered_capital").isNotNull().and(p.get("capital_currency").isNull()),
            Rules.CURRENCY_MISSING, lit("column 'capital_currency': required when registered_capital is present")));
      }
      case FX_RATES -> rules.add(fail(p.get("usd_per_unit").leq(0), Rules.RATE_NOT_POSITIVE,
          lit("column 'usd_per_unit': must be > 0")));
      default -> { }
    }
    if ((feed == Feed.CREDIT_EVENTS || feed == Feed.DISPUTES) && p.containsKey("currency")) {
      rules.add(fail(p.get("amount").isNotNull().and(p.get("currency").isNull()), Rules.CURRENCY_MISSING,
          lit("column 'currency': required when amount is present")));
    }
    // Nothing a drop reports may lie after the end of its delivery day (due and promised dates are plans, not events).
    for (io.tradecredit.ingest.Column c : feed.columns()) {
      if (c.type() == ColumnType.TIMESTAMP) {
        rules.add(fail(p.get(c.name()).geq(endOfDrop), Rules.DATE_IN_FUTURE,
            lit("column '" + c.name() + "': after the end of the drop's delivery date " + dt)));
      } else if (c.type() == ColumnType.DATE && !c.name().equals("due_date") && !c.name().equals("promised_date")) {
        rules.add(fail(p.get(c.name()).gt(dropDate), Rules.DATE_IN_FUTURE,
            lit("column '" + c.name() + "': after the drop's delivery date " + dt)));
      }
    }
    return rules;
  }
}
