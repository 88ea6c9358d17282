package io.tradecredit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

/**
 * The contract's typed values read by {@link ValueText} are what Spark itself makes of the same text: the shape the
 * contract gives each type (as a regular expression) and then Spark's {@code try_cast}, over texts at and beyond
 * every edge (calendar, clock, offsets, fraction digits, precision, signs).
 */
class ValueTextTest extends SparkTestBase {
  private static final String TIMESTAMP =
      "^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}(:\\\\d{2}(\\\\.\\\\d{1,9})?)?(Z|[+-]\\\\d{2}:?\\\\d{2})$";

  /** Spark's value of each text as a string ("null" for none), given the shape and the cast. */
  private static List<String> spark(List<String> texts, String shape, String cast) {
    List<String> out = new ArrayList<>();
    for (Row r : spark().createDataset(texts, Encoders.STRING()).toDF("v")
        .selectExpr("CAST(CASE WHEN v RLIKE '" + shape + "' THEN " + cast + " END AS STRING)").collectAsList()) {
      out.add(String.valueOf(r.getString(0)));
    }
    return out;
  }

  /**
   * ValueText's value of each text as a string. Each is read as a slice of a longer text, with digits and a sign
   * around it, as a CSV record's values are slices of the record: a read past the value's own bytes shows.
   */
  private static <T> List<String> java(List<String> texts, Function<UTF8String, T> read) {
    return texts.stream().map(t -> {
      byte[] around = ("-9" + t + "9:").getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return String.valueOf(read.apply(UTF8String.fromBytes(around, 2, around.length - 4)));
    }).toList();
  }

  private static void agree(List<String> texts, String shape, String cast, Function<UTF8String, ?> read) {
    List<String> expected = spark(texts, shape, cast);
    List<String> actual = java(texts, read);
    List<String> differ = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        differ.add("'" + texts.get(i) + "': Spark " + expected.get(i) + ", ValueText " + actual.get(i));
      }
    }
    assertEquals(List.of(), differ);
    assertTrue(expected.stream().anyMatch(v -> !v.equals("null")) && expected.contains("null"),
        "the texts include values and non-values");
  }

  @Test
  void timestampsAreSparksInstants() {
    agree(List.of("2026-11-02T08:00:00Z", "2026-11-02T08:00Z", "2026-11-02T08:00:00.1Z",
            "2026-11-02T08:00:00.123456Z", "2026-11-02T08:00:00.123456789Z", "2026-11-02T08:00:00.1234567891Z",
            "2026-11-02T08:00:00+08:00", "2026-11-02T08:00:00+0800", "2026-11-02T08:00-05:30",
            "2026-11-02T08:00:00.5-00:00", "2026-11-02T08:00:00+18:00", "2026-11-02T08:00:00-18:00",
            "2026-11-02T08:00:00+18:01", "2026-11-02T08:00:00+19:00", "2026-11-02T08:00:00+05:60",
            "2026-02-29T08:00:00Z", "2024-02-29T23:59:59Z", "2026-02-30T08:00:00Z", "2026-04-31T08:00:00Z",
            "2026-11-02T24:00:00Z", "2026-11-02T23:60:00Z", "2026-11-02T23:59:60Z", "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-02 08:00:00Z", "2026-11-02T08:00:00",
            "2026-11-02T08:00:00z", "2026-11-02T8:00:00Z", "2026-11-02T08:00:00.Z", "2026-11-02T08:00:00+08",
            "2026-11-02T08:00:00+8:00", "+2026-11-02T08:00:00Z", "2026-11-02T08:00:00ZZ",
            "2026-11-02T08:00:00+08:00:00", "2026-11-02T08:0:00Z", "0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
            "1582-10-10T12:00:00Z", "1969-12-31T23:59:59.5Z", "9999-12-31T23:59:59.999999Z",
            "２０２６-11-02T08:00:00Z"),
        TIMESTAMP, "unix_micros(try_cast(v AS TIMESTAMP))", ValueText::timestamp);
  }

  @Test
  void datesAreSparksDays() {
    agree(List.of("2026-11-02", "2026-02-29", "2024-02-29", "2026-02-30", "2026-13-01", "2026-00-01", "2026-11-00",
            "0000-01-01", "0001-01-01", "1582-10-10", "9999-12-31", "1900-02-29", "2000-02-29",
            "2100-02-29", "0000-02-29", "0400-02-29", "2026-12-31", "2026-03-01", "2026-06-31", "2026-1-02",
            "2026-11-2", "20261102",
            "2026/11/02", "2026-11-02T00:00", "+2026-11-02", " 2026-11-02"),
        "^\\\\d{4}-\\\\d{2}-\\\\d{2}$", "unix_date(try_cast(v AS DATE))", ValueText::date);
  }

  @Test
  void decimalsAreSparksDecimals() {
    List<String> money = List.of("0", "0.00", "-0.00", "+5", "5.", ".5", "5.1", "5.12", "5.123", "-3.00",
        "1234567890123456", "12345678901234567", "-1234567890123456.99", "9999999999999999.99", "1e3", "1,5",
        "00012.30", "+0.01", "-", "+", "5.1.2", "--5", "٣");
    agree(money, "^[+-]?\\\\d{1,16}(\\\\.\\\\d{1,2})?$", "try_cast(v AS DECIMAL(18,2))",
        v -> text(ValueText.decimal(v, 18, 2)));
    agree(List.of("123456789012345678.12", "-123456789012345678.1", "1234567890123456789.1", "0.001", "42"),
        "^[+-]?\\\\d{1,18}(\\\\.\\\\d{1,2})?$", "try_cast(v AS DECIMAL(20,2))",
        v -> text(ValueText.decimal(v, 20, 2)));
    agree(List.of("1.0000000001", "1234567890.1234567890", "12345678901.1", "0.00000000001", "-7.25"),
        "^[+-]?\\\\d{1,10}(\\\\.\\\\d{1,10})?$", "try_cast(v AS DECIMAL(20,10))",
        v -> text(ValueText.decimal(v, 20, 10)));
  }

  private static String text(Decimal d) {
    return d == null ? null : d.toJavaBigDecimal().toPlainString();
  }

  @Test
  void integersAndBooleansAreSparks() {
    agree(List.of("0", "-0", "+7", "123456789", "1234567890", "-123456789", "12.0", "1e3", "0x10", "٣", "+", "-"),
        "^[+-]?\\\\d{1,9}$", "try_cast(v AS INT)", ValueText::integer);
    List<String> booleans = List.of("true", "TRUE", "False", "fAlSe", "yes", "1", "ſalse", "truee");
    List<String> expected = new ArrayList<>();
    for (Row r : spark().createDataset(booleans, Encoders.STRING()).toDF("v")
        .selectExpr("CAST(CASE WHEN lower(v) IN ('true', 'false') THEN lower(v) = 'true' END AS STRING)")
        .collectAsList()) {
      expected.add(String.valueOf(r.getString(0)));
    }
    assertEquals(expected, java(booleans, ValueText::bool));
  }
}
