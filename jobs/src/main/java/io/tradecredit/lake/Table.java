package io.tradecredit.lake;

/**
 * A table of the lakehouse: a Delta folder {@code <lake>/<database>/<name>} registered as {@code database.name}.
 *
 * @param database catalog database: bronze, silver, gold, credit or ops
 * @param name table name inside the database
 * @param comment what one row is, shown by DESCRIBE
 */
public record Table(String database, String name, String comment) {

  public String qualified() {
    return database + "." + name;
  }

  @Override
  public String toString() {
    return qualified();
  }
}
