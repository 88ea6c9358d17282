package io.tradecredit.ingest;

/** Stable codes of the rules a row or file can break; they are what quarantine and ingest_log report. */
public final class Rules {
  private Rules() {}

  // Whole files.
  public static final String FILE_UNREADABLE = "FILE_UNREADABLE";
  public static final String BAD_ENCODING = "BAD_ENCODING";
  public static final String EMPTY_FILE = "EMPTY_FILE";
  public static final String MISSING_COLUMN = "MISSING_COLUMN";
  public static final String UNSUPPORTED_FORMAT = "UNSUPPORTED_FORMAT";
  // Rows.
  public static final String MALFORMED_ROW = "MALFORMED_ROW";
  public static final String REQUIRED_MISSING = "REQUIRED_MISSING";
  public static final String TYPE_MISMATCH = "TYPE_MISMATCH";
  public static final String BAD_ENUM = "BAD_ENUM";
  public static final String BAD_COUNTRY = "BAD_COUNTRY";
  public static final String BAD_CURRENCY = "BAD_CURRENCY";
  public static final String AMOUNT_NOT_POSITIVE = "AMOUNT_NOT_POSITIVE";
  public static final String TERMS_OUT_OF_RANGE = "TERMS_OUT_OF_RANGE";
  public static final String ORDER_AFTER_UPDATE = "ORDER_AFTER_UPDATE";
  public static final String DELIVERED_BEFORE_SHIPPED = "DELIVERED_BEFORE_SHIPPED";
  public static final String DATE_IN_FUTURE = "DATE_IN_FUTURE";
  public static final String CURRENCY_MISSING = "CURRENCY_MISSING";
  public static final String CAPITAL_NEGATIVE = "CAPITAL_NEGATIVE";
  public static final String RATE_NOT_POSITIVE = "RATE_NOT_POSITIVE";
  public static final String DISPUTE_STATE_INCONSISTENT = "DISPUTE_STATE_INCONSISTENT";
  /** The row names a company erased from the lake: not bad input, and not counted against max_bad_ratio. */
  public static final String ERASED = "ERASED";
  // Conform.
  public static final String NO_FX_RATE = "NO_FX_RATE";
}
