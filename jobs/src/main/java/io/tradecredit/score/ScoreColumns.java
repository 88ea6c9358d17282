package io.tradecredit.score;

import java.util.List;

/** The columns of the score tables in the order of published.md: the first wave's, then the second's. */
public final class ScoreColumns {
  private ScoreColumns() {}

  public static final List<String> PUBLISHED = List.of("company_id", "registry_country", "registration_number",
      "legal_name", "as_of_date", "score", "pd_12m", "grade", "confidence", "reasons", "prev_score",
      "model_version", "run_id",
      "match_method", "match_confidence",
      "fulfilment_pd", "fulfilment_score", "fulfilment_grade", "fulfilment_confidence", "fulfilment_reasons",
      "payment_pd", "payment_score", "payment_grade", "payment_confidence", "payment_reasons",
      "unscored_reasons", "credit_limit_usd", "credit_limit_reason", "model_versions");

  /** What score writes to ops.score_staging: all but prev_score, which publish adds from the previous date. */
  public static final List<String> STAGED = PUBLISHED.stream().filter(c -> !c.equals("prev_score")).toList();
}
