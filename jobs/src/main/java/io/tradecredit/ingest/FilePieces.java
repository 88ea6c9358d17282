package io.tradecredit.ingest;

import io.tradecredit.config.PipelineConfig.IngestLimits;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Cuts a drop's large plain CSV and JSONL files into {@link FilePiece}s that tasks parse side by side, so that one
 * big file does not leave all but one core idle. The cut points come from reading each large file through once,
 * which the file's decoding check does anyway; small and gzip files stay whole.
 */
final class FilePieces {
  /** Files above this size are cut into pieces of about this size (each a task of about a second). */
  static final long PIECE_BYTES = 16L << 20;

  private FilePieces() {}

  /** The pieces of {@code files}, in file order; one Spark job reads the large files through to cut them. */
  static List<FilePiece> plan(JavaSparkContext jsc, List<String> files, IngestLimits limits) {
    return plan(jsc, files, limits, PIECE_BYTES);
  }

  /** @param pieceBytes files above this size are cut into pieces of about this size */
  static List<FilePiece> plan(JavaSparkContext jsc, List<String> files, IngestLimits limits, long pieceBytes) {
    Map<String, Long> large = new java.util.LinkedHashMap<>();
    for (String file : files) {
      long size = size(file);
      if (!file.endsWith(".gz") && size > pieceBytes && size <= limits.maxFileBytes()) {
        large.put(file, every(size, pieceBytes, jsc.defaultParallelism()));
      }
    }
    Map<String, List<FilePiece>> cut = new HashMap<>();
    if (!large.isEmpty()) {
      List<Map.Entry<String, Long>> work = new ArrayList<>();
      large.forEach((file, every) -> work.add(new java.util.AbstractMap.SimpleImmutableEntry<>(file, every)));
      jsc.parallelize(work, work.size()).map(file -> cut(file.getKey(), limits, file.getValue())).collect()
          .forEach(pieces -> cut.put(pieces.get(0).file(), pieces));
    }
    List<FilePiece> pieces = new ArrayList<>();
    for (String file : files) {
      pieces.addAll(cut.getOrDefault(file, List.of(FilePiece.whole(file))));
    }
    return pieces;
  }

  /**
   * The cut size for a file of {@code size} bytes: pieces of at most about {@code pieceBytes}, as many as a multiple
   * of the cores, so that no core is left alone with a last piece (a 112 MB file on two cores: 8 pieces, not 7).
   * Cuts fall on the first record boundary at or after each such size, so the last piece is the smallest.
   */
  static long every(long size, long pieceBytes, int cores) {
    long pieces = ceilDiv(size, pieceBytes);
    pieces = ceilDiv(pieces, Math.max(1, cores)) * Math.max(1, cores);
    return Math.max(1, ceilDiv(size, pieces));
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * The pieces of one file, each at least {@code every} bytes but the last; the whole file, left to its task to
   * check, when it does not decode (the task then quarantines it with the reason).
   */
  static List<FilePiece> cut(String file, IngestLimits limits, long every) {
    RecordBoundaries[] watched = new RecordBoundaries[1];
    RawRecord problem = LandingFileParser.checkDecodes(file, limits,
        in -> watched[0] = new RecordBoundaries(in, LandingFileParser.isCsv(file), every));
    if (problem != null) {
      return List.of(FilePiece.whole(file));
    }
    List<FilePiece> pieces = new ArrayList<>();
    long start = 0;
    long line = 1;
    for (RecordBoundaries.Cut c : watched[0].cuts()) {
      pieces.add(new FilePiece(file, start, c.offset(), line, true));
      start = c.offset();
      line = c.line();
    }
    pieces.add(new FilePiece(file, start, -1, line, true));
    return pieces;
  }

  /** -1 when the size cannot be read: the file stays whole and its task reports why. */
  private static long size(String file) {
    try {
      Path path = new Path(file);
      return LandingFileParser.fileSystem(path).getFileStatus(path).getLen();
    } catch (IOException e) {
      return -1;
    }
  }
}
