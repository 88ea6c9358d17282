package io.tradecredit.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradecredit.lake.Lake;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A marker per publication attempt in progress, under {@code <lake>/ops/_publish_attempts/}. A process killed
 * mid-publication cannot write its own {@code publish_log} row; the marker it leaves lets the next publication
 * record that attempt and finish what the point of truth already decided.
 */
final class PublishAttempts {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** @param forceReason null unless the attempt was forced */
  record Attempt(String runId, LocalDate date, Timestamp startedAt, String forceReason) {}

  private final Path dir;
  private final FileSystem fs;

  PublishAttempts(Lake lake) {
    this.dir = new Path(lake.root() + "/ops/_publish_attempts");
    try {
      this.fs = dir.getFileSystem(lake.spark().sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot reach " + dir, e);
    }
  }

  void begin(Attempt a) {
    try (OutputStream out = fs.create(new Path(dir, a.runId() + ".json"), true)) {
      Map<String, String> m = new java.util.LinkedHashMap<>();
      m.put("run_id", a.runId());
      m.put("as_of_date", a.date().toString());
      m.put("started_at", a.startedAt().toInstant().toString());
      m.put("force_reason", a.forceReason());
      JSON.writeValue(out, m);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the publication attempt in " + dir, e);
    }
  }

  void end(String runId) {
    try {
      fs.delete(new Path(dir, runId + ".json"), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear the publication attempt " + runId + " in " + dir, e);
    }
  }

  /** Attempts begun and never ended: their process died. */
  List<Attempt> unfinished() {
    List<Attempt> out = new ArrayList<>();
    try {
      if (!fs.exists(dir)) {
        return out;
      }
      for (FileStatus f : fs.listStatus(dir, p -> p.getName().endsWith(".json"))) {
        try (InputStream in = fs.open(f.getPath())) {
          Map<?, ?> m = JSON.readValue(in, Map.class);
          out.add(new Attempt((String) m.get("run_id"), LocalDate.parse((String) m.get("as_of_date")),
              Timestamp.from(java.time.Instant.parse((String) m.get("started_at"))), (String) m.get("force_reason")));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the publication attempts in " + dir, e);
    }
    out.sort(java.util.Comparator.comparing(Attempt::startedAt));
    return out;
  }
}
