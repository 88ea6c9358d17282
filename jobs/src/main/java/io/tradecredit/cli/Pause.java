package io.tradecredit.cli;

/**
 * Named points of a command at which its process can be held, so that a test can find it there (holding the lake
 * lock, in a given stage of a night) and kill it with SIGKILL. Inert unless the environment variable
 * {@code TRADECREDIT_PAUSE_AT} names the point, as with the publication's own points.
 */
final class Pause {
  /** Just after a command took the lake lock, before it writes anything. */
  static final String LOCKED = "locked";

  private Pause() {}

  /** The point just before a night's stage runs, once the lock records that the night is in it. */
  static String beforeStage(String stage) {
    return "nightly-" + stage;
  }

  static void at(String point) {
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
