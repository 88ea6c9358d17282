package io.tradecredit.conform;

import static org.apache.spark.sql.functions.*;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * The company identity rule of landing.md: which company each platform account belongs to.
 *
 * <p>Match methods: REGISTRATION_NUMBER (the account names its number), NAME_COUNTRY (no number, but exactly one
 * registry company of its country has the same normalised name), UNRESOLVED (no number and no single match: its own
 * entity {@code platform@account_id}; the reason says NO_MATCH or AMBIGUOUS_NAME).
 */
public final class Identity {
  public static final UserDefinedFunction NORMALISE_NUMBER =
      udf((UDF1<String, String>) CompanyNames::number, DataTypes.StringType);
  public static final UserDefinedFunction NORMALISE_NAME =
      udf((UDF1<String, String>) CompanyNames::name, DataTypes.StringType);

  /**
   * How sure a match is (published.md, match_confidence): a registration number names the company; a unique name
   * in the country is good evidence, better when the platform verified the account; an unresolved account is tied
   * to no registry company.
   */
  public static final double BY_NUMBER = 1.0;
  public static final double BY_NAME_VERIFIED = 0.9;
  public static final double BY_NAME = 0.8;
  public static final double UNRESOLVED = 0.0;

  private Identity() {}

  /**
   * SQL aggregates over a company's accounts (columns match_method, verified): its strongest method and the
   * confidence of its surest account, as {@code match_method} and {@code match_confidence}.
   */
  public static String companyMatchSql() {
    return "element_at(array('REGISTRATION_NUMBER', 'NAME_COUNTRY', 'UNRESOLVED'), min(CASE match_method "
        + "WHEN 'REGISTRATION_NUMBER' THEN 1 WHEN 'NAME_COUNTRY' THEN 2 ELSE 3 END)) AS match_method, "
        + "CAST(max(CASE match_method WHEN 'REGISTRATION_NUMBER' THEN " + BY_NUMBER + " WHEN 'NAME_COUNTRY' THEN "
        + "CASE WHEN verified THEN " + BY_NAME_VERIFIED + " ELSE " + BY_NAME + " END ELSE " + UNRESOLVED
        + " END) AS DOUBLE) AS match_confidence";
  }

  /**
   * The accounts left unresolved because two or more registry companies of their country have their name: never
   * merged, listed for review, one row per account and registry company its name matches.
   *
   * @param mapped the output of {@link #companyAccounts} for {@code accounts} and {@code registry}
   * @return platform, account_id, declared_name, registry_country, company_id (a candidate), legal_name (its
   *     registry name), candidates (how many)
   */
  public static Dataset<Row> ambiguous(Dataset<Row> mapped, Dataset<Row> accounts, Dataset<Row> registry) {
    // The map leaves an unresolved account without a country: the account's own record gives it back.
    Dataset<Row> flagged = mapped.where(col("match_reason").startsWith("AMBIGUOUS_NAME"))
        .select("platform", "account_id", "declared_name")
        .join(accounts.select(col("platform"), col("account_id"), upper(col("registry_country")).as("country")),
            new String[] {"platform", "account_id"})
        .withColumn("name_norm", NORMALISE_NAME.apply(col("declared_name")));
    Dataset<Row> names = registry
        .select(col("company_id"), col("legal_name"), upper(col("registry_country")).as("r_country"),
            NORMALISE_NAME.apply(col("legal_name")).as("r_name"))
        .where(col("r_name").isNotNull());
    return flagged.join(names, col("country").equalTo(col("r_country")).and(col("name_norm").equalTo(col("r_name"))))
        .withColumn("candidates", count(lit(1)).over(org.apache.spark.sql.expressions.Window
            .partitionBy("platform", "account_id")))
        .select(col("platform"), col("account_id"), col("declared_name"), col("country").as("registry_country"),
            col("company_id"), col("legal_name"), col("candidates"));
  }

  /** company_id of a registry-keyed row: {@code COUNTRY:NUMBER}. */
  public static Column companyId(Column country, Column number) {
    Column n = NORMALISE_NUMBER.apply(number);
    return when(country.isNotNull().and(n.isNotNull()), concat(upper(country), lit(":"), n));
  }

  /**
   * @param accounts accounts as of the date: platform, account_id, registry_country, registration_number,
   *     declared_name, verified, created_at
   * @param registry registry as of the date: company_id, registry_country, legal_name
   * @return one row per account: platform, account_id, company_id, match_method, match_reason, registry_country,
   *     registration_number (normalised, null when unresolved), declared_name, verified, created_at
   */
  public static Dataset<Row> companyAccounts(Dataset<Row> accounts, Dataset<Row> registry) {
    Dataset<Row> names = registry
        .withColumn("norm_name", NORMALISE_NAME.apply(col("legal_name")))
        .where(col("norm_name").isNotNull())
        .groupBy(col("registry_country").as("r_country"), col("norm_name").as("r_name"))
        .agg(count(lit(1)).as("r_count"), min("company_id").as("r_company_id"));
    Dataset<Row> a = accounts
        .withColumn("number_norm", NORMALISE_NUMBER.apply(col("registration_number")))
        .withColumn("name_norm", NORMALISE_NAME.apply(col("declared_name")));
    Dataset<Row> joined = a.join(names,
        col("number_norm").isNull().and(col("registry_country").equalTo(col("r_country")))
            .and(col("name_norm").equalTo(col("r_name"))), "left");
    Column byNumber = col("number_norm").isNotNull();
    Column matches = coalesce(col("r_count"), lit(0L));
    Column byName = not(byNumber).and(matches.equalTo(1));
    Column ambiguous = not(byNumber).and(matches.gt(1));
    Column method = when(byNumber, lit("REGISTRATION_NUMBER"))
        .when(byName, lit("NAME_COUNTRY"))
        .otherwise(lit("UNRESOLVED"));
    Column companyId = when(byNumber, concat(upper(col("registry_country")), lit(":"), col("number_norm")))
        .when(byName, col("r_company_id"))
        .otherwise(concat(col("platform"), lit("@"), col("account_id")));
    Column reason = when(ambiguous, concat(lit("AMBIGUOUS_NAME: "), col("r_count").cast("string"),
            lit(" registry companies in "), col("registry_country"), lit(" are named '"), col("name_norm"), lit("'")))
        .when(not(byNumber).and(not(byName)), lit("NO_MATCH: no registration number and no registry company of "
            + "that name in the country"));
    return joined.select(
        col("platform"), col("account_id"), companyId.as("company_id"), method.as("match_method"),
        reason.as("match_reason"),
        when(byNumber.or(byName), upper(col("registry_country"))).as("registry_country"),
        when(byNumber, col("number_norm")).when(byName, substring_index(col("r_company_id"), ":", -1))
            .as("registration_number"),
        col("declared_name"), col("verified"), col("created_at"));
  }
}
