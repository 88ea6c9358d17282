package io.tradecredit.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingReportTest extends SparkTestBase {
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  @TempDir Path dir;

  @Test
  void writesASelfContainedHtmlReportWithFourChartsNextToMetrics() throws Exception {
    TrainerOptions options = TrainFile.options("bad", "1", 0.3, 5, Map.of(
        TrainerOptions.EXCLUDE, "company_id",
        TrainerOptions.DESCRIPTION, "Report test <script>alert('x')</script> & co"));
    TrainResult result = TrainFile.run(TestData.companies(spark(), 3000, 3), "generated", options,
        dir.resolve("m.json"), dir.resolve("report"));

    Path report = dir.resolve("report").resolve(TrainingReport.FILE);
    assertEquals(report, result.report());
    assertTrue(Files.exists(dir.resolve("report").resolve(TrainFile.METRICS_FILE)));
    assertTrue(Files.exists(report));
    assertTrue(GraphicsEnvironment.isHeadless(), "charts are drawn on a headless AWT");
    String html = Files.readString(report, StandardCharsets.UTF_8);

    // Four embedded PNG charts, each a real image.
    Matcher img = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
    int charts = 0;
    while (img.find()) {
      byte[] png = java.util.Base64.getDecoder().decode(img.group(1));
      assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(png, 8));
      assertTrue(png.length > 5_000, "chart " + charts + " is only " + png.length + " bytes");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
      assertNotNull(image, "chart " + charts + " decodes");
      assertTrue(image.getWidth() > 0 && image.getHeight() > 0);
      charts++;
    }
    assertEquals(4, charts, "ROC, KS, score distribution and grade charts");
    assertFalse(html.contains("src=\"http"), "self-contained: nothing loaded from elsewhere");

    // Figures as the table shows them, escaped text.
    Metrics metrics = Metrics.read(dir.resolve("report").resolve(TrainFile.METRICS_FILE));
    assertTrue(html.contains("<td class=\"n\">" + TrainingReport.fixed(result.testAuc()) + "</td>"),
        "test AUC " + TrainingReport.fixed(result.testAuc()));
    assertTrue(html.contains(TrainingReport.fixed(metrics.train().auc())));
    assertTrue(html.contains(TrainingReport.fixed(metrics.psi())));
    assertTrue(html.contains("Report test &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"));
    assertFalse(html.contains("<script>"));
    for (String c : metrics.iv().keySet()) {
      assertTrue(html.contains("<td>" + c + "</td>"), "IV row of " + c);
    }

    // One row per grade band; the counts add up to the held-out sample.
    Matcher row = Pattern.compile("<tr data-grade=\"([A-Z]+)\" data-rows=\"(\\d+)\">").matcher(html);
    List<String> grades = new ArrayList<>();
    long rows = 0;
    while (row.find()) {
      grades.add(row.group(1));
      rows += Long.parseLong(row.group(2));
    }
    assertEquals(GradeBand.DEFAULTS.stream().map(GradeBand::grade).toList(), grades);
    assertEquals(result.testRows(), rows);
    assertEquals(metrics.test().rows(), rows);
  }

  @Test
  void gradesFromScoreCountsMatchTheScorer() {
    Dataset<Row> data = TestData.companies(spark(), 2000, 11);
    TrainedScorecard trained = ScorecardTrainer.train(data, TrainFile.options("bad", "1", 0.3, 1,
        Map.of(TrainerOptions.EXCLUDE, "company_id")));
    Dataset<Row> scored = ScorecardScorer.score(data, trained.scorecard()).select("score", "grade", "bad").cache();
    try {
      List<ReportCharts.GradeCount> fromCounts = TrainingReport.gradeCounts(trained.scorecard(),
          Metrics.scoreCounts(scored, "score", "bad"));
      Map<String, Long> bySpark = new HashMap<>();
      for (Row r : scored.groupBy("grade").count().collectAsList()) {
        bySpark.put(r.getString(0), r.getLong(1));
      }
      for (ReportCharts.GradeCount g : fromCounts) {
        assertEquals(bySpark.getOrDefault(g.grade(), 0L), g.rows(), "rows of grade " + g.grade());
      }
      assertEquals(2000, fromCounts.stream().mapToLong(ReportCharts.GradeCount::rows).sum());
    } finally {
      scored.unpersist();
    }
  }
}
