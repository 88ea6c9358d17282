package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What "bad" meant in training.
 *
 * @param column the label column
 * @param badValue the label value that marks a bad row; every other non-null value is good
 * @param description plain-language definition, e.g. a credit event within 365 days after as_of_date
 */
@JsonPropertyOrder({"column", "bad_value", "description"})
public record LabelDefinition(String column, String badValue, String description) {}
