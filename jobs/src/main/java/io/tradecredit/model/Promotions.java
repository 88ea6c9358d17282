package io.tradecredit.model;

import static org.apache.spark.sql.functions.col;

import io.tradecredit.lake.Lake;
import io.tradecredit.lake.Sha256;
import io.tradecredit.lake.Tables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ops.model_promotions}: one row per promotion of a model to production, written by {@code promote}: who
 * promoted which model for which risk, when and why, with the artifact itself, so that the nightly scores with it
 * whatever becomes of the candidate folder. The latest promotion of each risk is its production model
 * ({@link #current}); promoting an earlier model again is how a promotion is rolled back.
 */
public final class Promotions {
  static final StructType SCHEMA = new StructType()
      .add("promoted_at", DataTypes.TimestampType, false)
      .add("target", DataTypes.StringType, false)
      .add("model_version", DataTypes.StringType, false)
      .add("model_sha256", DataTypes.StringType, false)
      .add("model_path", DataTypes.StringType, false)
      .add("operator", DataTypes.StringType, false)
      .add("os_user", DataTypes.StringType)
      .add("reason", DataTypes.StringType, false)
      .add("model_json", DataTypes.StringType, false);

  /** A promotion as recorded; {@code model} parsed from the recorded artifact. */
  public record Promotion(Instant promotedAt, Target target, Scorecard model, String sha256, String path,
      String operator, String osUser, String reason) {}

  private Promotions() {}

  /**
   * Records the promotion of the model at {@code path} for its target (or {@code target}, which must agree with
   * a target the model states).
   *
   * @param operator who decided, recorded next to the OS user; the OS user when blank
   * @throws IllegalArgumentException when the model does not parse, states no target and none is given, or states
   *     another; when the reason is blank
   */
  public static Promotion promote(Lake lake, Path path, Target target, String reason, String operator) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("Cannot promote " + path + ": --reason must say why");
    }
    String json;
    try {
      json = Files.readString(path, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("Cannot promote " + path + ": " + e.getMessage(), e);
    }
    Scorecard model;
    try {
      model = Scorecard.fromJson(json);
    } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("Cannot promote " + path + ": not a model artifact: " + e.getMessage(), e);
    }
    Target stated = model.target().orElse(null);
    if (stated == null && target == null) {
      throw new IllegalArgumentException("Cannot promote " + path + ": model " + model.version() + " states no "
          + "target (trained from a file); name it with --target credit|fulfilment|payment");
    }
    if (stated != null && target != null && stated != target) {
      throw new IllegalArgumentException("Cannot promote " + path + " as the " + target + " model: model "
          + model.version() + " was trained for " + stated);
    }
    Target t = stated != null ? stated : target;
    String osUser = System.getProperty("user.name");
    String who = operator == null || operator.isBlank() ? osUser : operator.strip();
    Instant at = Instant.now();
    Row row = RowFactory.create(Timestamp.from(at), t.id(), model.version(), Sha256.of(json),
        path.toAbsolutePath().normalize().toString(), who, osUser, reason.strip(), json);
    lake.append(Tables.MODEL_PROMOTIONS, lake.spark().createDataFrame(List.of(row), SCHEMA));
    return new Promotion(at, t, model, Sha256.of(json), path.toString(), who, osUser, reason.strip());
  }

  /** The production model of each risk that has been promoted: its latest promotion. Empty without any. */
  public static Map<Target, Promotion> current(Lake lake) {
    Map<Target, Promotion> current = new EnumMap<>(Target.class);
    if (!lake.exists(Tables.MODEL_PROMOTIONS)) {
      return current;
    }
    // A handful of rows, one per promotion ever made.
    for (Row r : lake.read(Tables.MODEL_PROMOTIONS).orderBy(col("promoted_at")).collectAsList()) {
      Target t = Target.of(r.getString(r.fieldIndex("target")));
      current.put(t, new Promotion(r.<Timestamp>getAs("promoted_at").toInstant(), t,
          Scorecard.fromJson(r.getAs("model_json")), r.getAs("model_sha256"), r.getAs("model_path"),
          r.getAs("operator"), r.getAs("os_user"), r.getAs("reason")));
    }
    return current;
  }
}
