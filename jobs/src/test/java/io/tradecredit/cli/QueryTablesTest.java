package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A one-off {@code sql} query registers the tables it names; commands and the rest get the whole catalog. */
class QueryTablesTest extends SparkTestBase {
  @TempDir static Path root;

  static List<String> registered(String query) {
    Optional<Predicate<Table>> only = QueryTables.of(spark(), query);
    return only.map(p -> Tables.all().stream().filter(p).map(Table::qualified).sorted().toList()).orElse(null);
  }

  static List<String> silver() {
    return Tables.all().stream().filter(t -> t.database().equals("silver")).map(Table::qualified).sorted().toList();
  }

  @Test
  void aQueryRegistersTheTablesItNamesWhateverTheirSpelling() {
    assertEquals(List.of("credit.company_score", "silver.orders"), registered(
        "SELECT s.company_id FROM credit.company_score s JOIN `silver` . `Orders` o ON o.seller_id = s.company_id"));
    assertEquals(List.of("credit.company_score_history", "ops.quarantine"), registered("WITH h AS (SELECT * FROM "
        + "CREDIT.company_score_history) SELECT * FROM h WHERE EXISTS (SELECT 1 FROM ops.quarantine)"));
    assertEquals(List.of("credit.company_score"), registered("DESCRIBE HISTORY credit.company_score"));
    assertEquals(silver(), registered("SELECT count(*) FROM silver.orders_linked"), "a view and what it reads");
  }

  @Test
  void commandsAndQueriesNamingNoLakeTableGetTheWholeCatalog() {
    for (String statement : List.of("SHOW TABLES IN credit", "DESCRIBE credit.company_score", "SELECT 1", "SELECT * FROM silver.no_such_table", "SELEC oops",
        "DELETE FROM credit.company_score")) {
      assertEquals(null, registered(statement), statement);
    }
  }

  @Test
  void aTableReachedOtherwiseThanByNameIsRegisteredOnTheRetry() {
    SampleLake.copy(root);
    // Other test classes share the session: no name may point at their lakes.
    for (Table table : Tables.all()) {
      spark().sql("DROP TABLE IF EXISTS " + table.qualified());
    }
    String query = "SELECT (SELECT count(*) FROM IDENTIFIER('cre' || 'dit.company_score')) AS scores, "
        + "(SELECT count(*) FROM credit.publish_log) AS publications";
    assertEquals(List.of("credit.publish_log"), registered(query), "the concatenated name is not seen in the text");
    SqlRun run = SqlRun.sql(root, "--format", "csv", query);
    assertEquals(0, run.code(), run.toString());
    String[] counts = run.lines().get(1).split(",");
    assertTrue(Long.parseLong(counts[0]) > 0 && Long.parseLong(counts[1]) > 0, run.toString());
    assertFalse(run.err().contains("error"), run.toString());
    assertTrue(spark().catalog().tableExists("credit.company_score"), "the retry registered the whole catalog");
  }
}
