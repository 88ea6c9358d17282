package io.tradecredit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;

class RowPagesTest {
  private static final StructType SCHEMA = new StructType()
      .add("text", DataTypes.StringType, true).add("line", DataTypes.LongType, false)
      .add("outcome", DataTypes.IntegerType, false);

  @Test
  void rowsComeBackAsAddedAcrossPagesAfterAChangeInPlaceAndThroughSerialization() throws Exception {
    UnsafeProjection project = UnsafeProjection.create(SCHEMA);
    RowPages pages = new RowPages(SCHEMA.size());
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      // Rows of 100-odd bytes fill several pages; one row is larger than a page, one has a null.
      String text = i == 7_000 ? "x".repeat(3 << 20) : i == 9_000 ? null : "row " + i + " " + "y".repeat(i % 97);
      texts.add(text);
      UnsafeRow row = project.apply(new GenericInternalRow(
          new Object[] {text == null ? null : UTF8String.fromString(text), (long) i, FirstOfKey.ACCEPTED}));
      assertEquals(i, pages.add(row));
    }
    for (int i = 0; i < texts.size(); i += 3) {
      pages.row(i).setInt(2, FirstOfKey.DUPLICATE);
    }
    pages.seal();

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(pages);
    }
    RowPages read;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      read = (RowPages) in.readObject();
    }

    for (RowPages p : List.of(pages, read)) {
      assertEquals(texts.size(), p.size());
      Iterator<InternalRow> rows = p.rows();
      for (int i = 0; i < texts.size(); i++) {
        InternalRow row = rows.next();
        assertEquals(texts.get(i), row.isNullAt(0) ? null : row.getUTF8String(0).toString(), "row " + i);
        assertEquals(i, row.getLong(1));
        assertEquals(i % 3 == 0 ? FirstOfKey.DUPLICATE : FirstOfKey.ACCEPTED, row.getInt(2), "row " + i);
      }
      assertEquals(false, rows.hasNext());
    }
  }
}
