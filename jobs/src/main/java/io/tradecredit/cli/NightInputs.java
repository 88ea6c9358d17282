package io.tradecredit.cli;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradecredit.config.PipelineConfig;
import io.tradecredit.ingest.Drop;
import io.tradecredit.ingest.DropFinder;
import io.tradecredit.ingest.Feed;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import io.tradecredit.model.Promotions;
import io.tradecredit.model.Target;
import io.tradecredit.publish.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the publication of a night was made from, so that a backfill redoes nothing already published identically.
 * A night D is a function of the complete landing drops with {@code dt <= D}, the model artifact and the
 * configuration (every stage is point in time), so these are its inputs:
 *
 * <ul>
 *   <li>per feed, a hash of the fingerprints of its complete drops with {@code dt <= D} ({@link DropFinder}: every
 *       file's name, size and modification time), so a new, re-delivered or changed drop changes it;
 *   <li>the SHA-256 of the model artifact, and of the models promoted in {@code ops.model_promotions};
 *   <li>a hash of the configuration that decides what is published: everything except where things are
 *       ({@code paths}, {@code model.path}: the drops and the artifact's checksum stand for their content) and how
 *       Spark and the lock run.
 * </ul>
 *
 * <p>A successful night records them in {@code ops.nightly_inputs}; {@link #decide} skips D only when the latest
 * publication of D was made by a night whose recorded inputs equal today's.
 */
record NightInputs(Map<String, String> drops, String model, String config) {
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("night", DataTypes.DateType, false)
      .add("recorded_at", DataTypes.TimestampType, false)
      .add("drops", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false)
      .add("model_sha256", DataTypes.StringType, false)
      .add("config_sha256", DataTypes.StringType, false);

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Whether a night runs, and why (or by which run it was published when it does not). */
  record Decision(boolean run, String why) {}

  /** The inputs of night {@code night} as the landing area, the model and the configuration stand now. */
  static NightInputs of(RunContext ctx, LocalDate night) {
    Map<String, String> drops = new TreeMap<>();
    for (Feed feed : Feed.values()) {
      MessageDigest digest = sha256();
      for (Drop drop : DropFinder.find(ctx.config().paths().landing(), feed,
          ctx.spark().sparkContext().hadoopConfiguration())) {
        if (drop.complete() && !drop.dt().isAfter(night)) {
          digest.update((drop.dt() + "=" + drop.fingerprint() + "\n").getBytes(StandardCharsets.UTF_8));
        }
      }
      drops.put(feed.id(), HexFormat.of().formatHex(digest.digest()));
    }
    return new NightInputs(drops, modelsHash(ctx), configHash(ctx.config()));
  }

  /**
   * The configured artifact's hash; with promoted models, a hash of it and of each risk's promoted artifact, so a
   * promotion makes the next run of a published date score again. Without any, the hash is the artifact's alone,
   * as recorded before promotions existed.
   */
  private static String modelsHash(RunContext ctx) {
    String configured = modelHash(ctx);
    Map<Target, Promotions.Promotion> promoted = Promotions.current(ctx.lake());
    if (promoted.isEmpty()) {
      return configured;
    }
    StringBuilder all = new StringBuilder(configured);
    promoted.forEach((t, p) -> all.append('\n').append(t).append('=').append(p.sha256()));
    return HexFormat.of().formatHex(sha256().digest(all.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private static String modelHash(RunContext ctx) {
    Path model = new Path(ctx.config().model().path());
    MessageDigest digest = sha256();
    try (InputStream in = new DigestInputStream(model.getFileSystem(ctx.spark().sparkContext().hadoopConfiguration())
        .open(model), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (IOException e) {
      // score fails on a missing artifact with its own message; here it only means "not the same as before"
      return "unreadable: " + e.getMessage();
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static String configHash(PipelineConfig config) {
    ObjectNode tree = JSON.valueToTree(config);
    tree.remove(List.of("paths", "model", "spark", "lock"));
    return HexFormat.of().formatHex(sha256().digest(canonical(tree).toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** The same tree with every object's fields in name order, so a hash does not depend on map order. */
  private static JsonNode canonical(JsonNode node) {
    if (!node.isObject()) {
      return node;
    }
    Map<String, JsonNode> fields = new TreeMap<>();
    node.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
    ObjectNode sorted = JSON.createObjectNode();
    fields.forEach((k, v) -> sorted.set(k, canonical(v)));
    return sorted;
  }

  /** Records the inputs of a night that published, in one commit. */
  void record(RunContext ctx, LocalDate night) {
    Row row = RowFactory.create(ctx.runId(), java.sql.Date.valueOf(night), Timestamp.from(Instant.now()),
        new TreeMap<>(drops), model, config);
    ctx.lake().append(Tables.NIGHTLY_INPUTS, ctx.spark().createDataFrame(List.of(row), SCHEMA));
  }

  /**
   * Whether night {@code night} has to run: not when its latest publication was made by a night whose recorded
   * inputs equal {@code this}.
   */
  Decision decide(Lake lake, LocalDate night) {
    List<String> interrupted = Status.interruptedPublications(lake);
    if (!interrupted.isEmpty()) {
      // Only a publish settles a killed publication (records it, completes it if it committed): never skip it.
      return new Decision(true, "an interrupted publication waits to be settled: " + String.join(", ", interrupted));
    }
    if (!lake.exists(Tables.PUBLISH_LOG)) {
      return new Decision(true, "not published yet");
    }
    List<Row> published = lake.read(Tables.PUBLISH_LOG)
        .where(col("published").and(col("as_of_date").equalTo(java.sql.Date.valueOf(night))))
        .orderBy(col("finished_at").desc()).limit(1)
        .select(col("run_id"), col("finished_at").cast("string")).collectAsList();
    if (published.isEmpty()) {
      return new Decision(true, "not published yet");
    }
    String run = published.get(0).getString(0);
    String by = "run " + run + " at " + published.get(0).getString(1);
    List<Row> recorded = !lake.exists(Tables.NIGHTLY_INPUTS) ? List.of() : lake.read(Tables.NIGHTLY_INPUTS)
        .where(col("run_id").equalTo(run)).select("drops", "model_sha256", "config_sha256").collectAsList();
    if (recorded.isEmpty()) {
      return new Decision(true, "published by " + by + ", which recorded no inputs (not a nightly run)");
    }
    Row r = recorded.get(0);
    Map<String, String> before = r.getJavaMap(0);
    List<String> changed = new ArrayList<>();
    List<String> feeds = new ArrayList<>();
    drops.forEach((feed, hash) -> {
      if (!hash.equals(before.get(feed))) {
        feeds.add(feed);
      }
    });
    if (!feeds.isEmpty()) {
      changed.add("new, re-delivered or changed landing drops with dt <= " + night + " in " + String.join(", ", feeds));
    }
    if (!model.equals(r.getString(1))) {
      changed.add("another model artifact");
    }
    if (!config.equals(r.getString(2))) {
      changed.add("another configuration");
    }
    return changed.isEmpty()
        ? new Decision(false, "published identically by " + by + " (same landing drops, model and configuration)")
        : new Decision(true, "published by " + by + ", since then: " + String.join("; ", changed));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
