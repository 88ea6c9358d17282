package io.tradecredit.ingest;

import io.tradecredit.config.PipelineConfig.IngestLimits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The decompressed content of a gzip landing file, cut off with {@link LimitExceeded} as soon as it passes
 * {@code ingest.limits.max_file_bytes} or, past its first {@link #RATIO_FLOOR} bytes,
 * {@code ingest.limits.max_compression_ratio} times the file's size: a gzip bomb is stopped after a bounded amount
 * of work and memory.
 */
final class BoundedInputStream extends FilterInputStream {
  /** Small files may compress extremely well (a header and a few repeated rows) and cost nothing. */
  static final long RATIO_FLOOR = 16L << 20;

  /** A limit the content passed; carries the rule and the message that quarantine the file. */
  static final class LimitExceeded extends IOException {
    final String rule;

    LimitExceeded(String rule, String message) {
      super(message);
      this.rule = rule;
    }
  }

  private final long compressedBytes;
  private final IngestLimits limits;
  private long count;

  BoundedInputStream(InputStream decompressed, long compressedBytes, IngestLimits limits) {
    super(decompressed);
    this.compressedBytes = compressedBytes;
    this.limits = limits;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = super.read(b, off, len);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    add(skipped);
    return skipped;
  }

  private void add(long n) throws LimitExceeded {
    count += n;
    if (count > limits.maxFileBytes()) {
      throw new LimitExceeded(Rules.DECOMPRESSED_TOO_LARGE, String.format(
          "the gzip content is larger than %smax_file_bytes = %d bytes (the file is %d bytes); not read further",
          IngestLimits.KEY, limits.maxFileBytes(), compressedBytes));
    }
    if (count > RATIO_FLOOR && count > limits.maxCompressionRatio() * Math.max(1, compressedBytes)) {
      throw new LimitExceeded(Rules.DECOMPRESSED_TOO_LARGE, String.format(
          "the gzip content passed %d bytes from a file of %d bytes, above %smax_compression_ratio = %s; not read "
              + "further (a gzip bomb, or raise the limit if the file is real)",
          count, compressedBytes, IngestLimits.KEY, ratio(limits.maxCompressionRatio())));
    }
  }

  private static String ratio(double r) {
    return r == Math.rint(r) ? String.valueOf((long) r) : String.valueOf(r);
  }
}
