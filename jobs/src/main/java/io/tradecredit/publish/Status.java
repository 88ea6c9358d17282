package io.tradecredit.publish;

import static org.apache.spark.sql.functions.*;

import io.tradecredit.ingest.Drop;
import io.tradecredit.ingest.DropFinder;
import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.IngestStage;
import io.tradecredit.config.PipelineConfig;
import io.tradecredit.lake.Lake;
import io.tradecredit.lake.LakeLock;
import io.tradecredit.lake.RunContext;
import io.tradecredit.lake.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * What a data engineer asks first in the morning: is a run under way or did one die (the lake lock), what is
 * published (date, model, rows, checks), did the last attempt fail, and what is pending (complete landing drops
 * not ingested yet, ingested dates not published), and what in the landing feed folders is not a drop.
 */
public final class Status {
  private Status() {}

  /**
   * The lake lock first (who holds it since when and where a night is, or which holder died in which night and
   * stage), and the recent nights recorded as died; then {@link #report(Lake, String, Configuration)}.
   */
  public static List<String> report(RunContext ctx) {
    List<String> out = new ArrayList<>(locks(ctx.lake(), ctx.config().lock()));
    out.addAll(report(ctx.lake(), ctx.config().paths().landing(), ctx.spark().sparkContext().hadoopConfiguration()));
    return out;
  }

  /** Publications begun and never ended (their process died), as {@code run R as of D}; a publish settles them. */
  public static List<String> interruptedPublications(Lake lake) {
    return new PublishAttempts(lake).unfinished().stream().map(a -> "run " + a.runId() + " as of " + a.date())
        .toList();
  }

  static List<String> locks(Lake lake, PipelineConfig.Lock settings) {
    List<String> out = new ArrayList<>();
    List<LakeLock.Found> held = LakeLock.held(lake, settings);
    for (LakeLock.Found f : held) {
      LakeLock.Holder h = f.holder();
      if (f.alive()) {
        out.add("lock        held by " + f.describe() + (h != null && h.night() != null
            ? ", in night " + h.night() + " stage " + h.stage() + " since " + h.stageStartedAt() : "")
            + " (" + f.why() + ")");
      } else {
        out.add("lock        left by a dead process (" + f.why() + "): " + f.describe()
            + "; the next run takes it over");
        if (h != null) {
          h.deadNight().ifPresent(night -> out.add("died        " + night));
        }
      }
    }
    if (held.isEmpty()) {
      out.add("lock        free");
    }
    for (LakeLock.Holder h : LakeLock.died(lake)) {
      out.add("died        " + h.deadNight().orElse(h.describe() + " died") + "; run " + h.takenOverBy()
          + " took its lock over at " + h.takenOverAt() + (h.night() == null ? ""
              : "; the next nightly records it in " + Tables.NIGHTLY_LOG));
    }
    if (lake.exists(Tables.NIGHTLY_LOG)) {
      // Among the ten latest nights, those that died ("DIED" rows, written by the run that took their lock over).
      List<Row> died = lake.read(Tables.NIGHTLY_LOG).groupBy("run_id", "night")
          .agg(min("started_at").as("started"), max(when(col("status").equalTo("DIED"), col("stage"))).as("died_in"))
          .orderBy(col("started").desc()).limit(10).where(col("died_in").isNotNull())
          .select(col("night").cast("string"), col("run_id"), col("died_in"), col("started").cast("string"))
          .collectAsList();
      for (Row r : died) {
        out.add("died        night " + r.getString(0) + " (run " + r.getString(1) + ") died during stage "
            + r.getString(2) + ", started " + r.getString(3) + " (in " + Tables.NIGHTLY_LOG + ")");
      }
    }
    return out;
  }

