package dev.tidings.delivery;

import jakarta.mail.internet.MimeMessage;

/** One open session with the relay; used by one thread at a time. */
public interface MailConnection extends AutoCloseable {
  /**
   * Sends {@code message} to {@code recipient} with {@code envelopeFrom} as the SMTP MAIL FROM.
   * Never throws for a refused message: the outcome says what the server answered.
   */
  SendResult send(MimeMessage message, String envelopeFrom, String recipient);

  /** False once the connection broke; the caller then opens a new one. */
  boolean isUsable();

  @Override
  void close();
}
