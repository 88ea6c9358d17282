package io.tradecredit.ingest;

import java.io.Serializable;

/**
 * A part of a landing file that one task parses: bytes {@code [start, end)}, both record boundaries, whose first
 * record starts on line {@code line}. {@code end = -1} reads to the end of the file.
 *
 * @param checked whether the whole file was already proven to decode within the limits (when it was cut into
 *     pieces); an uncut file is checked by the task that parses it
 */
record FilePiece(String file, long start, long end, long line, boolean checked) implements Serializable {
  /** The whole file, checked by its task. */
  static FilePiece whole(String file) {
    return new FilePiece(file, 0, -1, 1, false);
  }

  boolean first() {
    return start == 0;
  }
}
