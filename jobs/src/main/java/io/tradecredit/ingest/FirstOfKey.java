package io.tradecredit.ingest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The outcome of each checked row of one partition, every row of a key in the same partition: QUARANTINED for a row
 * that breaks a rule, else ACCEPTED for the first row of its key by file and line and DUPLICATE for the others.
 *
 * <p>A hash map of the keys seen, not a sort: a window's {@code row_number} sorted every row of a drop to find the
 * few duplicates (bench/RESULTS.md, "Ingest"). The partition's rows are held until its last row is read, as the
 * window's sort held them; each is let go as its outcome is handed on.
 */
final class FirstOfKey {
  static final UTF8String ACCEPTED = UTF8String.fromString("ACCEPTED");
  static final UTF8String DUPLICATE = UTF8String.fromString("DUPLICATE");
  static final UTF8String QUARANTINED = UTF8String.fromString("QUARANTINED");

  private final int[] key;
  private final DataType[] keyTypes;
  private final int file;
  private final int line;
  private final int rule;
  private final UnsafeProjection project;

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
    this.project = UnsafeProjection.create(schema(schema));
  }

  /** {@code checked} with the {@code outcome} column last. */
  static StructType schema(StructType checked) {
    return checked.add("outcome", DataTypes.StringType, false);
  }

  /** The partition's rows as a shuffle hands them over, each a row of its own with its outcome. */
  Iterator<InternalRow> outcomes(Iterator<InternalRow> rows) {
    List<UnsafeRow> held = new ArrayList<>();
    BitSet duplicate = new BitSet();
    Map<List<Object>, Integer> first = new HashMap<>();
    while (rows.hasNext()) {
      // A copy: the shuffle's reader reuses one row object for the next row.
      UnsafeRow row = ((UnsafeRow) rows.next()).copy();
      int at = held.size();
      held.add(row);
      if (!row.isNullAt(rule)) {
        continue;
      }
      Object[] values = new Object[key.length];
      for (int i = 0; i < key.length; i++) {
        values[i] = value(row, i);
      }
      List<Object> k = Arrays.asList(values);
      Integer seen = first.putIfAbsent(k, at);
      if (seen != null) {
        if (before(row, held.get(seen))) {
          duplicate.set(seen);
          first.put(k, at);
        } else {
          duplicate.set(at);
        }
      }
    }
    JoinedRow joined = new JoinedRow();
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < held.size();
      }

      @Override
      public InternalRow next() {
        UnsafeRow row = held.set(next, null);
        UTF8String outcome = !row.isNullAt(rule) ? QUARANTINED : duplicate.get(next) ? DUPLICATE : ACCEPTED;
        next++;
        return project.apply(joined.apply(row, new GenericInternalRow(new Object[] {outcome}))).copy();
      }
    };
  }

  /**
   * The value of key column {@code i}. By type: {@code UnsafeRow.get(ordinal, type)} looks up the session's SQL
   * settings on every call, which on an executor's thread means building them anew.
   */
  private Object value(UnsafeRow row, int i) {
    int at = key[i];
    DataType type = keyTypes[i];
    if (row.isNullAt(at)) {
      return null;
    } else if (type instanceof StringType) {
      return row.getUTF8String(at);
    } else if (type instanceof TimestampType || type instanceof LongType) {
      return row.getLong(at);
    } else if (type instanceof DateType || type instanceof IntegerType) {
      return row.getInt(at);
    }
    return row.get(at, type);
  }

  /** Whether {@code a} comes before {@code b} by file and line. */
  private boolean before(UnsafeRow a, UnsafeRow b) {
    int byFile = a.getUTF8String(file).compareTo(b.getUTF8String(file));
    return byFile != 0 ? byFile < 0 : a.getLong(line) < b.getLong(line);
  }
}
