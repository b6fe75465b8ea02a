package dev.tidings.delivery;

import dev.tidings.edition.HtmlSkeleton;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A digest message whose body (multipart/alternative: text, then HTML) is assembled as bytes once,
 * instead of through Jakarta Mail's per-byte encoder streams, which cost more CPU than everything
 * else in a send. Each part goes out as {@code 8bit} UTF-8 with CRLF line ends when its lines fit
 * the 998-octet limit of RFC 5322; {@link #useSevenBit()} re-encodes both parts as quoted-printable
 * for a relay that does not offer 8BITMIME. Headers stay ordinary {@link
 * jakarta.mail.internet.MimeMessage} headers (encoded, folded); the Message-ID is fixed. Not
 * thread-safe: one message, one sender.
 */
final class DigestMimeMessage extends SMTPMessage {
  private static final int MAX_LINE = 998;
  private final String id;
  private final String boundary;
  private final byte[] text;
  private final byte[] html;
  private boolean sevenBit;
  private byte[] body;
  private DkimSigner signer;

  /**
   * @param text the text part
   * @param html the HTML part as UTF-8 with CRLF line ends
   */
  DigestMimeMessage(Session session, String id, String text, byte[] html)
      throws MessagingException {
    super(session);
    this.id = id;
    this.boundary = "=_tidings_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    this.text = trimmed(HtmlSkeleton.crlf(text));
    this.html = trimmed(html);
    setHeader("MIME-Version", "1.0");
    setHeader("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
  }

  /** Signs the message with DKIM as it is written; null (the default) writes it unsigned. */
  void signWith(DkimSigner signer) {
    this.signer = signer;
  }

  /** Re-encodes the parts as quoted-printable, for relays without 8BITMIME. */
  void useSevenBit() {
    if (!sevenBit) {
      sevenBit = true;
      body = null;
    }
  }

  @Override
  protected void updateHeaders() throws MessagingException {
    setHeader("MIME-Version", "1.0");
    updateMessageID();
  }

  @Override
  protected void updateMessageID() throws MessagingException {
    setHeader("Message-ID", id);
  }

  @Override
  public void writeTo(OutputStream out, String[] ignoreList)
      throws IOException, MessagingException {
    byte[] content = body();
    StringBuilder headers = new StringBuilder(signer == null ? 1024 : 2048);
    List<String> lines = Collections.list(getNonMatchingHeaderLines(ignoreList));
    if (signer != null) {
      // Signed last, over the bytes as they go out (8bit or quoted-printable).
      headers.append(signer.sign(lines, content)).append("\r\n");
    }
    for (String line : lines) {
      headers.append(line).append("\r\n");
    }
    headers.append("\r\n");
    out.write(headers.toString().getBytes(StandardCharsets.US_ASCII));
    out.write(content);
    out.flush();
  }

  @Override
  public int getSize() {
    return body == null ? -1 : body.length;
  }

  private byte[] body() throws IOException, MessagingException {
    if (body == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(text.length + html.length + 512);
      part(out, "text/plain", text);
      part(out, "text/html", html);
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
      body = out.toByteArray();
    }
    return body;
  }

  private void part(ByteArrayOutputStream out, String type, byte[] content)
      throws IOException, MessagingException {
    boolean eightBit = !sevenBit && fitsLines(content);
    out.write(
        ("--"
                + boundary
                + "\r\nContent-Type: "
                + type
                + "; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: "
                + (eightBit ? "8bit" : "quoted-printable")
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    if (eightBit) {
      out.write(content);
    } else {
      try (OutputStream encoder = MimeUtility.encode(new NoClose(out), "quoted-printable")) {
        encoder.write(content);
      }
    }
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** The bytes without trailing line ends (each part gets exactly one CRLF after it). */
  private static byte[] trimmed(byte[] bytes) {
    int end = bytes.length;
    while (end >= 2 && bytes[end - 2] == '\r' && bytes[end - 1] == '\n') {
      end -= 2;
    }
    return end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end);
  }

  /** True when no line is longer than 998 octets and there is no NUL (8bit rules). */
  static boolean fitsLines(byte[] content) {
    int length = 0;
    for (byte b : content) {
      if (b == 0) {
        return false;
      }
      if (b == '\n') {
        length = 0;
      } else if (++length > MAX_LINE) {
        return false;
      }
    }
    return true;
  }

  /** Lets the QP encoder flush without closing the buffer under it. */
  private static final class NoClose extends java.io.FilterOutputStream {
    NoClose(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      out.write(bytes, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
