package io.tradecredit.ingest;

import io.tradecredit.config.PipelineConfig.IngestLimits;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A CSV file's header against its feed: where each contract column is, which columns are extra, or the record that
 * quarantines the file whole (empty, a header over the limits, a required column missing).
 *
 * @param names the header's names, trimmed and without a byte order mark
 * @param index for each feed column, its position in the header, -1 when absent
 * @param extraColumns names the contract does not have, escaped for printing
 * @param problem the file's quarantine record, null when the header is usable
 */
record CsvHeader(List<String> names, int[] index, List<String> extraColumns, RawRecord problem) {

  static CsvHeader of(String file, Feed feed, CsvRecordReader.CsvRecord header, IngestLimits limits) {
    if (header == null) {
      return failed(RawRecord.bad(file, 0, null, Rules.EMPTY_FILE, "the file is empty: no header row"));
    }
    if (header.length() > limits.maxLineChars() || header.longField() >= 0) {
      return failed(RawRecord.bad(file, 0, header.raw(), Rules.LINE_TOO_LONG, String.format(
          "the header is %d characters, above %smax_line_chars = %d or with a name above max_field_chars = %d",
          header.length(), IngestLimits.KEY, limits.maxLineChars(), limits.maxFieldChars())));
    }
    List<String> names = new ArrayList<>();
    for (org.apache.spark.unsafe.types.UTF8String name : header.fields()) {
      names.add(name == null ? "" : name.toString().replace("\uFEFF", "").trim());
    }
    List<String> columns = feed.columnNames();
    int[] index = new int[columns.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      index[i] = names.indexOf(columns.get(i));
      if (index[i] < 0 && feed.columns().get(i).required()) {
        missing.add(columns.get(i));
      }
    }
    if (!missing.isEmpty()) {
      String hint = names.size() == 1 && header.raw().toString().matches(".*[;\\t|].*")
          ? " (is the delimiter not a comma?)" : "";
      return failed(RawRecord.bad(file, 0, header.raw(), Rules.MISSING_COLUMN,
          "missing required column(s) " + String.join(", ", missing) + hint));
    }
    List<String> extra = new ArrayList<>(names);
    extra.removeAll(columns);
    extra.replaceAll(ValueScreen::escape);
    return new CsvHeader(names, index, Collections.unmodifiableList(extra), null);
  }

  private static CsvHeader failed(RawRecord problem) {
    return new CsvHeader(List.of(), new int[0], List.of(), problem);
  }
}
