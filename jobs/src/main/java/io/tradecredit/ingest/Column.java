package io.tradecredit.ingest;

import java.util.List;

/**
 * One column of a landing feed.
 *
 * @param name column name in the drop
 * @param type how its text parses
 * @param required whether a null breaks the contract
 * @param values allowed values of an ENUM, else empty
 * @param doc what the column means, for the bronze table's comment
 */
public record Column(String name, ColumnType type, boolean required, List<String> values, String doc) {

  static Column req(String name, ColumnType type, String doc) {
    return new Column(name, type, true, List.of(), doc);
  }

  static Column opt(String name, ColumnType type, String doc) {
    return new Column(name, type, false, List.of(), doc);
  }

  static Column enumeration(String name, boolean required, String doc, String... values) {
    return new Column(name, ColumnType.ENUM, required, List.of(values), doc);
  }
}
