package io.tradecredit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tradecredit.SparkTestBase;
import io.tradecredit.config.PipelineConfig.IngestLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file cut into pieces parses to exactly the rows of the whole file: the same records, line numbers, raw text,
 * values and quarantine rules, wherever the cuts fall (cut sizes from one byte up to past the file's size).
 */
class FilePiecesTest extends SparkTestBase {
  static final IngestLimits LIMITS = IngestLimits.defaults();
  static final String HEADER = IngestStageTest.HEADER.replace("\n", "\r\n");

  /** Quoted line breaks (\n, \r\n), \r\n and lone \r line ends, blank lines, broken quoting, UTF-8, no final break. */
  static final String CSV = HEADER
      + "th,o1,S1,B1,2026-11-01T10:00:00Z,10.00,EUR,30,\"toys, plush\",PLACED,2026-11-02T08:00:00Z\r\n"
      + "\n\r\n"
      + "th,o2,S1,B1,2026-11-01T10:00:00Z,11.00,EUR,30,\"two\nlines\",PLACED,2026-11-02T08:00:00Z\n"
      + "th,o3,S1,B1,2026-11-01T10:00:00Z,12.00,EUR,30,\"a\r\nb, and \"\"c\"\"\",PLACED,2026-11-02T08:00:00Z\r"
      + "th,o4,S1,\"B\"\"1\",2026-11-01T10:00:00Z,13.00,EUR,30,café ☕,PLACED,2026-11-02T08:00:00Z\n"
      + "th,o5,S1,B\"1,2026-11-01T10:00:00Z,14.00,EUR,30,\"not\nquoted\",PLACED,2026-11-02T08:00:00Z\n"
      + "th,o6,S1,B1,2026-11-01T10:00:00Z,-1.00,EUR,30,,PLACED,2026-11-02T08:00:00Z\n"
      + "th,o7,S1,B1,2026-11-01T10:00:00Z,15.00,EUR,30,\"ends\r\nhere\",PLACED,2026-11-02T08:00:00Z";

  static final String JSONL = "{\"platform\":\"th\",\"order_id\":\"o1\",\"amount\":1}\r\n"
      + "\n"
      + "{\"platform\":\"th\",\"order_id\":\"o2\",\"category\":\"a\\nb ☕\"}\r"
      + "{not json\n"
      + "\r\n"
      + "{\"platform\":\"th\",\"order_id\":\"o3\"}";

  @Test
  void csvPiecesGiveTheRowsOfTheWholeFile(@TempDir Path tmp) throws IOException {
    String file = write(tmp, "a.csv", CSV);
    List<String> whole = whole(file);
    assertEquals(List.of("2", "5", "7", "9", "10", "11", "12", "13"),
        whole.stream().map(r -> r.split(", ")[1]).toList(), "the line each record starts on in the whole file");
    assertEveryCutGives(whole, file);
  }

  @Test
  void jsonlPiecesGiveTheRowsOfTheWholeFile(@TempDir Path tmp) throws IOException {
    String file = write(tmp, "a.jsonl", JSONL);
    List<String> whole = whole(file);
    assertEquals(4, whole.size());
    assertEveryCutGives(whole, file);
  }

  @Test
  void planCutsLargeFilesOnlyAndKeepsFileOrder(@TempDir Path tmp) throws IOException {
    String small = write(tmp, "small.csv", "platform\n");
    String large = write(tmp, "large.csv", CSV);
    String broken = Files.write(tmp.resolve("broken.csv"), new byte[] {'a', ',', (byte) 0xC3, '\n', 'b', '\n'})
        .toString();
    List<FilePiece> pieces = FilePieces.plan(JavaSparkContext.fromSparkContext(spark().sparkContext()),
        List.of(small, large, broken), LIMITS, 64);
    assertEquals(FilePiece.whole(small), pieces.get(0));
    assertEquals(FilePiece.whole(broken), pieces.get(pieces.size() - 1), "a file that does not decode stays whole");
    List<String> rows = new ArrayList<>();
    pieces.subList(1, pieces.size() - 1).forEach(p -> {
      assertEquals(large, p.file());
      LandingFileParser.parse(p, Feed.ORDERS, LIMITS).forEachRemaining(r -> rows.add(r.toString()));
    });
    assertTrue(pieces.size() > 4, "the large file is cut");
    assertEquals(0, (pieces.size() - 2) % spark().sparkContext().defaultParallelism(),
        "into a multiple of the cores: " + pieces);
    assertEquals(whole(large), rows);
  }

  @Test
  void aLargeFileIsCutIntoAMultipleOfTheCores() {
    long mib = 1L << 20;
    assertEquals(14 * mib, FilePieces.every(112 * mib, 16 * mib, 2), "8 pieces, not 7");
    assertEquals(16 * mib, FilePieces.every(128 * mib, 16 * mib, 2), "already 8");
    assertEquals(16 * mib, FilePieces.every(48 * mib, 16 * mib, 3), "3 pieces on 3 cores");
    assertEquals(17 * mib / 2, FilePieces.every(51 * mib, 16 * mib, 3), "6, not 4");
    assertEquals(1, FilePieces.every(1, 16 * mib, 2));
  }

  private static void assertEveryCutGives(List<String> whole, String file) {
    int most = 0;
    List<Integer> sizes = new ArrayList<>(List.of(50, 64, 90, 128, 200, 300, 500));
    for (int i = 1; i <= 40; i++) {
      sizes.add(i);
    }
    for (int every : sizes) {
      List<FilePiece> pieces = FilePieces.cut(file, LIMITS, every);
      most = Math.max(most, pieces.size());
      List<String> rows = new ArrayList<>();
      for (FilePiece p : pieces) {
        LandingFileParser.parse(p, Feed.ORDERS, LIMITS).forEachRemaining(r -> rows.add(r.toString()));
      }
      assertEquals(whole, rows, "cut every " + every + " bytes: " + pieces);
    }
    assertTrue(most > 3, "cuts were made");
  }

  private static List<String> whole(String file) {
    List<String> rows = new ArrayList<>();
    LandingFileParser.parse(file, Feed.ORDERS, LIMITS).forEachRemaining(r -> rows.add(r.toString()));
    return rows;
  }

  private static String write(Path dir, String name, String text) throws IOException {
    return Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
