package io.tradecredit.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvRecordReaderTest {
  @Test
  void quotedFieldsKeepCommasQuotesAndLineBreaks() throws Exception {
    CsvRecordReader r = new CsvRecordReader(new StringReader(
        "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,last\n"));
    assertEquals(Arrays.asList("a", "b", "c"), r.next().fields());
    CsvRecordReader.CsvRecord second = r.next();
    assertEquals(2, second.line());
    assertEquals(Arrays.asList("x, y", "say \"hi\"", "two\nlines"), second.fields());
    CsvRecordReader.CsvRecord third = r.next();
    assertEquals(4, third.line(), "a quoted line break moves the next record's line");
    assertEquals(Arrays.asList(null, null, "last"), third.fields());
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
    assertEquals(Arrays.asList("1", "2"), r.next().fields());
    assertEquals("unterminated quoted field at end of file", r.next().error());
  }

  @Test
  void plainRecordsReadInOneSweepEqualThoseReadCharacterByCharacter() throws Exception {
    String text = "a,b,c\r\n1,,3\n\n\r\n,,\nx,\"q,1\",z\r" + "y".repeat(30) + ",2,3\n4,5,"
        + "w".repeat(12) + "\n" + "v".repeat(50) + "\nlast,no,end";
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
    assertEquals(8, all(new CsvRecordReader(new StringReader(text))).size());
  }

  private static java.util.List<CsvRecordReader.CsvRecord> all(CsvRecordReader r) throws Exception {
    java.util.List<CsvRecordReader.CsvRecord> out = new java.util.ArrayList<>();
    for (CsvRecordReader.CsvRecord c = r.next(); c != null; c = r.next()) {
      out.add(c);
    }
    return out;
  }
}
