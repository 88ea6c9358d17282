package io.tradecredit.generate;

import io.tradecredit.ingest.DropFinder;
import io.tradecredit.ingest.Feed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Completes the drops once every file is written: a {@code _SUCCESS} in every drop folder, and an empty drop on a
 * quiet day of a daily feed (the contract's "a quiet day's drop may hold only _SUCCESS").
 */
final class Markers {
  private Markers() {}

  /** @return the number of complete drops */
  static int complete(String landing, WorldSpec spec) {
    int drops = 0;
    try {
      FileSystem fs = OutputFs.of(new Path(landing));
      for (Feed feed : Feed.values()) {
        for (LocalDate dt : spec.dropDates()) {
          Path dir = new Path(landing + "/" + feed.id() + "/dt=" + dt);
          if (feed.daily() || fs.exists(dir)) {
            fs.mkdirs(dir);
            fs.create(new Path(dir, DropFinder.SUCCESS), true).close();
            drops++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot mark the drops under " + landing + " complete", e);
    }
    return drops;
  }
}
