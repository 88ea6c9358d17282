package io.tradecredit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {
  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaks() throws Exception {
    CsvRecordReader r = new CsvRecordReader(new StringReader(
        "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,last\n"));
    assertEquals(Arrays.asList("a", "b", "c"), text(r.next()));
    CsvRecordReader.CsvRecord second = r.next();
    assertEquals(2, second.line());
    assertEquals(Arrays.asList("x, y", "say \"hi\"", "two\nlines"), text(second));
    CsvRecordReader.CsvRecord third = r.next();
    assertEquals(4, third.line(), "a quoted line break moves the next record's line");
    assertEquals(Arrays.asList(null, null, "last"), text(third));
    assertNull(r.next());
  }

  @Test
  void brokenQuotingIsReportedWithItsLine() throws Exception {
    CsvRecordReader r = new CsvRecordReader(new StringReader("a,b\nx\"y,z\n\"ok\"x,1\n1,2\n\"open,3"));
    r.next();
    assertEquals("quote inside an unquoted field at column 1", r.next().error());
    CsvRecordReader.CsvRecord after = r.next();
    assertEquals(3, after.line());
    assertEquals("text after a closing quote at column 1", after.error());
    assertEquals(Arrays.asList("1", "2"), text(r.next()));
    assertEquals("unterminated quoted field at end of file", r.next().error());
  }

  @Test
  void plainRecordsReadInOneSweepEqualThoseReadCharacterByCharacter() throws Exception {
    // Beyond ASCII and with a control character too: plain records of those are read another way in the sweep.
    String text = "a,b,c\r\n1,,3\n\n\r\n,,\nx,\"q,1\",z\r" + "y".repeat(30) + ",2,3\n4,5,"
        + "w".repeat(12) + "\n" + "v".repeat(50) + "\n\u00e9,\u4e2d\u6587, \u00fc\n1,\t2,\u007f\nlast,no,end";
    for (int[] limits : new int[][] {{Integer.MAX_VALUE, Integer.MAX_VALUE}, {40, 10}}) {
      // A reader that hands over one character at a time leaves no record's line end in the buffer: every record
      // takes the character-by-character path.
      java.io.Reader trickle = new java.io.FilterReader(new StringReader(text)) {
        @Override
        public int read(char[] cbuf, int off, int len) throws java.io.IOException {
          return super.read(cbuf, off, Math.min(len, 1));
        }
      };
      assertEquals(all(new CsvRecordReader(trickle, limits[0], limits[1], 1)),
          all(new CsvRecordReader(new StringReader(text), limits[0], limits[1], 1)));
    }
    assertEquals(10, all(new CsvRecordReader(new StringReader(text))).size());
    CsvRecordReader sweep = new CsvRecordReader(new StringReader(text));
    java.util.List<Boolean> printable = new java.util.ArrayList<>();
    for (CsvRecordReader.CsvRecord c = sweep.next(); c != null; c = sweep.next()) {
      printable.add(c.printable());
    }
    // The quoted record, the one beyond ASCII, the one with a tab and DEL, and the last (no line end) are not.
    assertEquals(List.of(true, true, true, false, true, true, true, false, false, false), printable);
  }

  private static java.util.List<String> text(CsvRecordReader.CsvRecord r) {
    return r.fields().stream().map(f -> f == null ? null : f.toString()).toList();
  }

  /**
   * The records, each checked to be marked printable only when every character of its text is printable ASCII (its
   * values are then not screened), and compared without that mark: only the one-sweep path gives it.
   */
  private static java.util.List<CsvRecordReader.CsvRecord> all(CsvRecordReader r) throws Exception {
    java.util.List<CsvRecordReader.CsvRecord> out = new java.util.ArrayList<>();
    for (CsvRecordReader.CsvRecord c = r.next(); c != null; c = r.next()) {
      if (c.printable()) {
        assertTrue(c.raw().toString().chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f), c.raw().toString());
      }
      out.add(new CsvRecordReader.CsvRecord(c.line(), c.raw(), c.fields(), c.error(), c.length(), c.longField(),
          c.longFieldLength(), false));
    }
    return out;
  }
}
