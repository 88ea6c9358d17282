package io.tradecredit.pull;

import io.tradecredit.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Tests of pull: one real PostgreSQL per test class ({@link SampleDatabase}), and a platform table to fill. */
public abstract class PullTestBase extends SparkTestBase {
  protected static SampleDatabase db;

  @BeforeAll
  static void startDatabase() {
    db = SampleDatabase.start();
  }

  @AfterAll
  static void stopDatabase() {
    if (db != null) {
      db.close();
    }
  }

  /** A platform table of orders under its own names; amount as NUMERIC without a scale (read as decimal(38,18)). */
  public static void createOrders(SampleDatabase db, String table) {
    db.sql("CREATE SCHEMA IF NOT EXISTS t", "CREATE TABLE " + table + " (id bigserial PRIMARY KEY, platform text, "
        + "order_ref text UNIQUE, seller_account text, buyer_account text, order_ts timestamptz, total numeric, "
        + "currency text, payment_terms_days integer, category text, status text, updated_at timestamptz)",
        "CREATE INDEX ON " + table + " (updated_at)", "GRANT USAGE ON SCHEMA t TO platform_reader",
        "GRANT SELECT ON " + table + " TO platform_reader");
  }

  public static String insert(String table, String ref, String total, String currency, String updatedAt) {
    return "INSERT INTO " + table + " (platform, order_ref, seller_account, buyer_account, order_ts, total, currency, "
        + "payment_terms_days, category, status, updated_at) VALUES ('shop', '" + ref + "', 'S1', 'B1', TIMESTAMPTZ '"
        + "2026-09-01 00:00:00+00', " + total + ", '" + currency + "', 30, NULL, 'PLACED', TIMESTAMPTZ '" + updatedAt
        + "+00')";
  }

  /** The configuration of a test: its own landing and lake, the source {@code shop} reading {@code table}. */
  public static Path conf(Path dir, SampleDatabase db, String table, String extraColumns, String credentials) throws IOException {
    Path file = dir.resolve("pull.yaml");
    Files.writeString(file, String.join("\n",
        "paths: {landing: " + dir.resolve("landing") + ", lake: " + dir.resolve("lake") + ", exports: "
            + dir.resolve("exports") + "}",
        "spark: {master: 'local[2]', shuffle_partitions: 2}",
        "ingest: {max_bad_ratio: 0.9}",
        "pull:",
        "  sources:",
        "    shop:",
        "      url: " + db.url(),
        "      credentials_file: " + credentials,
        "      partitions: 2",
        "      lookback_minutes: 60",
        "      retries: 1",
        "      retry_wait_seconds: 0",
        "      feeds:",
        "        orders:",
        "          table: " + table,
        "          split_column: id",
        "          columns: {order_id: order_ref, amount: total" + extraColumns + "}",
        ""));
    return file;
  }

}
