package io.tradecredit.generate;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file system of an output path. On local disk the raw one: Hadoop's checksummed local file system would put
 * a hidden {@code .crc} file beside every landing file, which no producer delivers.
 */
final class OutputFs {
  private OutputFs() {}

  static FileSystem of(Path path) throws IOException {
    FileSystem fs = path.getFileSystem(new Configuration());
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }
}
