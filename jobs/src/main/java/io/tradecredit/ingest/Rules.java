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
  /** A symbolic link in a drop, or a drop folder that is one: never followed, quarantined whole. */
  public static final String FILE_IS_LINK = "FILE_IS_LINK";
  /** A plain file (or Parquet file) larger than ingest.limits.max_file_bytes. */
  public static final String FILE_TOO_LARGE = "FILE_TOO_LARGE";
  /** A gzip file whose content passes ingest.limits.max_file_bytes or max_compression_ratio (a gzip bomb). */
  public static final String DECOMPRESSED_TOO_LARGE = "DECOMPRESSED_TOO_LARGE";
  // Rows.
  public static final String MALFORMED_ROW = "MALFORMED_ROW";
  /** A CSV record or JSONL line longer than ingest.limits.max_line_chars. */
  public static final String LINE_TOO_LONG = "LINE_TOO_LONG";
  /** A value longer than ingest.limits.max_field_chars. */
  public static final String FIELD_TOO_LONG = "FIELD_TOO_LONG";
  /** A C0 control (tab and line breaks included), DEL or C1 control inside a value. */
  public static final String CONTROL_CHARACTER = "CONTROL_CHARACTER";
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
