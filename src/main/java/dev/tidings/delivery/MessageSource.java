package dev.tidings.delivery;

import jakarta.mail.internet.MimeMessage;

/** The engine's port to message composition: the personal message of one delivery. */
public interface MessageSource {
  /** A composed message with its SMTP envelope sender. */
  record Outgoing(MimeMessage message, String envelopeFrom) {}

  /**
   * Composes the message of {@code delivery}.
   *
   * @throws RuntimeException when it cannot be composed (missing template, edition gone); the
   *     engine retries it later
   */
  Outgoing compose(ClaimedDelivery delivery);
}
