package io.tradecredit.lake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps the notices Delta's MERGE causes about its own handling of a source off the console while a merge runs. A
 * large night's merges (sources above {@link MergeSources#LITERAL_MAX_ROWS}) print them every night, and they ask
 * nothing of the operator:
 *
 * <ul>
 *   <li>Delta copies a source it cannot prove deterministic aside (a locally checkpointed RDD) and drops the copy
 *       when done, which Spark notes as "RDD N was locally checkpointed, its lineage has been truncated".
 *   <li>A source hinted for broadcast, for the join that finds the files a merge touches (where the hint is
 *       followed), is copied with its hint outside any join ("... is not part of a join relation"), and is the kept
 *       side of the outer join that writes the changes ("... build left for left outer join").
 * </ul>
 *
 * <p>Only the two loggers concerned are raised to ERROR, only while at least one merge runs (the feeds' merges run
 * side by side), and their levels are restored after the last.
 */
public final class MergeNotices {
  /** The hint notices, and the lineage notice of the RDD Delta's copy is made of. */
  static final List<String> LOGGERS = List.of("org.apache.spark.sql.catalyst.analysis.HintErrorLogger",
      "org.apache.spark.rdd.MapPartitionsRDD");

  private static int running;
  private static final Map<String, Level> SAVED = new HashMap<>();

  private MergeNotices() {}

  /** Runs {@code merge} with the notices above off the console. */
  public static <T> T quiet(Supplier<T> merge) {
    enter();
    try {
      return merge.get();
    } finally {
      exit();
    }
  }

  private static synchronized void enter() {
    if (running++ == 0) {
      for (String name : LOGGERS) {
        SAVED.put(name, LogManager.getLogger(name).getLevel());
        Configurator.setLevel(name, Level.ERROR);
      }
    }
  }

  private static synchronized void exit() {
    if (--running == 0) {
      SAVED.forEach(Configurator::setLevel);
      SAVED.clear();
    }
  }
}
