package io.tradecredit.model;

import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A candidate against the promoted model of its risk, on the candidate's held-out as-of dates, in its report. */
class ChampionComparisonTest extends SparkTestBase {
  @TempDir Path dir;

  private TrainResult train(Dataset<Row> labelled, String name, String excluded) {
    return TrainFile.run(labelled, "generated", TrainFile.options("bad", "1", 0.3, 5, Map.of(
        TrainerOptions.EXCLUDE, excluded, TrainerOptions.CV_FOLDS, "0", TrainerOptions.VERSION, name)),
        dir.resolve(name + ".json"), dir.resolve(name));
  }

  @Test
  void theCandidateAndTheChampionAreRankedOnTheSameHeldOutRowsAndTheReportShowsBoth() throws Exception {
    // Six month ends; the latest are held out (out of time).
    Dataset<Row> labelled = TestData.companies(spark(), 3000, 8)
        .withColumn("as_of_date", expr("add_months(DATE'2025-01-31', int(substring(company_id, 2)) % 6)")).cache();
    TrainResult candidate = train(labelled, "candidate-1", "company_id");
    // The champion never saw days late, the strongest signal: it ranks worse.
    TrainResult champion = train(labelled, "champion-1", "company_id,days_late");
    Scorecard c = Scorecard.read(candidate.model());

    ChampionComparison compared = ChampionComparison.of(labelled, "bad", Target.FULFILMENT, c,
        Scorecard.read(champion.model()));
    assertNull(compared.note());
    assertEquals(c.training().testFrom(), compared.testFrom());
    assertEquals(c.training().testTo(), compared.testTo());
    assertEquals(candidate.testRows(), compared.rows(), "the candidate's own held-out rows");
    assertEquals(candidate.testAuc(), compared.candidateAuc(), 1e-9, "the candidate's held-out AUC");
    assertTrue(compared.candidateAuc() > compared.championAuc() + 0.02, compared.summary());

    TrainingReport.addChampion(candidate.report(), compared);
    String html = Files.readString(candidate.report(), StandardCharsets.UTF_8);
    assertTrue(html.indexOf("Against the production model") < html.indexOf("Charts (held-out sample)"), html);
    assertTrue(html.contains("<tr data-champion=\"candidate\"><td>candidate</td><td>candidate-1</td><td class=\"n\">"
        + TrainingReport.fixed(compared.candidateAuc()) + "</td></tr>"), html);
    assertTrue(html.contains("<tr data-champion=\"champion\"><td>production (champion)</td><td>champion-1</td>"
        + "<td class=\"n\">" + TrainingReport.fixed(compared.championAuc()) + "</td></tr>"), html);
    assertTrue(html.contains("The candidate ranks better, by "
        + TrainingReport.fixed(compared.candidateAuc() - compared.championAuc())), html);

    // A champion that needs a column these rows lack is not compared, and the report says why.
    ChampionComparison refused = ChampionComparison.of(labelled.drop("days_late"), "bad", Target.FULFILMENT,
        Scorecard.read(champion.model()), c);
    assertTrue(refused.note().startsWith("the champion cannot score these rows: "), refused.note());
    TrainingReport.addChampion(champion.report(), refused);
    assertTrue(Files.readString(champion.report(), StandardCharsets.UTF_8).contains(
        "<p data-champion=\"none\">No comparison: the champion cannot score these rows: "));
    labelled.unpersist();
  }
}
