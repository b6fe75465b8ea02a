package dev.tidings.delivery;

import java.util.Arrays;

/**
 * The DATA section of one message as it goes on the wire (RFC 5321 section 4.5.2): every line end
 * CRLF, a dot doubled at the start of a line, and a CRLF at the end so the closing "." stands on a
 * line of its own. One pass over the bytes in a tight loop, copying runs in bulk; Jakarta Mail's
 * stream filters did the same a byte at a time through three layers of streams and cost a third of
 * a send. The buffer is reused for the next message. Not thread-safe: one per connection.
 */
final class SmtpData {
  private byte[] buffer = new byte[64 * 1024];
  private int length;

  /** Encodes {@code message} into the buffer; returns the number of bytes to send. */
  int encode(byte[] message) {
    length = 0;
    ensure(message.length + message.length / 64 + 4);
    boolean lineStart = true;
    int i = 0;
    int n = message.length;
    while (i < n) {
      if (lineStart && message[i] == '.') {
        put((byte) '.');
      }
      int run = i;
      while (run < n && message[run] != '\r' && message[run] != '\n') {
        run++;
      }
      putAll(message, i, run - i);
      if (run == n) {
        lineStart = false;
        i = n;
        break;
      }
      // A line end of any kind (CRLF, bare LF, bare CR) becomes CRLF.
      put((byte) '\r');
      put((byte) '\n');
      i = message[run] == '\r' && run + 1 < n && message[run + 1] == '\n' ? run + 2 : run + 1;
      lineStart = true;
    }
    if (!lineStart) {
      put((byte) '\r');
      put((byte) '\n');
    }
    return length;
  }

  /**
   * Copies parts that need no encoding (their line ends are CRLF, no line starts with a dot, the
   * last ends with CRLF) into the buffer; returns the number of bytes.
   */
  int copy(byte[]... parts) {
    length = 0;
    for (byte[] part : parts) {
      putAll(part, 0, part.length);
    }
    return length;
  }

  /** Appends the "." line that ends the DATA section; returns the number of bytes to send. */
  int terminate() {
    put((byte) '.');
    put((byte) '\r');
    put((byte) '\n');
    return length;
  }

  /**
   * Appends bytes after the section, e.g. the next message's commands to go out in the same write
   * (RFC 2920 lets the end of a DATA section start a group); returns the number of bytes to send.
   */
  int append(byte[] bytes) {
    putAll(bytes, 0, bytes.length);
    return length;
  }

  /** The number of bytes to send. */
  int length() {
    return length;
  }

  /** The encoded bytes; valid up to {@link #length()}. */
  byte[] bytes() {
    return buffer;
  }

  private void put(byte b) {
    ensure(length + 1);
    buffer[length++] = b;
  }

  private void putAll(byte[] from, int offset, int count) {
    ensure(length + count);
    System.arraycopy(from, offset, buffer, length, count);
    length += count;
  }

  private void ensure(int capacity) {
    if (capacity > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(capacity, buffer.length * 2));
    }
  }
}
