package io.tradecredit.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system of a local session: Hadoop's answers, without a process per call. */
class InProcessLocalFileSystemTest extends SparkTestBase {
  @TempDir java.nio.file.Path tmp;

  @Test
  void aLocalSessionWritesMergesAndCommitsDeltaTablesWithoutHadoopStartingAProcess() throws Exception {
    String table = tmp.resolve("t").toString();
    spark(); // started before the recording: Hadoop's start-up asks a shell once whether setsid exists
    List<String> started = processesStartedByHadoop(() -> {
      spark().range(20).selectExpr("id", "id % 3 AS g").write().format("delta").save(table);
      spark().sql("MERGE INTO delta.`" + table + "` t USING (SELECT 5L AS id, 9L AS g) s ON t.id = s.id "
          + "WHEN MATCHED THEN UPDATE SET g = s.g");
      spark().range(20, 30).selectExpr("id", "id % 3 AS g").write().format("delta").mode("append").save(table);
    });
    assertEquals(0, started.size(), started.size() + " processes started by Hadoop's file system, the first: "
        + started.subList(0, Math.min(5, started.size())));
    assertEquals(30, spark().read().format("delta").load(table).count());
    assertEquals(9L, spark().read().format("delta").load(table).where("id = 5").first().getLong(1));

    // The recording sees what Hadoop's own local file system starts: a file's permission set through it.
    java.nio.file.Path file = Files.createFile(tmp.resolve("f"));
    RawLocalFileSystem hadoops = new RawLocalFileSystem();
    hadoops.initialize(URI.create("file:///"), new Configuration());
    List<String> control = processesStartedByHadoop(() -> {
      try {
        hadoops.setPermission(new Path(file.toUri()), new FsPermission((short) 0640));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals(1, control.size(), control.toString());
    assertTrue(control.get(0).startsWith("chmod"), control.toString());
  }

  @Test
  void filesAndFoldersGetThePermissionsHadoopGivesThem() throws Exception {
    // The one Hadoop caches for the JVM, which every read and write of the session gets.
    assertEquals(InProcessLocalFileSystem.class, FileSystem.get(URI.create("file:///"), conf()).getClass());
    FileSystem ours = FileSystem.newInstance(URI.create("file:///"), conf());
    assertEquals(InProcessLocalFileSystem.class, ours.getClass());
    FileSystem hadoops = new org.apache.hadoop.fs.LocalFileSystem();
    hadoops.initialize(URI.create("file:///"), new Configuration());
    for (short mode : new short[] {0640, 0755, 0700, 0604, 0777, 0}) {
      FsPermission permission = new FsPermission(mode);
      List<String> made = new ArrayList<>();
      for (FileSystem fs : List.of(hadoops, ours)) {
        String name = Integer.toOctalString(mode) + "-" + fs.getClass().getSimpleName();
        Path file = new Path(tmp.resolve("file-" + name).toUri());
        fs.create(file, permission, false, 4096, (short) 1, 1 << 20, null).close();
        Path dir = new Path(tmp.resolve("dir-" + name).toUri());
        fs.mkdirs(dir, permission);
        made.add(PosixFilePermissions.toString(Files.getPosixFilePermissions(java.nio.file.Path.of(file.toUri())))
            + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(java.nio.file.Path.of(dir.toUri()))));
      }
      assertEquals(made.get(0), made.get(1), "file and folder made with " + Integer.toOctalString(mode));
    }
    assertEquals("rw-r-----", PosixFilePermissions.toString(InProcessLocalFileSystem.posix((short) 0640)));
    assertEquals("rwxr-x---", PosixFilePermissions.toString(InProcessLocalFileSystem.posix((short) 0750)));
    assertEquals(null, InProcessLocalFileSystem.posix((short) 01777), "the sticky bit is left to Hadoop");
    ours.close();
    hadoops.close();
  }

  /** Delta commits by renaming a file into place, which must fail when the version exists. */
  @Test
  void aRenameOntoAnExistingFileFailsAndALinkIsReportedAsOne() throws Exception {
    FileContext fc = FileContext.getFileContext(URI.create("file:///"), conf());
    assertEquals(InProcessLocalFs.class, fc.getDefaultFileSystem().getClass());
    Path a = new Path(tmp.resolve("a.json").toUri());
    Path b = new Path(tmp.resolve("b.json").toUri());
    for (Path p : List.of(a, b)) {
      try (var out = fc.create(p, EnumSet.of(CreateFlag.CREATE), Options.CreateOpts.createParent())) {
        out.writeBytes(p.getName());
      }
    }
    assertThrows(FileAlreadyExistsException.class, () -> fc.rename(a, b));
    assertEquals("b.json", Files.readString(tmp.resolve("b.json")), "the version in place is kept");
    Path c = new Path(tmp.resolve("c.json").toUri());
    fc.rename(a, c);
    assertEquals("a.json", Files.readString(tmp.resolve("c.json")));
    assertTrue(!Files.exists(tmp.resolve("a.json")));

    java.nio.file.Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp.resolve("c.json"));
    FileStatus linkStatus = fc.getFileLinkStatus(new Path(link.toString()));
    assertTrue(linkStatus.isSymlink(), linkStatus.toString());
    FileStatus fileStatus = fc.getFileLinkStatus(c);
    assertTrue(!fileStatus.isSymlink() && fileStatus.getLen() == 6, fileStatus.toString());
  }

  /** The Hadoop settings of the suite's session (a local one). */
  private static Configuration conf() {
    return spark().sessionState().newHadoopConf();
  }

  /** The commands of the processes started while {@code work} ran, by Hadoop's code (Spark's own are left out). */
  private List<String> processesStartedByHadoop(Runnable work) throws Exception {
    java.nio.file.Path dump = tmp.resolve("processes-" + System.nanoTime() + ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.ProcessStart").withStackTrace();
      recording.start();
      work.run();
      recording.stop();
      recording.dump(dump);
    }
    List<String> commands = new ArrayList<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(dump)) {
      if (e.getStackTrace() != null && e.getStackTrace().getFrames().stream().map(RecordedFrame::getMethod)
          .anyMatch(m -> m.getType().getName().startsWith("org.apache.hadoop."))) {
        commands.add(e.getString("command"));
      }
    }
    return commands;
  }
}
