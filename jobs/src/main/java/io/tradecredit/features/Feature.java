package io.tradecredit.features;

/**
 * One documented feature of {@code credit.company_features}.
 *
 * @param name column name
 * @param family seller, buyer, registry or history
 * @param definition what it measures, in words
 * @param window days of events it looks back over, ending at as_of_date inclusive; 0 for a state as of the date
 * @param unit unit of the value
 * @param whenNull what a null means
 */
public record Feature(String name, String family, String definition, int window, String unit, String whenNull) {}
