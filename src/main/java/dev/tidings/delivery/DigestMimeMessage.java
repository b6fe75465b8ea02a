package dev.tidings.delivery;

import dev.tidings.edition.WirePart;
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
 * the 998-octet limit of RFC 5322 (a fact the parts carry from their skeletons); {@link
 * #useSevenBit()} re-encodes both parts as quoted-printable for a relay that does not offer
 * 8BITMIME. Headers stay ordinary {@link jakarta.mail.internet.MimeMessage} headers (encoded,
 * folded); the Message-ID is fixed. Not thread-safe: one message, one sender.
 */
final class DigestMimeMessage extends SMTPMessage {
  /** The headers a transport leaves out when it sends a message. */
  private static final String[] SMTP_IGNORED = {"Bcc", "Content-Length"};

  private final String id;
  private final String subject;
  private final String boundary;
  private final WirePart text;
  private final WirePart html;
  private boolean sevenBit;
  private byte[] body;
  private DkimSigner signer;

  /**
   * @param subject the subject as read (the header itself is set encoded by the composer)
   */
  DigestMimeMessage(Session session, String id, String subject, WirePart text, WirePart html)
      throws MessagingException {
    super(session);
    this.id = id;
    this.subject = subject;
    this.boundary = "=_tidings_" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    this.text = trimmed(text);
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
    out.write(headerBytes(ignoreList));
    out.write(body());
    out.flush();
  }

  /**
   * The whole message as it is sent (headers without Bcc and Content-Length, then the body), in one
   * array.
   */
  byte[] toBytes() throws IOException, MessagingException {
    byte[] headers = headerBytes(SMTP_IGNORED);
    byte[] content = body();
    byte[] message = java.util.Arrays.copyOf(headers, headers.length + content.length);
    System.arraycopy(content, 0, message, headers.length, content.length);
    return message;
  }

  /**
   * True when the message may go into SMTP's DATA as it is: both parts travel 8bit (their lines
   * fit) and no line starts with a dot. The headers, boundaries and part headers never do, and
   * every line end is already CRLF.
   */
  boolean wireReady() {
    return !sevenBit && text.fitsLines() && html.fitsLines() && text.dotFree() && html.dotFree();
  }

  /**
   * The message for SMTP's DATA when {@link #wireReady}: its headers (as a transport sends them)
   * and its body, which ends with CRLF.
   */
  byte[][] wireParts() throws IOException, MessagingException {
    if (!wireReady()) {
      throw new IllegalStateException("the message needs SMTP encoding");
    }
    return new byte[][] {headerBytes(SMTP_IGNORED), body()};
  }

  private byte[] headerBytes(String[] ignoreList) throws IOException, MessagingException {
    List<String> lines = Collections.list(getNonMatchingHeaderLines(ignoreList));
    StringBuilder headers = new StringBuilder(signer == null ? 1024 : 2048);
    if (signer != null) {
      // Signed last, over the bytes as they go out (8bit or quoted-printable).
      headers.append(signer.sign(lines, body())).append("\r\n");
    }
    for (String line : lines) {
      headers.append(line).append("\r\n");
    }
    headers.append("\r\n");
    return headers.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The subject without decoding the header again (the SMTP transport asks for it per send). */
  @Override
  public String getSubject() {
    return subject;
  }

  @Override
  public int getSize() {
    return body == null ? -1 : body.length;
  }

  private byte[] body() throws IOException, MessagingException {
    if (body == null) {
      ByteArrayOutputStream out =
          new ByteArrayOutputStream(text.bytes().length + html.bytes().length + 512);
      part(out, "text/plain", text);
      part(out, "text/html", html);
      out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
      body = out.toByteArray();
    }
    return body;
  }

  private void part(ByteArrayOutputStream out, String type, WirePart content)
      throws IOException, MessagingException {
    boolean eightBit = !sevenBit && content.fitsLines();
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
      out.write(content.bytes());
    } else {
      try (OutputStream encoder = MimeUtility.encode(new NoClose(out), "quoted-printable")) {
        encoder.write(content.bytes());
      }
    }
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** The part without trailing line ends (each part gets exactly one CRLF after it). */
  private static WirePart trimmed(WirePart part) {
    byte[] bytes = part.bytes();
    int end = bytes.length;
    while (end >= 2 && bytes[end - 2] == '\r' && bytes[end - 1] == '\n') {
      end -= 2;
    }
    return end == bytes.length
        ? part
        : new WirePart(java.util.Arrays.copyOf(bytes, end), part.fitsLines(), part.dotFree());
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
