package io.tradecredit.generate;

import io.tradecredit.ingest.Feed;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One landing file being written by one task: good rows as they come, and after some of them a planted bad row, an
 * exact duplicate or an order in a currency without rates. Counts what it wrote, for the planted manifest.
 */
final class DropFile {
  /**
   * Planted rows never exceed this share of a file's good rows, so no drop goes over the ingest's default
   * max_bad_ratio of 5% however small it is.
   */
  static final double CAP = 0.045;
  /** Of the planted rows, exact duplicates and unconvertible orders come at these shares of the bad-row share. */
  static final double DUPLICATE_SHARE = 0.25;
  static final double NO_FX_SHARE = 0.1;

  final Feed feed;
  final Producer producer;
  final long day;
  final TreeMap<String, Long> badByRule = new TreeMap<>();
  long good;
  long duplicates;
  long noFx;
  private final List<String> columns;
  private final List<String> rules;
  private final double badShare;
  private final SplittableRandom r;
  private final BufferedWriter out;
  private long bad;

  DropFile(String path, Feed feed, Producer producer, long day, boolean gzip, double badShare, SplittableRandom r) {
    this.feed = feed;
    this.producer = producer;
    this.day = day;
    this.columns = feed.columnNames();
    this.rules = BadRows.rules(feed);
    this.badShare = badShare;
    this.r = r;
    try {
      Path p = new Path(path);
      FileSystem fs = OutputFs.of(p);
      OutputStream os = fs.create(p, true);
      if (gzip) {
        os = new GZIPOutputStream(os, 1 << 16);
      }
      this.out = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 18);
      if (!producer.jsonl()) {
        line(LineFormat.csvHeader(columns));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create landing file " + path, e);
    }
  }

  private String format(String[] values) {
    return producer.jsonl() ? LineFormat.json(columns, values, producer.driftColumn()) : LineFormat.csv(values);
  }

  private void line(String text) {
    try {
      out.write(text);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a landing file of " + feed.id(), e);
    }
  }

  void row(String[] values) {
    String text = format(values);
    line(text);
    good++;
    if (badShare <= 0) {
      return;
    }
    double u = r.nextDouble();
    if (u < badShare) {
      if (bad + 1 <= CAP * good) {
        String rule = rules.get((int) (bad % rules.size()));
        String[] broken = BadRows.corrupt(feed, rule, values, day);
        line(broken == null ? BadRows.malformed(text, producer.jsonl()) : format(broken));
        bad++;
        badByRule.merge(rule, 1L, Long::sum);
      }
    } else if (u < badShare * (1 + DUPLICATE_SHARE)) {
      line(text);
      duplicates++;
    } else if (u < badShare * (1 + DUPLICATE_SHARE + NO_FX_SHARE) && feed == Feed.ORDERS) {
      line(format(noFxOrder(values)));
      noFx++;
    }
  }

  /** A copy of an order under its own id (one per version) in a currency no producer quotes a rate for. */
  private String[] noFxOrder(String[] values) {
    String[] v = values.clone();
    v[1] = v[1] + "-FX" + v[10].replaceAll("[^0-9]", "");
    v[6] = Countries.UNRATED;
    return v;
  }

  void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close a landing file of " + feed.id(), e);
    }
  }
}
