package io.tradecredit.pull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code _pull.json} in a pulled drop: what was read, from where, by which run. The drop is the audit trail of a
 * pull, and a rerun of its night reads its window from here so that it pulls the same rows. Never a credential.
 */
record PullManifest(
    @JsonProperty("source") String source,
    @JsonProperty("feed") String feed,
    @JsonProperty("dt") String dt,
    @JsonProperty("database") String database,
    @JsonProperty("relation") String relation,
    @JsonProperty("window_from") String windowFrom,
    @JsonProperty("window_to") String windowTo,
    @JsonProperty("rows") long rows,
    @JsonProperty("absent_columns") java.util.List<String> absentColumns,
    @JsonProperty("run_id") String runId,
    @JsonProperty("pulled_at") String pulledAt) {

  static final String FILE = "_pull.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  void write(Path drop, Configuration conf) {
    Path file = new Path(drop, FILE);
    try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
      JSON.writerWithDefaultPrettyPrinter().writeValue(out, this);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** The manifest of a drop, or null when it has none (a drop delivered as files, or an unreadable one). */
  static PullManifest read(Path drop, Configuration conf) {
    Path file = new Path(drop, FILE);
    try {
      FileSystem fs = file.getFileSystem(conf);
      if (!fs.exists(file)) {
        return null;
      }
      try (InputStream in = fs.open(file)) {
        return JSON.readValue(in, PullManifest.class);
      }
    } catch (IOException e) {
      return null;
    }
  }
}
