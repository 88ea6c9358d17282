package io.tradecredit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.SampleLake;
import io.tradecredit.SparkTestBase;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Table;
import io.tradecredit.lake.Tables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tradecredit serve} end to end, after the shaded jar is built: the real command serving a copy of the sample
 * lake, a Java client through the Hive JDBC driver, a Python client through Spark Connect, and a night published by
 * another process (this test's JVM) while it serves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeCommandIT extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;
  static String lake;
  static RunContext ctx;
  static SparkSession analyst;
  static SqlEndpointProcess endpoint;

  @BeforeAll
  static void serveACopyOfTheSampleLake() throws Exception {
    ctx = SampleLake.copy(root);
    lake = ctx.config().paths().lake();
    endpoint = SqlEndpointProcess.launch(root, settings(), "1500m");
    for (Table table : Tables.all()) {
      spark().sql("DROP TABLE IF EXISTS " + table.qualified());
    }
    // What bin/tradecredit sql runs a statement in, for the rows the endpoint must give too.
    analyst = SqlCommand.analystSession(ctx, false, System.err);
    endpoint.awaitReady();
    System.out.printf("serve: ready %.1f s after its start%n", endpoint.readySeconds);
  }

  @AfterAll
  static void stop() throws Exception {
    if (endpoint != null) {
      endpoint.close();
    }
  }

  static List<String> settings() {
    return SampleLake.settings(root, SampleLake.HOME.resolve("data-samples/landing"));
  }

  /** The analyst queries of docs/querying.md, all twelve. */
  static List<String> analystQueries() {
    List<String> queries = AnalystQueries.inGuide();
    assertEquals(12, queries.size(), "the analyst queries of docs/querying.md");
    return queries;
  }

  /** Each row as one JSON text, computed by the server: the same rows compare equal whichever client carried them. */
  static String asJson(String query) {
    return "SELECT to_json(struct(*)) AS row FROM (\n" + query + "\n)";
  }

  static List<String> jdbcRows(Statement st, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        rows.add(rs.getString(1));
      }
    }
    return rows;
  }

  static JsonNode connect(Map<String, Object> request) throws Exception {
    Path file = Files.createTempFile(root, "connect", ".json");
    JSON.writeValue(file.toFile(), request);
    Process p = SqlEndpointProcess.python("connect_client.py", endpoint.connectUrl(), file.toString())
        .redirectError(root.resolve("connect.err").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out + Files.readString(root.resolve("connect.err")));
    return JSON.readTree(out);
  }

  @Test
  @Order(1)
  void theAnalystQueriesGiveTheSameRowsOverJdbcAndConnectAsTheSqlCommand() throws Exception {
    List<String> queries = analystQueries();
    List<String> wrapped = queries.stream().map(ServeCommandIT::asJson).toList();
    // The Python client runs its queries in a process of its own meanwhile; its rows are compared at the end.
    CompletableFuture<JsonNode> viaConnect = CompletableFuture.supplyAsync(() -> {
      try {
        return connect(Map.of("queries", wrapped)).get("rows");
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    List<List<String>> expectedRows = new ArrayList<>();
    try (Connection c = endpoint.jdbc(); Statement st = c.createStatement()) {
      for (int i = 0; i < queries.size(); i++) {
        // Sorted: rows that tie on a query's ORDER BY may come in either order.
        List<String> expected = analyst.sql(wrapped.get(i)).collectAsList().stream().map(r -> r.getString(0))
            .sorted().toList();
        expectedRows.add(expected);
        assertFalse(expected.isEmpty(), queries.get(i));
        assertEquals(expected, jdbcRows(st, wrapped.get(i)).stream().sorted().toList(), "JDBC\n" + queries.get(i));
        // The query as written, through the driver's own types: as many rows and columns.
        try (ResultSet rs = st.executeQuery(queries.get(i))) {
          int n = 0;
          while (rs.next()) {
            n++;
          }
          assertEquals(expected.size(), n, queries.get(i));
          assertEquals(analyst.sql(queries.get(i)).columns().length, rs.getMetaData().getColumnCount());
        }
      }
    }
    JsonNode connectAnswers = viaConnect.join();
    for (int i = 0; i < queries.size(); i++) {
      List<String> connectRows = new ArrayList<>();
      connectAnswers.get(i).forEach(n -> connectRows.add(n.asText()));
      assertEquals(expectedRows.get(i), connectRows.stream().sorted().toList(), "Connect\n" + queries.get(i));
    }
  }

  @Test
  @Order(2)
  void everyWriteIsRefusedOverBothProtocolsAndNoTableChanges() throws Exception {
    Map<String, Long> versions = versions();
    Map<String, String> statements = SqlReadOnlyTest.refusedStatements(root, lake);
    List<String> wrong = new ArrayList<>();
    try (Connection c = endpoint.jdbc(); Statement st = c.createStatement()) {
      for (Map.Entry<String, String> s : statements.entrySet()) {
        try {
          st.execute(s.getKey());
          wrong.add("JDBC ran: " + s.getKey());
        } catch (SQLException e) {
          if (!String.valueOf(e.getMessage()).contains("Refused: " + s.getValue())) {
            wrong.add("JDBC: " + s.getKey() + "\n  -> " + e.getMessage());
          }
        }
      }
      // The session goes on after its refusals.
      assertEquals(List.of("58"), jdbcRows(st, "SELECT count(*) FROM credit.company_score"));
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("refused", List.copyOf(statements.keySet()));
    request.put("dataframe_writes_and_reads", root.resolve("written-by-connect").toString());
    request.put("lake", lake);
    JsonNode viaConnect = connect(request);
    int i = 0;
    for (Map.Entry<String, String> s : statements.entrySet()) {
      String said = viaConnect.get("refused").get(i++).asText();
      if (!said.contains("Refused: " + s.getValue())) {
        wrong.add("Connect: " + s.getKey() + "\n  -> " + said);
      }
    }
    viaConnect.get("dataframe").fields().forEachRemaining(e -> {
      if (!e.getValue().asText().contains("Refused: ")) {
        wrong.add("Connect DataFrame " + e.getKey() + " -> " + e.getValue().asText());
      }
    });
    assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    assertEquals(versions, versions(), "every table at the version it had");
    assertFalse(Files.exists(root.resolve("written")), "nothing written outside the lake");
    assertFalse(Files.exists(root.resolve("written-by-connect")), "nothing written outside the lake");
  }

  @Test
  @Order(3)
  void aNightPublishedByAnotherProcessIsSeenByTheNextQuery() throws Exception {
    String latest = "SELECT CAST(max(as_of_date) AS STRING) FROM credit.company_score";
    try (Connection c = endpoint.jdbc(); Statement st = c.createStatement()) {
      assertEquals(List.of(SampleLake.SECOND.toString()), jdbcRows(st, latest));
      // The night runs in this test's JVM, a process other than the server's, as a nightly run would beside it.
      Nightly.run(ctx, SampleLake.SECOND.plusDays(1));

      // The same connection, no restart: the publication is there.
      assertEquals(List.of(SampleLake.SECOND.plusDays(1).toString()), jdbcRows(st, latest));
    }
    JsonNode viaConnect = connect(Map.of("queries", List.of(latest))).get("rows");
    assertEquals(SampleLake.SECOND.plusDays(1).toString(), viaConnect.get(0).get(0).asText());
    String log = Files.readString(endpoint.err);
    assertFalse(log.contains(" ERROR "), "the server logged errors:\n" + log);
  }

  private static Map<String, Long> versions() {
    Map<String, Long> v = new LinkedHashMap<>();
    for (Table t : Tables.all()) {
      v.put(t.qualified(), ctx.lake().version(t));
    }
    return v;
  }
}