  public static List<String> report(Lake lake, String landing, Configuration hadoop) {
    List<String> out = new ArrayList<>();
    LocalDate published = null;
    if (lake.exists(Tables.PUBLISH_LOG)) {
      List<Row> last = lake.read(Tables.PUBLISH_LOG).where(col("published"))
          // The latest date published (a rerun of an older date does not make it the current one).
          .orderBy(col("as_of_date").desc(), col("finished_at").desc()).limit(1)
          .select(col("as_of_date").cast("string"), col("model_version"), col("rows"), col("run_id"),
              col("forced_reason"), col("finished_at").cast("string"),
              transform(col("checks"), c -> concat(c.getField("name"), lit("="),
                  format_number(c.getField("value"), 4), lit(" "), c.getField("verdict"))))
          .collectAsList();
      if (!last.isEmpty()) {
        Row r = last.get(0);
        published = LocalDate.parse(r.getString(0));
        out.add(String.format("published   as of %s  model %s  rows %d  run %s  at %s%s", r.getString(0),
            r.getString(1), r.getLong(2), r.getString(3), r.getString(5),
            r.isNullAt(4) ? "" : "  FORCED: " + r.getString(4)));
        out.add("checks      " + String.join(", ", r.<String>getList(6)));
      }
      List<Row> attempt = lake.read(Tables.PUBLISH_LOG).orderBy(col("started_at").desc()).limit(1)
          .select(col("as_of_date").cast("string"), col("published"), col("message")).collectAsList();
      if (!attempt.isEmpty() && !attempt.get(0).getBoolean(1)) {
        out.add("last try    as of " + attempt.get(0).getString(0) + " FAILED: " + attempt.get(0).getString(2));
      }
    }
    if (published == null) {
      out.add("published   nothing yet");
    }
    for (PublishAttempts.Attempt a : new PublishAttempts(lake).unfinished()) {
      out.add("interrupted publish run " + a.runId() + " as of " + a.date() + " (started " + a.startedAt()
          + ") ended without its log row; the next publish records it, and completes it if it was committed");
    }
    if (lake.exists(Tables.COMPANY_SCORE)) {
      Row current = lake.read(Tables.COMPANY_SCORE).agg(count(lit(1)), max("as_of_date").cast("string")).first();
      out.add(String.format("current     credit.company_score: %d rows as of %s", current.getLong(0),
          current.getString(1)));
    }

    Map<String, Map<LocalDate, String>> ingested = IngestStage.ingested(lake);
    // The latest delivery date whose last ingest succeeded (a null fingerprint marks a failed one).
    LocalDate lastIngested = ingested.values().stream()
        .flatMap(byDt -> byDt.entrySet().stream().filter(e -> e.getValue() != null).map(Map.Entry::getKey))
        .max(LocalDate::compareTo).orElse(null);
    List<String> pending = new ArrayList<>();
    List<String> notDrops = new ArrayList<>();
    LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
    for (Feed feed : Feed.values()) {
      Map<LocalDate, String> done = ingested.getOrDefault(feed.id(), Map.of());
      DropFinder.Listing listing = DropFinder.scan(landing, feed, hadoop);
      listing.notDrops().forEach(n -> notDrops.add(feed.id() + "/" + n.name() + " (" + n.reason() + ")"));
      for (Drop drop : listing.drops()) {
        String future = drop.dt().isAfter(today) ? " (dated after today " + today + ")" : "";
        if (!drop.complete()) {
          pending.add(feed.id() + " dt=" + drop.dt() + " (no _SUCCESS yet)" + future);
        } else if (!drop.fingerprint().equals(done.get(drop.dt()))) {
          pending.add(feed.id() + " dt=" + drop.dt() + (done.containsKey(drop.dt()) ? " (re-delivered or failed)" : "")
              + future);
        }
      }
    }
    if (!notDrops.isEmpty()) {
      out.add("not drops   " + notDrops.size() + " item(s) in landing feed folders are not drops and are not read: "
          + String.join(", ", notDrops));
    }
    out.add("pending     " + (pending.isEmpty() ? "no landing drop waits for ingest"
        : pending.size() + " drop(s) to ingest: " + String.join(", ", pending)));
    if (lastIngested != null && (published == null || lastIngested.isAfter(published))) {
      out.add("pending     ingested up to " + lastIngested + ", published up to "
          + (published == null ? "nothing" : published) + ": run nightly for the dates between");
    }
    return out;
  }
}
