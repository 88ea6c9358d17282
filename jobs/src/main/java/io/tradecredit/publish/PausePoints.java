package io.tradecredit.publish;

/**
 * Named points of a publication at which a process can be held, so that a test can kill it there with SIGKILL,
 * deterministically. Inert unless the environment variable {@code TRADECREDIT_PAUSE_AT} names the point.
 */
final class PausePoints {
  static final String STAGED = "staged";
  static final String AUDITED = "audited";
  static final String EXPORT_PARTS = "export-parts";
  static final String EXPORT_STAGED = "export-staged";
  static final String BEFORE_HISTORY = "before-history";
  static final String HISTORY_COMMITTED = "history-committed";
  static final String EXPORT_PROMOTING = "export-promoting";

  private PausePoints() {}

  static void reach(String point) {
    if (point.equals(System.getenv("TRADECREDIT_PAUSE_AT"))) {
      System.err.println("tradecredit: paused at " + point);
      System.err.flush();
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
