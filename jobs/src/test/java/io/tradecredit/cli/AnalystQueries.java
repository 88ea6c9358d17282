package io.tradecredit.cli;

import io.tradecredit.SampleLake;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The analyst queries of docs/querying.md (its sql blocks), which several tests run so the guide stays true. */
final class AnalystQueries {
  private static final Pattern SQL_BLOCK = Pattern.compile("```sql\n(.*?)```", Pattern.DOTALL);

  private AnalystQueries() {}

  static List<String> inGuide() {
    try {
      Matcher m = SQL_BLOCK.matcher(Files.readString(SampleLake.HOME.resolve("docs/querying.md")));
      List<String> queries = new ArrayList<>();
      while (m.find()) {
        queries.add(m.group(1).strip());
      }
      return queries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
