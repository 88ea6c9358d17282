package io.tradecredit.ingest;

/** The types a landing column can have; each parses from text under the landing contract's rules. */
public enum ColumnType {
  STRING,
  TIMESTAMP,
  DATE,
  /** decimal(18,2) money. */
  MONEY,
  /** decimal(20,2) registered capital. */
  CAPITAL,
  /** decimal(20,10) fx rate. */
  RATE,
  INT,
  BOOLEAN,
  ENUM,
  /** ISO 3166-1 alpha-2. */
  COUNTRY,
  /** ISO 4217 alpha-3. */
  CURRENCY
}
