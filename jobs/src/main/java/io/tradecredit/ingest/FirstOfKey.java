package io.tradecredit.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.BoundReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The outcome of each checked row of one partition, every row of a key in the same partition: QUARANTINED for a row
 * that breaks a rule, else ACCEPTED for the first row of its key by file and line and DUPLICATE for the others.
 *
 * <p>A hash table of the keys seen, not a sort: a window's {@code row_number} sorted every row of a drop to find the
 * few duplicates (bench/RESULTS.md, "Ingest"). What a partition's reading keeps is small: each key once, the
 * quarantined rows, and the duplicates by file and line ({@link DuplicateRows}). The writes that follow read the
 * partition's rows again from the shuffle and take their outcome from that ({@link #outcomes(Iterator, Kept, int)}):
 * keeping every row in memory until bronze was written made the collector copy a large drop's rows into its old
 * generation, a seventh of the bronze write's time.
 */
final class FirstOfKey implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int ACCEPTED = 0;
  static final int DUPLICATE = 1;
  static final int QUARANTINED = 2;

  private final List<BoundReference> key = new ArrayList<>();
  private final int file;
  private final int line;
  private final int rule;
  private final int outcome;
  private final int extra;
  private final int fields;

  /**
   * @param schema the checked rows' schema ({@link RecordChecker#schema})
   * @param key the columns whose values make a row's key
   */
  FirstOfKey(StructType schema, List<String> key) {
    for (String k : key) {
      int at = schema.fieldIndex(k);
      this.key.add(new BoundReference(at, schema.fields()[at].dataType(), true));
    }
    this.file = schema.fieldIndex("source_file");
    this.line = schema.fieldIndex("source_line");
    this.rule = schema.fieldIndex("rule");
    this.outcome = schema.fieldIndex("outcome");
    this.extra = schema.fieldIndex("extra_columns");
    this.fields = schema.size();
  }

  /** What one partition's reading keeps: its quarantined rows, its duplicates and its tally. */
  record Kept(RowPages quarantined, DuplicateRows duplicates, Tally tally) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Reads a partition's rows as a shuffle hands them over: their outcomes, what is kept of them, and the counts. */
  Kept outcomes(Iterator<InternalRow> rows) {
    RowPages quarantined = new RowPages(fields);
    Tally tally = new Tally();
    Keys keys = new Keys();
    Files files = new Files();
    DuplicateRows.Builder duplicates = new DuplicateRows.Builder();
    long good = 0;
    while (rows.hasNext()) {
      UnsafeRow row = (UnsafeRow) rows.next();
      if (!row.isNullAt(extra)) {
        ArrayData names = row.getArray(extra);
        for (int i = 0; i < names.numElements(); i++) {
          tally.extraColumns.add(names.getUTF8String(i).toString());
        }
      }
      if (!row.isNullAt(rule)) {
        // Copied into the pages: the shuffle's reader reuses one row object for the next row.
        quarantined.row(quarantined.add(row)).setInt(outcome, QUARANTINED);
        tally.quarantinedByRule.merge(row.getUTF8String(rule).toString(), 1L, Long::sum);
        continue;
      }
      good++;
      int f = files.index(row.getUTF8String(file));
      long l = row.getLong(line);
      int first = keys.first(row);
      if (first < 0) {
        keys.firstIs(f, l);
        continue;
      }
      tally.duplicates++;
      int firstFile = keys.file(first);
      long firstLine = keys.line(first);
      if (before(files, f, l, firstFile, firstLine)) {
        duplicates.add(firstFile, firstLine);
        keys.firstIs(first, f, l);
      } else {
        duplicates.add(f, l);
      }
    }
    tally.accepted = good - tally.duplicates;
    return new Kept(quarantined.seal(), duplicates.build(files.names()), tally);
  }

  /**
   * The rows of a partition read again, those of outcome {@code want} (-1: every row that broke no rule) with their
   * outcome set, by what its first reading kept. The rows that break a rule are in {@link Kept#quarantined}.
   *
   * @throws IllegalStateException at the end of the rows, when they do not hold each duplicate of the first reading
   *     exactly once: a file and line that named two rows would otherwise drop a row without a word
   */
  Iterator<InternalRow> outcomes(Iterator<InternalRow> rows, Kept kept, int want) {
    DuplicateRows duplicates = kept.duplicates();
    // The next row is found only when asked for: the shuffle's reader reuses one row object, so reading ahead
    // would change the row handed out last.
    return new Iterator<>() {
      private UnsafeRow next;
      private long found;

      @Override
      public boolean hasNext() {
        while (next == null && rows.hasNext()) {
          UnsafeRow row = (UnsafeRow) rows.next();
          if (!row.isNullAt(rule)) {
            continue;
          }
          int o = duplicates.contains(row.getUTF8String(file), row.getLong(line)) ? DUPLICATE : ACCEPTED;
          found += o == DUPLICATE ? 1 : 0;
          if (want < 0 || o == want) {
            row.setInt(outcome, o);
            next = row;
          }
        }
        if (next == null && found != duplicates.size()) {
          throw new IllegalStateException(String.format("a partition's rows read again hold %d rows named as "
              + "duplicates by file and line where its first reading found %d: a file and line must name one row",
              found, duplicates.size()));
        }
        return next != null;
      }

      @Override
      public InternalRow next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        UnsafeRow row = next;
        next = null;
        return row;
      }
    };
  }

  /** Whether the row at line {@code l1} of file {@code f1} comes before that at {@code l2} of {@code f2}. */
  private static boolean before(Files files, int f1, long l1, int f2, long l2) {
    if (f1 == f2) {
      return l1 < l2;
    }
    return files.name(f1).compareTo(files.name(f2)) < 0;
  }

  /** The partition's file names, numbered as they are first seen; rows come in runs of one file. */
  private static final class Files {
    private final Map<UTF8String, Integer> index = new HashMap<>();
    private final List<UTF8String> names = new ArrayList<>();
    private UTF8String last;
    private int lastIndex = -1;

    int index(UTF8String name) {
      if (last != null && last.equals(name)) {
        return lastIndex;
      }
      // A copy: the name points into the row, which the shuffle's reader reuses.
      UTF8String copy = name.copy();
      Integer i = index.get(copy);
      if (i == null) {
        i = names.size();
        names.add(copy);
        index.put(copy, i);
      }
      last = copy;
      lastIndex = i;
      return i;
    }

    UTF8String name(int i) {
      return names.get(i);
    }

    UTF8String[] names() {
      return names.toArray(new UTF8String[0]);
    }
  }

  /**
   * Each key seen once, in Spark's binary form (equal values, equal bytes), with the file and line of its first row
   * so far; found by hash with open addressing over two arrays. A map of key objects held some seven objects a row,
   * which the collector copied again and again while a partition of half a million rows was read.
   */
  private final class Keys {
    private final UnsafeProjection project =
        UnsafeProjection.create(scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<Expression>(key))
            .toList());
    private final RowPages held = new RowPages(key.size());
    private int[] hashes = new int[1 << 12];
    /** A slot's key plus one; 0 for an empty slot. */
    private int[] slots = new int[1 << 12];
    private int[] files = new int[1 << 10];
    private long[] lines = new long[1 << 10];
    private UnsafeRow pending;
    private int pendingSlot;
    private int pendingHash;

    /** The key of {@code row}'s first row so far, or -1 when its key is new (then {@link #firstIs} adds it). */
    int first(UnsafeRow row) {
      UnsafeRow k = project.apply(row);
      int hash = k.hashCode();
      int mask = slots.length - 1;
      int slot = hash & mask;
      while (slots[slot] != 0) {
        if (hashes[slot] == hash && k.equals(held.row(slots[slot] - 1))) {
          return slots[slot] - 1;
        }
        slot = (slot + 1) & mask;
      }
      pending = k;
      pendingSlot = slot;
      pendingHash = hash;
      return -1;
    }

    /** Adds the key {@link #first} did not find, first seen at line {@code l} of file {@code f}. */
    void firstIs(int f, long l) {
      int k = held.add(pending);
      if (k == files.length) {
        files = Arrays.copyOf(files, k * 2);
        lines = Arrays.copyOf(lines, k * 2);
      }
      firstIs(k, f, l);
      slots[pendingSlot] = k + 1;
      hashes[pendingSlot] = pendingHash;
      if ((k + 1) * 2 > slots.length) {
        grow();
      }
    }

    void firstIs(int k, int f, long l) {
      files[k] = f;
      lines[k] = l;
    }

    int file(int k) {
      return files[k];
    }

    long line(int k) {
      return lines[k];
    }

    private void grow() {
      int[] oldHashes = hashes;
      int[] oldSlots = slots;
      hashes = new int[oldSlots.length * 2];
      slots = new int[oldSlots.length * 2];
      int mask = slots.length - 1;
      for (int i = 0; i < oldSlots.length; i++) {
        if (oldSlots[i] != 0) {
          int slot = oldHashes[i] & mask;
          while (slots[slot] != 0) {
            slot = (slot + 1) & mask;
          }
          hashes[slot] = oldHashes[i];
          slots[slot] = oldSlots[i];
        }
      }
    }
  }
}
