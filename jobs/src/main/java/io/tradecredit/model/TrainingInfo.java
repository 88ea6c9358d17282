package io.tradecredit.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Where a model's training data came from and how it was split.
 *
 * @param source description of the input (a path or a table)
 * @param split {@code out_of_time} (latest as-of dates held out), {@code stratified_random} or {@code given} (the
 *     rows the split column marks test held out)
 * @param asOfColumn the as-of date column used for an out-of-time split, null otherwise
 * @param trainFrom earliest as-of date in the training sample (null without an as-of column)
 * @param trainTo latest as-of date in the training sample
 * @param testFrom earliest as-of date in the held-out sample
 * @param testTo latest as-of date in the held-out sample
 * @param testFraction the share of rows asked to be held out
 * @param seed seed of the random split
 * @param rows labelled rows read
 * @param trainRows rows in the training sample
 * @param testRows rows in the held-out sample
 * @param candidates columns considered as characteristics
 * @param excluded columns not considered, each with why
 */
@JsonPropertyOrder({
  "source", "split", "as_of_column", "train_from", "train_to", "test_from", "test_to",
  "test_fraction", "seed", "rows", "train_rows", "test_rows", "candidates", "excluded"
})
public record TrainingInfo(
    String source,
    String split,
    String asOfColumn,
    String trainFrom,
    String trainTo,
    String testFrom,
    String testTo,
    double testFraction,
    long seed,
    long rows,
    long trainRows,
    long testRows,
    List<String> candidates,
    List<String> excluded) {

  public static final String OUT_OF_TIME = "out_of_time";
  public static final String STRATIFIED_RANDOM = "stratified_random";
  public static final String GIVEN = "given";
}
