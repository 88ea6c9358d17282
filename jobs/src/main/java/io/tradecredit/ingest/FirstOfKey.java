package io.tradecredit.ingest;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
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
 * <p>A hash map of the keys seen, not a sort: a window's {@code row_number} sorted every row of a drop to find the
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
    Map<List<Object>, Integer> first = new HashMap<>();
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
      Object[] values = new Object[key.length];
      for (int i = 0; i < key.length; i++) {
        values[i] = value(row, i);
      }
      List<Object> k = Arrays.asList(values);
      Integer seen = first.putIfAbsent(k, at);
      if (seen != null) {
        tally.duplicates++;
        UnsafeRow earlier = held.row(seen);
        if (before(row, earlier)) {
          earlier.setInt(outcome, DUPLICATE);
          first.put(k, at);
        } else {
          row.setInt(outcome, DUPLICATE);
        }
      }
    }
    tally.accepted = good - tally.duplicates;
    return new Kept(held.seal(), tally);
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
