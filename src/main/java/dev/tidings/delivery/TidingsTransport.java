package dev.tidings.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus's SMTP transport with its reply reader opened to {@link SmtpMailer}, which writes a group
 * of pipelined commands (RFC 2920: one message's content, then the next one's MAIL, RCPT and DATA)
 * straight to the session's socket and then reads their replies here. Everything else (EHLO,
 * STARTTLS, AUTH, timeouts, QUIT) stays Angus's own.
 */
final class TidingsTransport extends SMTPTransport {
  TidingsTransport(Session session, URLName url, String protocol, boolean ssl) {
    super(session, url, protocol, ssl);
  }

  /**
   * Reads the next reply (multi-line replies whole) and returns its code; -1 when unreadable. Holds
   * the transport's lock, as Angus's own reads do.
   */
  synchronized int readReply() throws MessagingException {
    return readServerResponse();
  }
}
