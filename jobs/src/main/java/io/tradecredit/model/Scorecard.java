package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The versioned model artifact: binned characteristics with WoE and points, the logistic
 * regression behind them, the points scaling, the pd calibration, the grade bands and the
 * training metrics. Stored as pretty-printed JSON in {@code conf/models/}; produced by
 * {@link ScorecardTrainer}, applied by {@link ScorecardScorer}.
 *
 * <p>A company's score is the sum of the points of the bins its values fall in, clipped to
 * {@code [scaling.minScore, scaling.maxScore]}; its pd_12m is {@link Calibration#pd} of the score;
 * its grade is the first {@link GradeBand} whose limit is at or above the pd.
 *
 * @param version model version, e.g. {@code scorecard-v1}; published with every score
 * @param createdAt when the model was trained, ISO-8601 instant
 * @param description what the model is for and what it was trained on, in words
 * @param training source, split and sample sizes
 * @param label what "bad" meant
 * @param characteristics the selected characteristics, in model order
 * @param logistic intercept and coefficients of the logistic regression on WoE
 * @param scaling how log-odds become points
 * @param calibration pd_12m as a function of the score
 * @param gradeBands grades by upper pd limit, best first
 * @param metrics training and held-out metrics
 */
@JsonPropertyOrder({
  "version", "created_at", "description", "training", "label", "characteristics",
  "logistic", "scaling", "calibration", "grade_bands", "metrics"
})
public record Scorecard(
    String version,
    String createdAt,
    String description,
    TrainingInfo training,
    LabelDefinition label,
    List<Characteristic> characteristics,
    Logistic logistic,
    Scaling scaling,
    Calibration calibration,
    List<GradeBand> gradeBands,
    Metrics metrics) {

  public Scorecard {
    Objects.requireNonNull(version, "model version");
    Objects.requireNonNull(characteristics, "characteristics of model " + version);
    Objects.requireNonNull(scaling, "scaling of model " + version);
    Objects.requireNonNull(calibration, "calibration of model " + version);
    if (characteristics.isEmpty()) {
      throw new IllegalArgumentException("Invalid model " + version + ": no characteristics");
    }
    characteristics = List.copyOf(characteristics);
    gradeBands = GradeBand.validate(gradeBands);
    Map<String, String> texts = new HashMap<>();
    for (Characteristic c : characteristics) {
      for (String[] reason : List.of(new String[] {c.reasonCode(), c.reasonText()},
          new String[] {c.missingReasonCode(), c.missingReasonText()})) {
        String before = texts.putIfAbsent(reason[0], reason[1]);
        if (before != null && !before.equals(reason[1])) {
          throw new IllegalArgumentException("Invalid model " + version + ": reason code " + reason[0]
              + " has two texts, '" + before + "' and '" + reason[1] + "'");
        }
      }
    }
    if (logistic != null && !logistic.coefficients().keySet().equals(
        characteristics.stream().map(Characteristic::name).collect(java.util.stream.Collectors.toSet()))) {
      throw new IllegalArgumentException("Invalid model " + version
          + ": logistic coefficients " + logistic.coefficients().keySet() + " do not match the characteristics");
    }
  }

  /** Reads a model written by {@link #write}; fails on unknown keys and on an inconsistent model. */
  public static Scorecard read(Path path) {
    return ModelJson.read(path, Scorecard.class);
  }

  /** Parses a model from its JSON text. */
  public static Scorecard fromJson(String json) {
    return ModelJson.fromJson(json, Scorecard.class);
  }

  /** Writes the model as pretty-printed JSON, keys in a stable order, creating parent folders. */
  public void write(Path path) {
    ModelJson.write(this, path);
  }

  /** The model as pretty-printed JSON. */
  public String toJson() {
    return ModelJson.toJson(this);
  }

  /** The characteristic of that name. */
  public Characteristic characteristic(String name) {
    return characteristics.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Model " + version + " has no characteristic " + name));
  }

  /** The risk this model scores, from its label; empty for a model trained without a target. */
  public java.util.Optional<Target> target() {
    return label == null || label.target() == null ? java.util.Optional.empty()
        : java.util.Optional.of(Target.of(label.target()));
  }

  /** The same model, its label stated to be that of {@code t}. */
  public Scorecard forTarget(Target t) {
    LabelDefinition l = label != null ? label : new LabelDefinition("bad", "1", t.description());
    return new Scorecard(version, createdAt, description, training, l.forTarget(t), characteristics, logistic,
        scaling, calibration, gradeBands, metrics);
  }

  /** The same model with other metrics. */
  public Scorecard withMetrics(Metrics newMetrics) {
    return new Scorecard(version, createdAt, description, training, label, characteristics, logistic,
        scaling, calibration, gradeBands, newMetrics);
  }
}
