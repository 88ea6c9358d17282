package io.tradecredit.publish;

/** Publication blocked by failing quality checks; the published tables are unchanged. */
public class PublishFailure extends RuntimeException {
  public PublishFailure(String message) {
    super(message);
  }
}
