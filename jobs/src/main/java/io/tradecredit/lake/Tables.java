package io.tradecredit.lake;

import io.tradecredit.ingest.Feed;
import java.util.ArrayList;
import java.util.List;

/** Every table name of the pipeline, in one place per layer. */
public final class Tables {
  private Tables() {}

  // ops: the pipeline's own bookkeeping.
  public static final Table QUARANTINE = new Table("ops", "quarantine",
      "One row per rejected input row or file: where it came from, the rule it broke, the raw text");
  public static final Table INGEST_LOG = new Table("ops", "ingest_log",
      "One row per feed per drop per ingest run, with the row accounting");
  public static final Table CONFORM_LOG = new Table("ops", "conform_log",
      "One row per feed per delivery date merged into silver");
  public static final Table NIGHTLY_LOG = new Table("ops", "nightly_log",
      "One row per stage of each `nightly` run: when it started, how long it took, how it ended");
  public static final Table NIGHTLY_INPUTS = new Table("ops", "nightly_inputs",
      "One row per night that published: what its publication was made from (landing drops with dt <= night, "
          + "model artifact, configuration), so that a backfill skips a date published from the same inputs");
  public static final Table ERASURES = new Table("ops", "erasures",
      "One row per erasure of a company: when, by whom, why, the rows removed per table, the landing records to "
          + "delete at the source; the company only as SHA-256 hashes of its identifiers");
  public static final Table SCORE_STAGING = new Table("ops", "score_staging",
      "Scores written aside by score, audited by publish; one row per company per as_of_date");

  public static final Table MODEL_PROMOTIONS = new Table("ops", "model_promotions",
      "One row per promotion of a model to production by `promote`: when, the risk (credit, fulfilment, payment), "
          + "the model version, its SHA-256 and path, who promoted it and why, and the artifact itself; the latest "
          + "row of each risk is the model the nightly scores it with");

  public static final Table IDENTITY_REVIEW = new Table("ops", "identity_review",
      "Accounts left unresolved because their declared name matches two or more registry companies of their "
          + "country: one row per account and candidate, for a person to decide; never merged automatically");

  public static final Table PULL_WATERMARKS = new Table("ops", "pull_watermarks",
      "One row per pull source and feed: how far its database has been read (updated_at before watermark), the "
          + "window and drop of the pull that set it, and its run");

  // silver: one current, clean record per key.
  public static final Table FX_DAILY = new Table("silver", "fx_daily",
      "USD rate per currency per calendar day, with the 7-day fallback applied");
  public static final Table COMPANY_ACCOUNTS = new Table("silver", "company_accounts",
      "Every platform account with its company_id and how it was matched, as of the latest delivery of accounts "
          + "or registry");

  // gold and credit: business entities and what platforms read.
  public static final Table COMPANY_ACTIVITY_DAILY = new Table("gold", "company_activity_daily",
      "Per company and event day: the additive partials and counterparties every window feature is summed from");
  public static final Table COMPANY_ACTIVITY_BANDS = new Table("gold", "company_activity_bands",
      "Per company and band of days ending at the partials' night (the night, then back to 30, 90, 180, 365 days, "
          + "and older): the partials summed, what every window feature adds up");
  public static final Table COMPANY_FEATURES_GOLD = new Table("gold", "company_features",
      "Point-in-time features per company per as_of_date");
  public static final Table COMPANY_SCORE = new Table("credit", "company_score",
      "The current score, one row per company");
  public static final Table COMPANY_SCORE_HISTORY = new Table("credit", "company_score_history",
      "Every published score, one row per company per as_of_date");
  public static final Table COMPANY_FEATURES = new Table("credit", "company_features",
      "The published evidence: one row per company per as_of_date, one column per feature");
  public static final Table PUBLISH_LOG = new Table("credit", "publish_log",
      "One row per publication attempt, with its checks and verdict");

  public static Table bronze(Feed feed) {
    return new Table("bronze", feed.id(), "Typed rows of landing feed " + feed.id() + ", one per accepted input row");
  }

  public static Table silver(Feed feed) {
    return new Table("silver", feed.id(),
        "Versions of " + feed.id() + " records by key: the row valid from one delivery date until the next");
  }

  /** All tables, for catalog registration. */
  public static List<Table> all() {
    List<Table> tables = new ArrayList<>();
    for (Feed feed : Feed.values()) {
      tables.add(bronze(feed));
      tables.add(silver(feed));
    }
    tables.addAll(List.of(QUARANTINE, INGEST_LOG, CONFORM_LOG, NIGHTLY_LOG, SCORE_STAGING, ERASURES, FX_DAILY, COMPANY_ACCOUNTS,
        IDENTITY_REVIEW,
        COMPANY_ACTIVITY_DAILY, COMPANY_ACTIVITY_BANDS, COMPANY_FEATURES_GOLD, COMPANY_SCORE, COMPANY_SCORE_HISTORY, COMPANY_FEATURES, PUBLISH_LOG));
    tables.add(NIGHTLY_INPUTS);
    tables.add(PULL_WATERMARKS);
    tables.add(MODEL_PROMOTIONS);
    return tables;
  }
}
