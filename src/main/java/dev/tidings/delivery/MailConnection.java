package dev.tidings.delivery;

import jakarta.mail.internet.MimeMessage;
import java.util.function.Consumer;

/** One open session with the relay; used by one thread at a time. */
public interface MailConnection extends AutoCloseable {
  /**
   * Sends {@code message} to {@code recipient} with {@code envelopeFrom} as the SMTP MAIL FROM and
   * waits for the outcome. Never throws for a refused message: the outcome says what the server
   * answered.
   */
  default SendResult send(MimeMessage message, String envelopeFrom, String recipient) {
    SendResult[] outcome = new SendResult[1];
    send(message, envelopeFrom, recipient, result -> outcome[0] = result);
    flush();
    return outcome[0];
  }

  /**
   * Sends {@code message} and hands its outcome to {@code outcome}, exactly once: before this
   * returns, or, when the connection pipelines messages, during a later {@code send}, {@link
   * #flush} or {@link #close} on this connection. Until then the message is not known to have
   * arrived.
   */
  void send(
      MimeMessage message, String envelopeFrom, String recipient, Consumer<SendResult> outcome);

  /** Finishes every message sent so far: all their outcomes have been handed over on return. */
  void flush();

  /** False once the connection broke; the caller then opens a new one. */
  boolean isUsable();

  /** Finishes every message sent so far, as {@link #flush} does, and ends the session. */
  @Override
  void close();
}
