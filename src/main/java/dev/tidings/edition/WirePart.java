package dev.tidings.edition;

import java.nio.charset.StandardCharsets;

/**
 * One body part of a message as it goes on the wire: UTF-8 with CRLF line ends; whether every line
 * fits the 998 octets that RFC 5322 allows (and there is no NUL), which decides whether the part
 * may travel as {@code 8bit}; and whether no line starts with a dot, which lets SMTP send the bytes
 * as they are. The facts come from the skeleton the part was filled from, so nobody has to scan the
 * bytes again per message.
 */
public record WirePart(byte[] bytes, boolean fitsLines, boolean dotFree) {
  /** A part from text with any line ends, checked by a full scan (previews, fallbacks). */
  public static WirePart of(String text) {
    byte[] bytes = HtmlSkeleton.crlf(text);
    LineCheck check = new LineCheck();
    check.scan(bytes);
    return new WirePart(bytes, check.fits(), check.dotFree());
  }

  /** The part as a string, with the line ends as they go on the wire. */
  public String string() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
