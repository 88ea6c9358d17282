package io.tradecredit.conform;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/** The contract's conversion rule: the rate of the day, else the latest earlier rate no older than 7 days. */
public final class FxRates {
  public static final int MAX_FALLBACK_DAYS = 7;

  private FxRates() {}

  /**
   * One row per currency per calendar day that has a usable rate: {@code currency, day, rate_date, usd_per_unit}.
   *
   * @param rates current fx_rates rows: rate_date, currency, usd_per_unit
   */
  public static Dataset<Row> daily(Dataset<Row> rates) {
    return rates
        .select(col("currency"), col("rate_date"), col("usd_per_unit"),
            explode(sequence(col("rate_date"), date_add(col("rate_date"), MAX_FALLBACK_DAYS))).as("day"))
        .groupBy("currency", "day")
        .agg(max_by(struct(col("rate_date"), col("usd_per_unit")), col("rate_date")).as("r"))
        .select(col("currency"), col("day"), col("r.rate_date").as("rate_date"), col("r.usd_per_unit").as("usd_per_unit"));
  }

  /**
   * Adds {@code <prefix>_usd} (and the rate used) to {@code rows}: the amount at the rate of the day of
   * {@code when}. USD converts at 1. A row with an amount but no usable rate gets a null USD amount and
   * {@code fx_missing = true}; {@code fx_currency} names the currency looked up.
   */
  public static Dataset<Row> convert(Dataset<Row> rows, Dataset<Row> daily, Column amount, Column currency,
      Column when, String usdColumn) {
    Dataset<Row> keyed = rows
        .withColumn("_fx_currency", currency)
        .withColumn("_fx_day", to_date(when));
    Dataset<Row> rates = daily.select(col("currency").as("_r_currency"), col("day").as("_r_day"),
        col("usd_per_unit").as("_r_rate"));
    Dataset<Row> joined = keyed.join(broadcast(rates),
        col("_fx_currency").equalTo(col("_r_currency")).and(col("_fx_day").equalTo(col("_r_day"))), "left");
    Column rate = when(col("_fx_currency").equalTo("USD"), lit(1.0).cast(DataTypes.createDecimalType(20, 10)))
        .otherwise(col("_r_rate"));
    return joined
        .withColumn(usdColumn, round(amount.multiply(rate), 2).cast(DataTypes.createDecimalType(22, 2)))
        .withColumn("fx_missing", amount.isNotNull().and(rate.isNull()))
        .withColumnRenamed("_fx_currency", "fx_currency")
        .drop("_fx_day", "_r_currency", "_r_day", "_r_rate");
  }
}
