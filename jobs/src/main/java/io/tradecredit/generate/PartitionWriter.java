package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.Rules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The sink of one Spark task: writes straight into the landing folders, one file per feed, format and drop,
 * named after the task's partition, so reruns of a task overwrite its own files and the same seed gives the same
 * file names and bytes.
 */
final class PartitionWriter implements Sink {
  /** What a task wrote: rows per feed, drop, kind (good, bad, duplicate, no_fx) and rule. */
  static final StructType COUNTS = new StructType()
      .add("feed", DataTypes.StringType)
      .add("dt", DataTypes.StringType)
      .add("kind", DataTypes.StringType)
      .add("rule", DataTypes.StringType)
      .add("rows", DataTypes.LongType);

  private final String landing;
  private final WorldSpec spec;
  private final String name;
  private final Map<String, DropFile> open = new HashMap<>();

  /** @param name distinguishes the files of this task from every other task's, e.g. the partition number */
  PartitionWriter(String landing, WorldSpec spec, String name) {
    this.landing = landing;
    this.spec = spec;
    this.name = name;
  }

  @Override
  public void row(Feed feed, Producer producer, long epochDay, String[] values) {
    String key = feed.ordinal() + "|" + producer.jsonl() + "|" + epochDay;
    DropFile f = open.get(key);
    if (f == null) {
      f = create(feed, producer, epochDay);
      open.put(key, f);
    }
    f.row(values);
  }

  private DropFile create(Feed feed, Producer producer, long epochDay) {
    // The history drop of payments comes gzip-compressed, as a producer sending a large file would.
    boolean gzip = feed == Feed.PAYMENTS && epochDay == spec.firstDrop().toEpochDay();
    String ext = (producer.jsonl() ? ".jsonl" : ".csv") + (gzip ? ".gz" : "");
    String path = landing + "/" + feed.id() + "/dt=" + Timestamps.date(epochDay) + "/" + feed.id() + "-" + name + ext;
    return new DropFile(path, feed, producer, epochDay, gzip, spec.badShare(),
        Rng.stream(spec.seed(), "plant", feed.ordinal(), epochDay, name.hashCode(), producer.jsonl() ? 1 : 0));
  }

  /** Closes every file and returns what was written. */
  List<Row> close() {
    List<Row> counts = new ArrayList<>();
    for (DropFile f : open.values()) {
      f.close();
      String dt = Timestamps.date(f.day);
      counts.add(RowFactory.create(f.feed.id(), dt, Planted.GOOD, null, f.good));
      if (f.duplicates > 0) {
        counts.add(RowFactory.create(f.feed.id(), dt, Planted.DUPLICATE, null, f.duplicates));
      }
      if (f.noFx > 0) {
        counts.add(RowFactory.create(f.feed.id(), dt, Planted.NO_FX, Rules.NO_FX_RATE, f.noFx));
      }
      f.badByRule.forEach((rule, n) -> counts.add(RowFactory.create(f.feed.id(), dt, Planted.BAD, rule, n)));
    }
    open.clear();
    return counts;
  }
}
