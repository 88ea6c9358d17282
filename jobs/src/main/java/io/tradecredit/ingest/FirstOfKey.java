package io.tradecredit.ingest;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

/**
 * The outcome of each checked row of one partition, every row of a key in the same partition: QUARANTINED for a row
 * that breaks a rule, else ACCEPTED for the first row of its key by file and line and DUPLICATE for the others.
 *
 * <p>A hash table of the keys seen, not a sort: a window's {@code row_number} sorted every row of a drop to find the
 * few duplicates (bench/RESULTS.md, "Ingest"). The partition's rows are kept in {@link RowPages}, as the window's
 * sort held them, and handed on from there. The outcome is written into the row's own
 * {@code outcome} column ({@link RecordChecker#schema}): appending a column would write every row out once more,
 * field by field, which took a third of this step's time.
 */
final class FirstOfKey {
  static final int ACCEPTED = 0;
  static final int DUPLICATE = 1;
  static final int QUARANTINED = 2;

  private final int[] key;
  private final DataType[] keyTypes;
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
    this.key = new int[key.size()];
    this.keyTypes = new DataType[key.size()];
    for (int i = 0; i < this.key.length; i++) {
      this.key[i] = schema.fieldIndex(key.get(i));
      keyTypes[i] = schema.fields()[this.key[i]].dataType();
    }
    this.file = schema.fieldIndex("source_file");
    this.line = schema.fieldIndex("source_line");
    this.rule = schema.fieldIndex("rule");
    this.outcome = schema.fieldIndex("outcome");
    this.extra = schema.fieldIndex("extra_columns");
    this.fields = schema.size();
  }

  /** One partition's kept rows and their tally. */
  record Kept(RowPages rows, Tally tally) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The partition's rows as a shuffle hands them over, kept with their outcome set, and counted. */
  Kept outcomes(Iterator<InternalRow> rows) {
    RowPages held = new RowPages(fields);
    Tally tally = new Tally();
    long good = 0;
    FirstRows first = new FirstRows();
    while (rows.hasNext()) {
      // Copied into the pages: the shuffle's reader reuses one row object for the next row.
      int at = held.add((UnsafeRow) rows.next());
      UnsafeRow row = held.row(at);
      if (!row.isNullAt(extra)) {
        ArrayData names = row.getArray(extra);
        for (int i = 0; i < names.numElements(); i++) {
          tally.extraColumns.add(names.getUTF8String(i).toString());
        }
      }
      if (!row.isNullAt(rule)) {
        row.setInt(outcome, QUARANTINED);
        tally.quarantinedByRule.merge(row.getUTF8String(rule).toString(), 1L, Long::sum);
        continue;
      }
      good++;
      row.setInt(outcome, ACCEPTED);
      int slot = first.slot(row, hash(row), held);
      int seen = first.row(slot);
      if (seen < 0) {
        first.put(slot, at);
      } else {
        tally.duplicates++;
        UnsafeRow earlier = held.row(seen);
        if (before(row, earlier)) {
          earlier.setInt(outcome, DUPLICATE);
          first.put(slot, at);
        } else {
          row.setInt(outcome, DUPLICATE);
        }
      }
    }
    tally.accepted = good - tally.duplicates;
    return new Kept(held.seal(), tally);
  }

  /**
   * The first row of each key seen, by the hash of its key values: open addressing over two arrays, whose slots are
   * compared by the rows' own values. A map of key objects held some seven objects a row, which the collector copied
   * again and again while a partition of half a million rows was read (bench/RESULTS.md, "Ingest").
   */
  private final class FirstRows {
    private long[] hashes = new long[1 << 12];
    /** A slot's row plus one; 0 for an empty slot. */
    private int[] rows = new int[1 << 12];
    private int size;

    /** The slot of {@code row}'s key: the one holding it, or the empty one where it goes. */
    int slot(UnsafeRow row, long hash, RowPages held) {
      int mask = rows.length - 1;
      int slot = (int) hash & mask;
      while (rows[slot] != 0 && !(hashes[slot] == hash && sameKey(row, held.row(rows[slot] - 1)))) {
        slot = (slot + 1) & mask;
      }
      hashes[slot] = hash;
      return slot;
    }

    /** The first row in {@code slot}; -1 for none. */
    int row(int slot) {
      return rows[slot] - 1;
    }

    void put(int slot, int row) {
      if (rows[slot] == 0 && ++size * 2 > rows.length) {
        rows[slot] = row + 1;
        grow();
      } else {
        rows[slot] = row + 1;
      }
    }

    private void grow() {
      long[] oldHashes = hashes;
      int[] oldRows = rows;
      hashes = new long[oldRows.length * 2];
      rows = new int[oldRows.length * 2];
      int mask = rows.length - 1;
      for (int i = 0; i < oldRows.length; i++) {
        if (oldRows[i] != 0) {
          int slot = (int) oldHashes[i] & mask;
          while (rows[slot] != 0) {
            slot = (slot + 1) & mask;
          }
          hashes[slot] = oldHashes[i];
          rows[slot] = oldRows[i];
        }
      }
    }
  }

  /**
   * The hash of a row's key values. By type: {@code UnsafeRow.get(ordinal, type)} looks up the session's SQL
   * settings on every call, which on an executor's thread means building them anew.
   */
  private long hash(UnsafeRow row) {
    long h = 42;
    for (int i = 0; i < key.length; i++) {
      int at = key[i];
      DataType type = keyTypes[i];
      if (row.isNullAt(at)) {
        h = XXH64.hashInt(-1, h);
      } else if (type instanceof StringType) {
        h = XXH64.hashUTF8String(row.getUTF8String(at), h);
      } else if (type instanceof TimestampType || type instanceof LongType) {
        h = XXH64.hashLong(row.getLong(at), h);
      } else if (type instanceof DateType || type instanceof IntegerType) {
        h = XXH64.hashInt(row.getInt(at), h);
      } else {
        h = XXH64.hashInt(row.get(at, type).hashCode(), h);
      }
    }
    return h;
  }

  /** Whether two rows have equal key values (two missing values being equal). */
  private boolean sameKey(UnsafeRow a, UnsafeRow b) {
    for (int i = 0; i < key.length; i++) {
      int at = key[i];
      DataType type = keyTypes[i];
      boolean aNull = a.isNullAt(at);
      if (aNull || b.isNullAt(at)) {
        if (aNull != b.isNullAt(at)) {
          return false;
        }
      } else if (type instanceof StringType) {
        if (!a.getUTF8String(at).equals(b.getUTF8String(at))) {
          return false;
        }
      } else if (type instanceof TimestampType || type instanceof LongType) {
        if (a.getLong(at) != b.getLong(at)) {
          return false;
        }
      } else if (type instanceof DateType || type instanceof IntegerType) {
        if (a.getInt(at) != b.getInt(at)) {
          return false;
        }
      } else if (!a.get(at, type).equals(b.get(at, type))) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code a} comes before {@code b} by file and line. */
  private boolean before(UnsafeRow a, UnsafeRow b) {
    int byFile = a.getUTF8String(file).compareTo(b.getUTF8String(file));
    return byFile != 0 ? byFile < 0 : a.getLong(line) < b.getLong(line);
  }
}
