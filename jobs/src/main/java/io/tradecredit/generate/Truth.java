package io.tradecredit.generate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The ground truth of a generated world, one row per company: how the world was made, which the pipeline never
 * sees. Lets a model's ranking be judged against the true PD, and identity resolution against the true company;
 * the fulfilment and payment models' against the true probabilities of their outcomes ({@link LoopTruth}).
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
      .add("capital_usd", DataTypes.DoubleType)
      // The closed loop's outcomes over the horizon after loop_as_of_date ({@link LoopTruth}); null without activity.
      .add("loop_as_of_date", DataTypes.DateType)
      .add("fulfilment_orders", DataTypes.DoubleType)
      .add("fulfilment_pd", DataTypes.DoubleType)
      .add("payment_due", DataTypes.DoubleType)
      .add("payment_pd", DataTypes.DoubleType);
  private static final String ID = "__id";
  /** Everything but the payment columns, which need every seller's orders, and the company's id to join them. */
  private static final StructType SELLER_SIDE = new StructType(java.util.Arrays.copyOf(SCHEMA.fields(),
      SCHEMA.fields().length - 2)).add(ID, DataTypes.LongType);
  private static final StructType BUYER_SIDE = new StructType()
      .add("buyer", DataTypes.LongType)
      .add("payments", DataTypes.DoubleType)
      .add("failures", DataTypes.DoubleType);

  private Truth() {}

  static void write(SparkSession spark, WorldSpec spec, int partitions, String path) {
    long end = spec.lastDay().toEpochDay();
    LoopTruth loop = new LoopTruth(spec);
    Date loopAsOf = Date.valueOf(loop.asOf());
    MapFunction<Long, Row> row = id -> {
      Company c = Company.of(spec, id);
      String[] accounts = c.accounts().stream()
          .map(a -> Platforms.ALL.get(a.platform()).code() + ":" + a.accountId()).toArray(String[]::new);
      double[] f = loop.fulfilment(c);
      return RowFactory.create(c.companyId(), c.registryCountry(), c.registrationNumber(), c.legalName(),
          scala.jdk.javaapi.CollectionConverters.asScala(java.util.Arrays.asList(accounts)).toList(),
          c.z(), c.quality(end), c.pd12m(), Date.valueOf(LocalDate.ofEpochDay(c.defaultDay())),
          c.defaultDay() <= end, c.defaultDay() > end && c.defaultDay() <= end + 365, c.seller(),
          c.ordersPerYear(), c.size(), Date.valueOf(c.incorporated()), c.status(), c.capitalUsd(),
          loopAsOf, f == null ? null : f[0], f == null ? null : LoopTruth.fulfilmentPd(f[0], f[1]), id);
    };
    FlatMapFunction<Long, Row> payments = id -> {
      List<Row> out = new ArrayList<>();
      loop.payments(Company.of(spec, id)).forEachRemaining(p -> out.add(RowFactory.create((long) p[0], p[1], p[2])));
      return out.iterator();
    };
    Dataset<Row> buyers = spark.range(0, spec.companies(), 1, partitions)
        .flatMap(payments, Encoders.row(BUYER_SIDE))
        .groupBy("buyer").agg(sum("payments").as("payment_due"), sum("failures").as("payment_failures"));
    UserDefinedFunction pd = udf((UDF2<Double, Double, Double>) (due, failures) -> due == null ? null
        : LoopTruth.paymentPd(due, failures), DataTypes.DoubleType);
    Column[] columns = java.util.Arrays.stream(SCHEMA.fieldNames())
        .map(n -> n.equals("payment_pd") ? pd.apply(col("payment_due"), col("payment_failures")).as(n) : col(n))
        .toArray(Column[]::new);
    spark.range(0, spec.companies(), 1, partitions)
        .map(row, Encoders.row(SELLER_SIDE))
        .join(buyers, col(ID).equalTo(col("buyer")), "left")
        .orderBy(ID)
        .select(columns)
        .write().mode("errorifexists").parquet(path);
  }
}
