package io.tradecredit.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.sketch.BloomFilter;
import org.junit.jupiter.api.Test;

/**
 * The sieve lets every row of a key through, whatever the key's column names on the scanned side, and keeps out all
 * but a few of the others: the semi join after it gives what it gives without it.
 */
class BloomSieveTest extends SparkTestBase {
  @Test
  void everyKeyPassesAndAlmostNoOtherRow() {
    // Keys (a string and a date, as a company and day) and a scan of ten times as many rows, the keys among them.
    Dataset<Row> scan = spark().range(200_000).select(
        concat(lit("c-"), col("id").mod(20_000).cast("string")).as("company"),
        date_add(lit(java.sql.Date.valueOf("2026-01-01")), col("id").divide(20_000).cast("int")).as("on_day"),
        col("id"));
    Dataset<Row> keys = scan.where(col("id").mod(10).equalTo(3))
        .select(col("company").as("company_id"), col("on_day").as("day"));
    long count = keys.count();
    BloomFilter bloom = BloomSieve.of(keys, count);
    Column sieve = BloomSieve.mightContain(bloom, "company", "on_day");

    Column isKey = col("id").mod(10).equalTo(3);
    assertEquals(count, scan.where(isKey).where(sieve).count(), "every key passes");
    long others = scan.where(not(isKey)).count();
    long passed = scan.where(not(isKey)).where(sieve).count();
    assertTrue(passed < others * 0.03, passed + " of " + others + " other rows passed");

    Dataset<Row> joinKeys = keys.toDF("company", "on_day");
    var on = scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of("company", "on_day")).toList();
    assertEquals(scan.join(joinKeys, on, "left_semi").count(),
        scan.where(sieve).join(joinKeys, on, "left_semi").count());
  }
}
