package io.tradecredit.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Lists the drops of a feed in the landing area, oldest first. */
public final class DropFinder {
  public static final String SUCCESS = "_SUCCESS";

  private DropFinder() {}

  public static List<Drop> find(String landing, Feed feed, Configuration conf) {
    Path feedDir = new Path(landing, feed.id());
    try {
      FileSystem fs = feedDir.getFileSystem(conf);
      if (!fs.exists(feedDir)) {
        return List.of();
      }
      List<Drop> drops = new ArrayList<>();
      for (FileStatus dir : fs.listStatus(feedDir)) {
        String name = dir.getPath().getName();
        if (!dir.isDirectory() || !name.startsWith("dt=")) {
          continue;
        }
        LocalDate dt;
        try {
          dt = LocalDate.parse(name.substring(3));
        } catch (DateTimeParseException e) {
          continue; // not a drop folder; the contract names them dt=YYYY-MM-DD
        }
        drops.add(drop(fs, feed, dt, dir.getPath()));
      }
      drops.sort(Comparator.comparing(Drop::dt));
      return drops;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list drops of feed " + feed.id() + " under " + feedDir, e);
    }
  }

  private static Drop drop(FileSystem fs, Feed feed, LocalDate dt, Path dir) throws IOException {
    FileStatus[] all;
    try {
      all = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      all = new FileStatus[0];
    }
    Arrays.sort(all, Comparator.comparing(s -> s.getPath().getName()));
    List<String> files = new ArrayList<>();
    boolean complete = false;
    MessageDigest digest = sha256();
    for (FileStatus f : all) {
      String name = f.getPath().getName();
      if (name.equals(SUCCESS)) {
        complete = true;
      } else if (f.isDirectory() || name.startsWith("_") || name.startsWith(".")) {
        continue;
      } else {
        files.add(f.getPath().toString());
      }
      digest.update((name + "|" + f.getLen() + "|" + f.getModificationTime() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String fingerprint = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    return new Drop(feed, dt, dir.toString(), files, complete, fingerprint);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
