package io.tradecredit.model;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link TrainFile#run} did, in figures.
 *
 * @param version model version
 * @param rows labelled rows read
 * @param trainRows rows in the training sample
 * @param testRows rows in the held-out sample
 * @param split how the held-out sample was chosen
 * @param characteristics the characteristics the model kept, strongest IV first
 * @param trainAuc AUC on the training sample
 * @param testAuc AUC on the held-out sample
 * @param testGini Gini on the held-out sample
 * @param testKs KS on the held-out sample
 * @param psi PSI of the score from the training to the held-out sample
 * @param benchmarkAuc held-out AUC of the benchmark column, null if none
 * @param baseline held-out figures of the baseline logistic regression on raw values, null if not fitted
 * @param fairness the per-country and per-region report, null without a country column
 * @param model where the model JSON was written
 * @param metrics where metrics.json was written
 * @param report where report.html was written
 * @param seconds wall time of the run
 */
public record TrainResult(
    String version,
    long rows,
    long trainRows,
    long testRows,
    String split,
    List<String> characteristics,
    double trainAuc,
    double testAuc,
    double testGini,
    double testKs,
    double psi,
    Double benchmarkAuc,
    Metrics.SampleMetrics baseline,
    Fairness fairness,
    Path model,
    Path metrics,
    Path report,
    double seconds) {

  /** A few lines for a person: what was trained, how well it ranks, whom it serves worse, where it went. */
  public String summary() {
    return String.format(
        "trained %s on %d rows (%d train, %d held out, %s split) in %.1f s%n"
            + "characteristics (%d): %s%n"
            + "AUC train %.4f, test %.4f; test Gini %.4f, KS %.4f; PSI %.4f%s%n"
            + "%s%smodel: %s%nmetrics: %s%nreport: %s",
        version, rows, trainRows, testRows, split, seconds, characteristics.size(), String.join(", ", characteristics),
        trainAuc, testAuc, testGini, testKs, psi,
        benchmarkAuc == null ? "" : String.format("; benchmark test AUC %.4f", benchmarkAuc),
        baseline == null ? "" : String.format("baseline logistic regression on raw values: test AUC %.4f, KS %.4f%n",
            baseline.auc(), baseline.ks()),
        fairness == null ? "" : fairnessLine(),
        model, metrics, report);
  }

  private String fairnessLine() {
    String flagged = fairness.flaggedCountries().isEmpty() ? "none"
        : String.join(", ", fairness.flaggedCountries()) + " (regions: "
            + (fairness.flaggedRegions().isEmpty() ? "none" : String.join(", ", fairness.flaggedRegions())) + ")";
    return String.format("%d countries in %d regions held out; calibration off by more than %.0f%%: %s%n",
        fairness.countries().size(), fairness.regions().size(), 100 * fairness.tolerance(), flagged);
  }
}
