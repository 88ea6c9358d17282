package io.tradecredit.pull;

import io.tradecredit.ingest.DropFinder;
import io.tradecredit.ingest.Feed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * The landing drop {@code <landing>/<feed>/dt=D/} a pull writes: the rows go to a work folder beside it (named with
 * {@code _}, which readers of landing skip), which is then moved into place, and {@code _SUCCESS} comes last. A
 * drop without {@code _SUCCESS} is never read, so a pull killed at any point leaves nothing a reader takes for
 * complete; the next pull of the night replaces what it left.
 */
final class PullDrop {
  private final FileSystem fs;
  private final Configuration conf;
  private final Path feedDir;
  private final Path drop;
  private final Path work;
  private final String source;
  private final String workPrefix;

  PullDrop(String landing, Feed feed, LocalDate dt, String source, String runId, Configuration conf) {
    this.conf = conf;
    this.feedDir = new Path(landing, feed.id());
    this.drop = new Path(feedDir, "dt=" + dt);
    this.source = source;
    this.workPrefix = "_pull-" + source + "-";
    this.work = new Path(feedDir, workPrefix + runId);
    try {
      this.fs = feedDir.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the landing file system at " + feedDir, e);
    }
  }

  Path path() {
    return drop;
  }

  /** The work folder's name under the feed. */
  String workName() {
    return work.getName();
  }

  /**
   * The manifest of the sealed drop this source pulled for the night before, if any. Refuses a sealed drop that
   * some other producer delivered: a pull never replaces data it did not write.
   */
  PullManifest previous() {
    try {
      if (!fs.exists(new Path(drop, DropFinder.SUCCESS))) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + drop, e);
    }
    PullManifest m = PullManifest.read(drop, conf);
    if (m == null || !source.equals(m.source())) {
      throw new PullFailure("Cannot pull into " + drop + ": it holds a complete drop that "
          + (m == null ? "was delivered as files" : "source " + m.source() + " pulled")
          + ", not one pulled by source " + source + "; a drop has one producer (move it away to pull this night)");
    }
    return m;
  }

  /** Removes the work folders that killed pulls of this source left under the feed. */
  void clearLeftovers() {
    try {
      if (!fs.exists(feedDir)) {
        return;
      }
      for (FileStatus s : fs.listStatus(feedDir)) {
        String name = s.getPath().getName();
        if (name.startsWith(workPrefix) || name.startsWith("_replaced-" + source + "-")) {
          fs.delete(s.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear old work folders under " + feedDir, e);
    }
  }

  /** Writes the rows into the work folder: Parquet, one file per read partition. */
  void write(Dataset<Row> rows) {
    rows.write().mode(SaveMode.Overwrite).parquet(work.toString());
    try {
      // Spark's own marker: the drop's _SUCCESS is ours, written after the move.
      fs.delete(new Path(work, DropFinder.SUCCESS), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + work, e);
    }
  }

  /** Puts the manifest in, moves the work folder into place (replacing an earlier drop of the night), seals it. */
  void seal(PullManifest manifest) {
    manifest.write(work, conf);
    try {
      Path replaced = null;
      if (fs.exists(drop)) {
        replaced = new Path(feedDir, "_replaced-" + source + "-" + manifest.runId());
        rename(drop, replaced);
      }
      rename(work, drop);
      fs.create(new Path(drop, DropFinder.SUCCESS), true).close();
      if (replaced != null) {
        fs.delete(replaced, true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot seal " + drop, e);
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " to " + to);
    }
  }
}
