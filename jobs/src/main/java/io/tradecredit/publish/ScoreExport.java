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

/**
 * The plain Parquet export of published.md: part files, then {@code _manifest.json}, then {@code _SUCCESS}. A
 * consumer that waits for {@code _SUCCESS} never reads a partial export: a re-export removes the marker first.
 */
final class ScoreExport {
  static final String SUCCESS = "_SUCCESS";
  static final String MANIFEST = "_manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ScoreExport() {}

  static String write(Dataset<Row> scores, String exportsRoot, LocalDate date, String modelVersion, String runId,
      long rows) {
    Path dir = new Path(exportsRoot + "/company_score/as_of_date=" + date);
    Configuration conf = new Configuration(scores.sparkSession().sparkContext().hadoopConfiguration());
    try {
      FileSystem fs = dir.getFileSystem(conf);
      fs.delete(new Path(dir, SUCCESS), false);
      fs.delete(dir, true);
      // Spark's own _SUCCESS would come before the manifest; ours is written last, by hand.
      scores.sparkSession().sparkContext().hadoopConfiguration()
          .set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
      scores.drop("as_of_date").coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir.toString());
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
      fs.create(new Path(dir, SUCCESS), true).close();
      return dir.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the Parquet export " + dir, e);
    }
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
