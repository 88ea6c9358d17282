package io.tradecredit.generate;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ground truth of a generated world, one row per company: how the world was made, which the pipeline never
 * sees. Lets a model's ranking be judged against the true PD, and identity resolution against the true company.
 */
final class Truth {
  static final StructType SCHEMA = new StructType()
      .add("company_id", DataTypes.StringType)
      .add("registry_country", DataTypes.StringType)
      .add("registration_number", DataTypes.StringType)
      .add("legal_name", DataTypes.StringType)
      .add("accounts", DataTypes.createArrayType(DataTypes.StringType))
      .add("z", DataTypes.DoubleType)
      .add("quality_at_end", DataTypes.DoubleType)
      .add("pd_12m", DataTypes.DoubleType)
      .add("default_date", DataTypes.DateType)
      .add("defaulted_by_end", DataTypes.BooleanType)
      .add("bad_12m_after_end", DataTypes.BooleanType)
      .add("seller", DataTypes.BooleanType)
      .add("orders_per_year", DataTypes.DoubleType)
      .add("size", DataTypes.DoubleType)
      .add("incorporation_date", DataTypes.DateType)
      .add("registry_status_at_start", DataTypes.StringType)
      .add("capital_usd", DataTypes.DoubleType);

  private Truth() {}

  static void write(SparkSession spark, WorldSpec spec, int partitions, String path) {
    long end = spec.lastDay().toEpochDay();
    MapFunction<Long, Row> row = id -> {
      Company c = Company.of(spec, id);
      String[] accounts = c.accounts().stream()
          .map(a -> Platforms.ALL.get(a.platform()).code() + ":" + a.accountId()).toArray(String[]::new);
      return RowFactory.create(c.companyId(), c.registryCountry(), c.registrationNumber(), c.legalName(),
          scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(accounts)).toList(),
          c.z(), c.quality(end), c.pd12m(), Date.valueOf(LocalDate.ofEpochDay(c.defaultDay())),
          c.defaultDay() <= end, c.defaultDay() > end && c.defaultDay() <= end + 365, c.seller(),
          c.ordersPerYear(), c.size(), Date.valueOf(c.incorporated()), c.status(), c.capitalUsd());
    };
    spark.range(0, spec.companies(), 1, partitions)
        .map(row, Encoders.row(SCHEMA))
        .write().mode("errorifexists").parquet(path);
  }
}
