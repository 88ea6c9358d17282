package io.tradecredit.lake;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system, with the two calls a night makes thousands of times answered in this process.
 * Without Hadoop's native library (no Spark distribution ships one), {@link RawLocalFileSystem} starts a process for
 * each: {@code chmod} for every file and folder it creates, {@code readlink} for both paths of every rename (each
 * Delta commit and its checksum file are renamed into place). The ingest and conform of some thirty small nights
 * started 5,000 of them, about 2 ms of a core each (bench/RESULTS.md). {@link SparkSessions} sets this one for local
 * masters, where tasks run in the driver's JVM.
 */
public class InProcessLocalFileSystem extends LocalFileSystem {
  public InProcessLocalFileSystem() {
    super(new Raw());
  }

  /** The raw file system under the checksums; {@link InProcessLocalFs} wraps it for Hadoop's FileContext. */
  static class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      Set<PosixFilePermission> posix = posix(permission.toShort());
      if (posix == null) {
        super.setPermission(p, permission);
      } else {
        Files.setPosixFilePermissions(pathToFile(p).toPath(), posix);
      }
    }

    /**
     * What Hadoop answers without its native library: the status of the path itself unless {@code readlink} names a
     * target. It runs {@code readlink} on the path as written, so only a symbolic link goes to it (and Hadoop).
     */
    @Override
    public FileStatus getFileLinkStatus(Path f) throws IOException {
      if (Files.isSymbolicLink(new File(f.toString()).toPath())) {
        return super.getFileLinkStatus(f);
      }
      return getFileStatus(f);
    }
  }

  /** The permissions of {@code mode}; null for what they cannot say (the sticky bit), which Hadoop then sets. */
  static Set<PosixFilePermission> posix(short mode) {
    FsPermission permission = new FsPermission(mode);
    return permission.getStickyBit() ? null : PosixFilePermissions.fromString(permission.toString());
  }
}
