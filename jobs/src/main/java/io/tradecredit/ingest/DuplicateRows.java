package io.tradecredit.ingest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The rows of one partition that lost to an earlier row of their key ({@link FirstOfKey}), named by file and line,
 * which name one landing record each. Held instead of the rows: the writes that follow read the partition's rows
 * again and pass over these.
 */
final class DuplicateRows implements Serializable {
  private static final long serialVersionUID = 1L;

  private final UTF8String[] files;
  /** Sorted; the lines of several files may be equal. */
  private final long[] lines;
  /** Per line, the index of its file in {@link #files}. */
  private final int[] fileOf;

  private DuplicateRows(UTF8String[] files, long[] lines, int[] fileOf) {
    this.files = files;
    this.lines = lines;
    this.fileOf = fileOf;
  }

  int size() {
    return lines.length;
  }

  /** Whether the row at {@code line} of {@code file} is a duplicate. */
  boolean contains(UTF8String file, long line) {
    int i = Arrays.binarySearch(lines, line);
    if (i < 0) {
      return false;
    }
    while (i > 0 && lines[i - 1] == line) {
      i--;
    }
    for (; i < lines.length && lines[i] == line; i++) {
      if (files[fileOf[i]].equals(file)) {
        return true;
      }
    }
    return false;
  }

  /** Duplicates as they are found, each by its file's index among the partition's files. */
  static final class Builder {
    private long[] lines = new long[64];
    private int[] fileOf = new int[64];
    private int size;

    void add(int file, long line) {
      if (size == lines.length) {
        lines = Arrays.copyOf(lines, size * 2);
        fileOf = Arrays.copyOf(fileOf, size * 2);
      }
      lines[size] = line;
      fileOf[size++] = file;
    }

    /** @param files the partition's file names, by the indexes given to {@link #add} */
    DuplicateRows build(UTF8String[] files) {
      Integer[] order = new Integer[size];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingLong(i -> lines[i]));
      long[] sortedLines = new long[size];
      int[] sortedFiles = new int[size];
      for (int i = 0; i < size; i++) {
        sortedLines[i] = lines[order[i]];
        sortedFiles[i] = fileOf[order[i]];
      }
      return new DuplicateRows(files, sortedLines, sortedFiles);
    }
  }
}
