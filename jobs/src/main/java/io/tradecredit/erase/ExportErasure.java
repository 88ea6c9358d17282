package io.tradecredit.erase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Rewrites the Parquet exports (published.md) without the company's rows: every folder under the exports root
 * with a {@code _manifest.json}, published or staged. Its part files are replaced by ones without the rows, and the
 * manifest gets the new row count and the new files with their sha256. As at publication, {@code _SUCCESS} is
 * removed first and written again last, so a reader that waits for it never reads a half-rewritten export.
 */
final class ExportErasure {
  static final String MANIFEST = "_manifest.json";
  static final String SUCCESS = "_SUCCESS";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ExportErasure() {}

  /** The company's rows per export folder that holds any, keyed {@code exports/<folder under the root>}. */
  static java.util.Map<String, Long> count(SparkSession spark, String exportsRoot, ErasedRows rows) {
    return visit(spark, exportsRoot, rows, (fs, dir, kept) -> { });
  }

  /** Rewrites the exports holding the company; returns the rows removed per export folder. */
  static java.util.Map<String, Long> erase(SparkSession spark, String exportsRoot, ErasedRows rows, String runId) {
    return visit(spark, exportsRoot, rows, (fs, dir, kept) -> rewrite(spark, fs, dir, kept, runId));
  }

  private interface Rewrite {
    void apply(FileSystem fs, Path dir, Dataset<Row> kept) throws IOException;
  }

  private static java.util.Map<String, Long> visit(SparkSession spark, String exportsRoot, ErasedRows rows,
      Rewrite rewrite) {
    java.util.Map<String, Long> found = new java.util.TreeMap<>();
    Path root = new Path(exportsRoot);
    try {
      FileSystem fs = root.getFileSystem(new Configuration(spark.sparkContext().hadoopConfiguration()));
      if (!fs.exists(root)) {
        return found;
      }
      for (Path dir : exportDirs(fs, root)) {
        Dataset<Row> all = spark.read().parquet(dir.toString());
        Column condition = rows.condition(all.schema());
        long n = condition == null ? 0 : all.where(condition).count();
        if (n > 0) {
          rewrite.apply(fs, dir, all.where(org.apache.spark.sql.functions.not(condition)));
          found.put("exports/" + fs.makeQualified(root).toUri().relativize(dir.toUri()).getPath(), n);
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot erase the company from the exports under " + exportsRoot
          + " (run erase again once the storage is reachable; it picks up where it stopped)", e);
    }
  }

  private static List<Path> exportDirs(FileSystem fs, Path root) throws IOException {
    List<Path> dirs = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      Path p = files.next().getPath();
      if (p.getName().equals(MANIFEST)) {
        dirs.add(p.getParent());
      }
    }
    dirs.sort(null);
    return dirs;
  }

  private static void rewrite(SparkSession spark, FileSystem fs, Path dir, Dataset<Row> kept, String runId)
      throws IOException {
    Path aside = new Path(dir.getParent(), "_erasing-" + runId + "-" + dir.getName());
    fs.delete(aside, true);
    // Spark's own _SUCCESS is not wanted in the export folder: ours is written last, after the manifest.
    spark.sparkContext().hadoopConfiguration().set("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false");
    kept.coalesce(1).write().mode(SaveMode.Overwrite).parquet(aside.toString());
    ObjectNode manifest = (ObjectNode) JSON.readTree(read(fs, new Path(dir, MANIFEST)));
    boolean complete = fs.exists(new Path(dir, SUCCESS));

    fs.delete(new Path(dir, SUCCESS), false);
    for (FileStatus old : fs.listStatus(dir, p -> p.getName().startsWith("part-"))) {
      fs.delete(old.getPath(), false);
    }
    ArrayNode files = JSON.createArrayNode();
    FileStatus[] parts = fs.listStatus(aside, p -> p.getName().startsWith("part-"));
    Arrays.sort(parts, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
    for (FileStatus part : parts) {
      Path target = new Path(dir, part.getPath().getName());
      if (!fs.rename(part.getPath(), target)) {
        throw new IOException("rename of " + part.getPath() + " to " + target + " failed");
      }
      files.addObject().put("file", target.getName()).put("bytes", part.getLen()).put("sha256", sha256(fs, target));
    }
    fs.delete(aside, true);
    manifest.put("rows", spark.read().parquet(dir.toString()).count());
    manifest.set("files", files);
    try (OutputStream out = fs.create(new Path(dir, MANIFEST), true)) {
      JSON.writeValue(out, manifest);
    }
    if (complete) {
      fs.create(new Path(dir, SUCCESS), true).close();
    }
  }

  private static byte[] read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
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
