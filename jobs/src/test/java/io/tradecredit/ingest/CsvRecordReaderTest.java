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
}
