package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;
import io.tradecredit.ingest.Rules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Bad files, as opposed to bad rows: a gzip file cut short in transfer and a CSV file without a required column.
 * Ingest quarantines each whole, as one entry. They go into history drops big enough that one more quarantined
 * entry keeps the drop under max_bad_ratio.
 */
final class FilePlants {
  static final long MIN_GOOD_ROWS = 200;

  private FilePlants() {}

  static void plant(String landing, WorldSpec spec, Planted planted) {
    String dt = spec.firstDrop().toString();
    if (spec.badShare() <= 0) {
      return;
    }
    if (planted.good(Feed.PAYMENTS.id(), dt) >= MIN_GOOD_ROWS) {
      byte[] gz = gzip(LineFormat.csvHeader(Feed.PAYMENTS.columnNames()) + "\n"
          + "tradehub,THP-TRUNCATED,THO-TRUNCATED,TH-000000001,2026-01-31,,100.00,USD,2026-01-01T00:00:00Z\n");
      write(landing, Feed.PAYMENTS, dt, "payments-resent.csv.gz", Arrays.copyOf(gz, gz.length / 2));
      planted.add(Feed.PAYMENTS.id(), dt, Planted.FILE, Rules.FILE_UNREADABLE, 1);
    }
    if (planted.good(Feed.ORDERS.id(), dt) >= MIN_GOOD_ROWS) {
      List<String> columns = Feed.ORDERS.columnNames().stream().filter(c -> !c.equals("amount")).toList();
      write(landing, Feed.ORDERS, dt, "orders-legacy-export.csv", (String.join(",", columns) + "\n"
          + "tradehub,THO-LEGACY,TH-000000001,TH-000000002,2026-01-01T00:00:00Z,USD,30,tools,PLACED,"
          + "2026-01-01T00:00:00Z\n").getBytes(StandardCharsets.UTF_8));
      planted.add(Feed.ORDERS.id(), dt, Planted.FILE, Rules.MISSING_COLUMN, 1);
    }
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.repeat(20).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void write(String landing, Feed feed, String dt, String name, byte[] content) {
    Path p = new Path(landing + "/" + feed.id() + "/dt=" + dt + "/" + name);
    try {
      FileSystem fs = OutputFs.of(p);
      try (OutputStream out = fs.create(p, true)) {
        out.write(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + p, e);
    }
  }
}
