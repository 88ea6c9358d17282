package io.tradecredit.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of pull.sources: the shipped example loads, secrets and ambiguous producers are refused by name. */
class PullSourcesTest {
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  private static final String SOURCE = String.join("\n",
      "pull:",
      "  sources:",
      "    shop:",
      "      url: jdbc:postgresql://db:5432/shop",
      "      user_env: SHOP_USER",
      "      password_env: SHOP_PASSWORD",
      "      feeds:",
      "        orders: {table: shop.orders}",
      "");

  private static ConfigException refused(Path dir, String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"), yaml);
    return assertThrows(ConfigException.class, () -> ConfigLoader.load(file, List.of(), HOME));
  }

  @Test
  void theSampleSourceLoadsWithItsDefaultsAndOverrides() {
    PipelineConfig c = ConfigLoader.load(HOME.resolve("conf/pull/sample-db.yaml"),
        List.of("pull.sources.sample_db.lookback_minutes=30"), HOME);
    PullSource s = c.pull().sources().get("sample_db");
    assertEquals(List.of("accounts", "orders", "payments"), s.feeds().keySet().stream().sorted().toList());
    assertEquals(HOME.resolve("work/sample-db/credentials").toString(), s.credentialsFile());
    assertEquals(30, s.lookbackMinutes());
    assertEquals(2, s.retries(), "the file's own value");
    assertEquals(PullSource.FETCH_SIZE_DEFAULT, c.pull().sources().get("sample_db").withDefaults().fetchSize());
    assertEquals("total", s.feeds().get("orders").source("amount"));
    assertEquals("currency", s.feeds().get("orders").source("currency"));
    assertEquals(java.util.Map.of(), ConfigLoader.load(HOME.resolve("conf/local.yaml"), List.of(), HOME).pull()
        .sources(), "the embedded default pulls nothing");
  }

  @Test
  void aPasswordInTheConfigurationIsRefusedWithoutRepeatingIt(@TempDir Path dir) throws Exception {
    ConfigException e = refused(dir, SOURCE.replace("      user_env: SHOP_USER", "      password: hunter2-secret"));
    assertEquals("Configuration key 'pull.sources.shop.password' is refused: credentials never go in a configuration "
        + "file; name an environment variable (pull.sources.shop.user_env, pull.sources.shop.password_env) or a file "
        + "readable only by its owner (pull.sources.shop.credentials_file)", e.getMessage());
    e = refused(dir, SOURCE.replace("db:5432/shop", "db:5432/shop?user=u&password=hunter2-secret"));
    assertFalse(e.getMessage().contains("hunter2-secret"), e.getMessage());
    assertEquals("Invalid value for configuration key 'pull.sources.shop.url': it carries a password; credentials "
        + "never go in a configuration file: use pull.sources.shop.password_env or pull.sources.shop.credentials_file",
        e.getMessage());
  }

  @Test
  void aFeedHasOneProducerAndNeedsUpdatedAt(@TempDir Path dir) throws Exception {
    String two = SOURCE + String.join("\n",
        "    other:",
        "      url: jdbc:postgresql://db2:5432/shop",
        "      credentials_file: /etc/tradecredit/other.credentials",
        "      feeds:",
        "        orders: {query: 'SELECT * FROM orders'}",
        "");
    assertEquals("Invalid value for configuration key 'pull.sources.other.feeds.orders': feed orders is already "
        + "pulled by source shop; a landing drop has one producer", refused(dir, two).getMessage());
    assertEquals("Invalid value for configuration key 'pull.sources.shop.feeds.fx_rates': fx_rates has no "
        + "updated_at, so it cannot be pulled by watermark",
        refused(dir, SOURCE.replace("orders: {table", "fx_rates: {table")).getMessage());
    assertEquals("Invalid value for configuration key 'pull.sources.shop.feeds.orders.columns.amount_usd': "
        + "'amount_usd' is not a column of orders (columns: platform, order_id, seller_account, buyer_account, "
        + "order_ts, amount, currency, payment_terms_days, category, status, updated_at)",
        refused(dir, SOURCE.replace("{table: shop.orders}", "{table: shop.orders, columns: {amount_usd: total}}"))
            .getMessage());
  }
}
