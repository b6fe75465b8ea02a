package dev.tidings.delivery;

/** The relay cannot be reached or refused the session (connect, TLS, authentication). */
public final class MailerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MailerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
