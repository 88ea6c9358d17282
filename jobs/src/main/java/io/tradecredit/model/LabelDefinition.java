package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What "bad" meant in training.
 *
 * @param column the label column
 * @param badValue the label value that marks a bad row; every other non-null value is good
 * @param description plain-language definition, e.g. a credit event within 365 days after as_of_date
 * @param target the risk the model scores ({@link Target#id}: credit, fulfilment, payment); null for a model trained
 *     from a file without one, which must be named when it is promoted
 * @param horizonDays days after the as-of date the label looks at; null when not known
 */
@JsonPropertyOrder({"column", "bad_value", "description", "target", "horizon_days"})
public record LabelDefinition(String column, String badValue, String description, String target,
    Integer horizonDays) {

  /** A label of no stated target. */
  public LabelDefinition(String column, String badValue, String description) {
    this(column, badValue, description, null, null);
  }

  /** The same label, stated to be that of {@code t}. */
  public LabelDefinition forTarget(Target t) {
    return new LabelDefinition(column, badValue, description, t.id(), t.horizonDays());
  }
}
