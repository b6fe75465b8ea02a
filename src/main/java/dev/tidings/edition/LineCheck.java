package dev.tidings.edition;

/**
 * Follows the length of the current line across the pieces a message body is assembled from, to
 * tell whether every line fits 998 octets (RFC 5322, not counting CRLF) and no NUL occurs, and
 * whether any line starts with a dot (which SMTP would have to double). Pieces cut once per edition
 * ({@link Chunk}) are checked in constant time from facts gathered when they were cut; the short
 * personal values in between are scanned.
 */
final class LineCheck {
  static final int MAX_LINE = 998;
  private int run;
  private boolean fits = true;
  private boolean leadingDot;

  /** A piece of a skeleton with the line facts needed to check it without scanning. */
  static final class Chunk {
    final byte[] bytes;

    /** Octets before the first line break (all of them when there is none). */
    private final int head;

    /** Octets after the last line break. */
    private final int tail;

    /** The longest line that starts and ends inside the piece. */
    private final int longest;

    private final boolean hasBreak;
    private final boolean hasNul;

    /** A line that starts inside the piece (after a break) starts with a dot. */
    private final boolean innerLeadingDot;

    Chunk(byte[] bytes) {
      this.bytes = bytes;
      int first = -1;
      int line = 0;
      int longestInner = 0;
      boolean nul = false;
      boolean dot = false;
      for (int i = 0; i < bytes.length; i++) {
        byte b = bytes[i];
        if (b == 0) {
          nul = true;
        }
        if (b == '\n') {
          dot |= i + 1 < bytes.length && bytes[i + 1] == '.';
          if (first < 0) {
            first = line;
          } else {
            longestInner = Math.max(longestInner, line);
          }
          line = 0;
        } else if (b != '\r') {
          line++;
        }
      }
      this.hasBreak = first >= 0;
      this.head = hasBreak ? first : line;
      this.tail = line;
      this.longest = longestInner;
      this.hasNul = nul;
      this.innerLeadingDot = dot;
    }
  }

  void add(Chunk chunk) {
    if (chunk.hasNul) {
      fits = false;
    }
    if (chunk.innerLeadingDot || run == 0 && chunk.bytes.length > 0 && chunk.bytes[0] == '.') {
      leadingDot = true;
    }
    if (!chunk.hasBreak) {
      run += chunk.head;
    } else {
      if (run + chunk.head > MAX_LINE || chunk.longest > MAX_LINE) {
        fits = false;
      }
      run = chunk.tail;
    }
    if (run > MAX_LINE) {
      fits = false;
    }
  }

  void scan(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        fits = false;
      }
      if (b == '.' && run == 0) {
        leadingDot = true;
      }
      if (b == '\n') {
        run = 0;
      } else if (b != '\r' && ++run > MAX_LINE) {
        fits = false;
      }
    }
  }

  boolean fits() {
    return fits && run <= MAX_LINE;
  }

  /** True when no line starts with a dot. */
  boolean dotFree() {
    return !leadingDot;
  }
}
