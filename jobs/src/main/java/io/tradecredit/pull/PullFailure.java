package io.tradecredit.pull;

/** A pull that could not be done: the message names the source and, where it applies, the feed, table and column. */
public class PullFailure extends IllegalStateException {
  public PullFailure(String message) {
    super(message);
  }
}
