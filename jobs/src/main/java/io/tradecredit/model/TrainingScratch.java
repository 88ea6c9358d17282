package io.tradecredit.model;

import io.tradecredit.lake.Lake;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder of one training run in the lake's work area, {@code <lake>/_work/train-<run id>}: where the labelled
 * rows and the tables behind them are written as Parquet and read back, so that what the trainer reads many times is
 * on disk, not in the driver's heap, however many month ends and companies there are. Removed on {@link #close},
 * also when training fails, and when the JVM exits normally or on a signal; a run killed outright leaves it, and
 * any {@code train-*} folder no training is running from can be removed by hand.
 */
public final class TrainingScratch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingScratch.class);
  /** The lake's work area, beside the tables' databases and the {@code _locks} folder. */
  public static final String WORK_DIR = "_work";

  private final Lake lake;
  private final Path root;
  private final FileSystem fs;

  private TrainingScratch(Lake lake, Path root, FileSystem fs) {
    this.lake = lake;
    this.root = root;
    this.fs = fs;
  }

  /** A new, empty folder for the run {@code runId}. */
  public static TrainingScratch create(Lake lake, String runId) {
    Path root = new Path(lake.root() + "/" + WORK_DIR + "/train-" + runId);
    try {
      FileSystem fs = root.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
      if (fs.exists(root)) {
        throw new IllegalStateException("Cannot start training run " + runId + ": its work folder " + root
            + " already exists");
      }
      fs.mkdirs(root);
      fs.deleteOnExit(root);
      return new TrainingScratch(lake, root, fs);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the training work folder " + root, e);
    }
  }

  /** Where a table of this run named {@code name} goes. */
  public String path(String name) {
    return root + "/" + name;
  }

  /** Writes {@code rows} as Parquet under {@code name} (once) and returns them read back from there. */
  public Dataset<Row> save(String name, Dataset<Row> rows) {
    rows.write().mode(SaveMode.ErrorIfExists).parquet(path(name));
    return lake.spark().read().parquet(path(name));
  }

  public boolean exists() {
    try {
      return fs.exists(root);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check the training work folder " + root, e);
    }
  }

  @Override
  public void close() {
    try {
      fs.delete(root, true);
      fs.cancelDeleteOnExit(root);
    } catch (IOException e) {
      // A failure here must not hide the training's own outcome; the folder is named in the log to remove by hand.
      LOG.warn("Cannot remove the training work folder {}: {}", root, e.toString());
    }
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
