package io.tradecredit.ingest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.unsafe.Platform;

/**
 * One partition's rows in Spark's binary form, copied one after the other into pages of bytes.
 *
 * <p>Why not a list of rows: a drop's million rows held as a million row objects and their byte arrays made the
 * garbage collector trace and copy each of them on every collection while the quarantine and bronze were written
 * (a quarter of those stages' task time, bench/RESULTS.md, "Ingest"); a few pages of a megabyte are moved as a few
 * blocks. Serializable, so a partition that does not fit in memory is kept on disk as it is.
 */
final class RowPages implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int PAGE_BYTES = 1 << 20;

  private final int fields;
  private byte[][] pages = new byte[4][];
  private int pageCount;
  private int used;
  /** Per row: its page in the high half, its offset in that page in the low half. */
  private long[] at = new long[1024];
  private int[] sizes = new int[1024];
  private int rows;

  RowPages(int fields) {
    this.fields = fields;
  }

  /** Appends a copy of {@code row}; returns its index. */
  int add(UnsafeRow row) {
    int size = row.getSizeInBytes();
    if (pageCount == 0 || used + size > pages[pageCount - 1].length) {
      if (pageCount == pages.length) {
        pages = Arrays.copyOf(pages, pageCount * 2);
      }
      pages[pageCount++] = new byte[Math.max(PAGE_BYTES, size)];
      used = 0;
    }
    Platform.copyMemory(row.getBaseObject(), row.getBaseOffset(), pages[pageCount - 1],
        Platform.BYTE_ARRAY_OFFSET + used, size);
    if (rows == at.length) {
      at = Arrays.copyOf(at, rows * 2);
      sizes = Arrays.copyOf(sizes, rows * 2);
    }
    at[rows] = ((long) (pageCount - 1) << 32) | used;
    sizes[rows] = size;
    used += size;
    return rows++;
  }

  int size() {
    return rows;
  }

  /** Row {@code i} in place: a change to it (a fixed-width value) changes the kept row. */
  UnsafeRow row(int i) {
    UnsafeRow row = new UnsafeRow(fields);
    row.pointTo(pages[(int) (at[i] >>> 32)], Platform.BYTE_ARRAY_OFFSET + (int) at[i], sizes[i]);
    return row;
  }

  /** Done adding: the last page and the index cut to what they hold. */
  RowPages seal() {
    if (pageCount > 0 && used < pages[pageCount - 1].length) {
      pages[pageCount - 1] = Arrays.copyOf(pages[pageCount - 1], used);
    }
    pages = Arrays.copyOf(pages, pageCount);
    at = Arrays.copyOf(at, rows);
    sizes = Arrays.copyOf(sizes, rows);
    return this;
  }

  /** The rows in the order they were added, each a row object of its own. */
  Iterator<InternalRow> rows() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < rows;
      }

      @Override
      public InternalRow next() {
        if (next >= rows) {
          throw new NoSuchElementException();
        }
        return row(next++);
      }
    };
  }
}
