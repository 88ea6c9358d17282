package io.tradecredit.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The plain Parquet export of published.md: part files, then {@code _manifest.json}, then {@code _SUCCESS}.
 *
 * <p>An export is first written aside ({@link #stage}, under {@code company_score/_staging-<run_id>}, which Spark
 * and most Parquet readers skip for its leading underscore), and moved into {@code as_of_date=D} only once the
 * publication's point of truth is committed ({@link #promote}). A consumer that waits for {@code _SUCCESS} never
 * reads a partial export: a re-export removes the old marker before anything else, and writes the new one last.
 */
final class ScoreExport {
  static final String SUCCESS = "_SUCCESS";
  static final String MANIFEST = "_manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ScoreExport() {}

  static Path finalDir(String exportsRoot, LocalDate date) {
    return new Path(exportsRoot + "/company_score/as_of_date=" + date);
  }

  static Path stagingDir(String exportsRoot, String runId) {
    return new Path(exportsRoot + "/company_score/_staging-" + runId);
  }

  /** Writes the part files and the manifest aside; returns where. */
  static Path stage(Dataset<Row> scores, String exportsRoot, LocalDate date, String modelVersion, String runId,
      long rows) {
    Path dir = stagingDir(exportsRoot, runId);
    try {
      FileSystem fs = fs(scores.sparkSession(), dir);
      fs.delete(dir, true);
      // Spark's own _SUCCESS would come before the manifest; ours is written last, by hand, at promotion.
      scores.sparkSession().sparkContext().hadoopConfiguration()
          .set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
      scores.drop("as_of_date").coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.toString());
      PausePoints.reach(PausePoints.EXPORT_PARTS);
      List<Map<String, Object>> files = new ArrayList<>();
      FileStatus[] parts = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
      Arrays.sort(parts, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      for (FileStatus part : parts) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("file", part.getPath().getName());
        f.put("bytes", part.getLen());
        f.put("sha256", sha256(fs, part.getPath()));
        files.add(f);
      }
      Map<String, Object> manifest = new LinkedHashMap<>();
      manifest.put("as_of_date", date.toString());
      manifest.put("rows", rows);
      manifest.put("columns", Arrays.asList(scores.drop("as_of_date").columns()));
      manifest.put("model_version", modelVersion);
      manifest.put("run_id", runId);
      manifest.put("files", files);
      try (OutputStream out = fs.create(new Path(dir, MANIFEST), true)) {
        JSON.writeValue(out, manifest);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Parquet export " + dir, e);
    }
  }

  /** Moves a staged export to {@code as_of_date=D}, replacing what was there, and marks it complete. */
  static String promote(SparkSession spark, Path staged, String exportsRoot, LocalDate date) {
    Path dir = finalDir(exportsRoot, date);
    try {
      FileSystem fs = fs(spark, dir);
      fs.delete(new Path(dir, SUCCESS), false);
      PausePoints.reach(PausePoints.EXPORT_PROMOTING);
      fs.delete(dir, true);
      fs.mkdirs(dir.getParent());
      if (!fs.rename(staged, dir)) {
        throw new IOException("rename of " + staged + " to " + dir + " failed");
      }
      fs.create(new Path(dir, SUCCESS), true).close();
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the Parquet export " + staged + " to " + dir, e);
    }
  }

  /** Removes an export left aside by an attempt that never reached its promotion. */
  static void discard(SparkSession spark, String exportsRoot, String runId) {
    Path dir = stagingDir(exportsRoot, runId);
    try {
      fs(spark, dir).delete(dir, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot remove the staged export " + dir, e);
    }
  }

  /** Whether a staged export is complete: its manifest, written last, is there. */
  static boolean isStaged(SparkSession spark, Path staged) {
    try {
      return fs(spark, staged).exists(new Path(staged, MANIFEST));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the staged export " + staged, e);
    }
  }

  private static FileSystem fs(SparkSession spark, Path dir) throws IOException {
    return dir.getFileSystem(new Configuration(spark.sparkContext().hadoopConfiguration()));
  }

  private static String sha256(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
