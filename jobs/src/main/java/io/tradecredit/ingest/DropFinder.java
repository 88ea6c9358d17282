package io.tradecredit.ingest;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Lists the drops of a feed in the landing area, oldest first, and what else it found there that is not a drop.
 *
 * <p>Landing is read as data, never as a path to elsewhere: a symbolic link is never followed, not even to learn its
 * target's size. Hadoop's local file system follows links when it lists a folder (and leaves out a dangling one), so
 * local folders are listed with {@code java.nio} and {@link LinkOption#NOFOLLOW_LINKS}; other file systems report
 * links in {@link FileStatus#isSymlink()}.
 */
public final class DropFinder {
  public static final String SUCCESS = "_SUCCESS";
  private static final String LINK = "a symbolic link; landing links are never followed: put the data itself here";

  private DropFinder() {}

  /**
   * Something under a feed's folder that is not a drop: a folder whose name is not {@code dt=YYYY-MM-DD} with a
   * real date, a file outside any drop, or the feed folder itself when it is a link.
   *
   * @param name its name under the feed folder, control characters escaped
   * @param reason why it is not a drop
   */
  public record NotADrop(Feed feed, String path, String name, String reason) {}

  /** The drops of a feed, oldest first, and the rest of what its folder holds. */
  public record Listing(List<Drop> drops, List<NotADrop> notDrops) {}

  /** One entry of a folder as the entry itself (a link is not resolved). */
  private record Entry(String name, Path path, boolean directory, boolean link, long length, long modified) {}

  public static List<Drop> find(String landing, Feed feed, Configuration conf) {
    return scan(landing, feed, conf).drops();
  }

  public static Listing scan(String landing, Feed feed, Configuration conf) {
    Path feedDir = new Path(landing, feed.id());
    try {
      FileSystem fs = feedDir.getFileSystem(conf);
      feedDir = fs.makeQualified(feedDir);
      Entry self = entry(fs, feedDir);
      if (self == null) {
        return new Listing(List.of(), List.of());
      }
      if (self.link()) {
        return new Listing(List.of(), List.of(new NotADrop(feed, feedDir.toString(), feed.id(), "the feed folder is "
            + LINK)));
      }
      if (!self.directory()) {
        return new Listing(List.of(), List.of(new NotADrop(feed, feedDir.toString(), feed.id(),
            "a file where the feed folder should be")));
      }
      List<Drop> drops = new ArrayList<>();
      List<NotADrop> notDrops = new ArrayList<>();
      for (Entry e : list(fs, feedDir)) {
        String name = e.name();
        if (name.startsWith("_") || name.startsWith(".")) {
          continue; // markers and work folders of writers, by the Hadoop convention
        }
        String shown = ValueScreen.escape(name);
        if (!e.directory() && !e.link()) {
          notDrops.add(new NotADrop(feed, e.path().toString(), shown,
              "a file outside any drop; files belong in a dt=YYYY-MM-DD folder"));
          continue;
        }
        if (!name.startsWith("dt=")) {
          notDrops.add(new NotADrop(feed, e.path().toString(), shown,
              "not a drop folder: drops are named dt=YYYY-MM-DD" + (e.link() ? "; and it is " + LINK : "")));
          continue;
        }
        LocalDate dt;
        try {
          dt = LocalDate.parse(name.substring(3));
        } catch (DateTimeParseException ex) {
          notDrops.add(new NotADrop(feed, e.path().toString(), shown,
              "'" + ValueScreen.escape(name.substring(3)) + "' is not a date YYYY-MM-DD, so this is not a drop"));
          continue;
        }
        drops.add(e.link() ? linkedDrop(feed, dt, e) : drop(fs, feed, dt, e.path()));
      }
      drops.sort(Comparator.comparing(Drop::dt));
      return new Listing(drops, notDrops);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list drops of feed " + feed.id() + " under " + feedDir, e);
    }
  }

  /**
   * A drop folder that is itself a link: not looked into, so it has no files or marker to go by; it is one link to
   * quarantine, fingerprinted by the link itself.
   */
  private static Drop linkedDrop(Feed feed, LocalDate dt, Entry link) {
    MessageDigest digest = sha256();
    digest.update(fingerprintLine(link).getBytes(StandardCharsets.UTF_8));
    return new Drop(feed, dt, link.path().toString(), List.of(), List.of(link.path().toString()), true,
        hex(digest));
  }

  private static Drop drop(FileSystem fs, Feed feed, LocalDate dt, Path dir) throws IOException {
    List<Entry> all;
    try {
      all = list(fs, dir);
    } catch (FileNotFoundException | NoSuchFileException e) {
      all = List.of();
    }
    List<String> files = new ArrayList<>();
    List<String> links = new ArrayList<>();
    boolean complete = false;
    MessageDigest digest = sha256();
    for (Entry f : all) {
      String name = f.name();
      if (name.equals(SUCCESS)) {
        complete = true;
      } else if (name.startsWith("_") || name.startsWith(".")) {
        continue;
      } else if (f.link()) {
        links.add(f.path().toString());
      } else if (f.directory()) {
        continue;
      } else {
        files.add(f.path().toString());
      }
      digest.update(fingerprintLine(f).getBytes(StandardCharsets.UTF_8));
    }
    return new Drop(feed, dt, dir.toString(), files, links, complete, hex(digest));
  }

  /** Name, size and time of an entry; a link's are its own (a link adds a mark, so a file replaced by one counts). */
  private static String fingerprintLine(Entry e) {
    return e.name() + "|" + e.length() + "|" + e.modified() + (e.link() ? "|link" : "") + "\n";
  }

  /** The entries of a folder by name, links as links. */
  private static List<Entry> list(FileSystem fs, Path dir) throws IOException {
    List<Entry> entries = new ArrayList<>();
    if (isLocal(fs)) {
      try (DirectoryStream<java.nio.file.Path> children = Files.newDirectoryStream(local(fs, dir))) {
        for (java.nio.file.Path child : children) {
          String name = child.getFileName().toString();
          entries.add(local(name, new Path(dir, new Path(null, null, name)), child));
        }
      }
    } else {
      for (FileStatus s : fs.listStatus(dir)) {
        entries.add(new Entry(s.getPath().getName(), s.getPath(), s.isDirectory(), s.isSymlink(), s.getLen(),
            s.getModificationTime()));
      }
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  /** The entry at {@code path} itself, null when there is none. */
  private static Entry entry(FileSystem fs, Path path) throws IOException {
    if (isLocal(fs)) {
      java.nio.file.Path p = local(fs, path);
      return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? local(path.getName(), path, p) : null;
    }
    if (!fs.exists(path)) {
      return null;
    }
    FileStatus s = fs.supportsSymlinks() ? fs.getFileLinkStatus(path) : fs.getFileStatus(path);
    return new Entry(path.getName(), path, s.isDirectory(), s.isSymlink(), s.getLen(), s.getModificationTime());
  }

  private static Entry local(String name, Path path, java.nio.file.Path p) throws IOException {
    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    return new Entry(name, path, a.isDirectory(), a.isSymbolicLink(), a.size(), a.lastModifiedTime().toMillis());
  }

  private static boolean isLocal(FileSystem fs) {
    return "file".equals(fs.getUri().getScheme());
  }

  private static java.nio.file.Path local(FileSystem fs, Path path) {
    return java.nio.file.Paths.get(fs.makeQualified(path).toUri());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }
}
