package io.tradecredit.ingest;

/** A drop whose quarantined share is above max_bad_ratio: the run stops before anything is published. */
public class IngestFailure extends RuntimeException {
  public IngestFailure(String message) {
    super(message);
  }
}
