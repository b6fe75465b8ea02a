package dev.tidings.delivery;

/**
 * The delivery engine's port to a mail relay. Each engine worker opens its own {@link
 * MailConnection} and reuses it for many messages.
 */
public interface Mailer {
  /**
   * Opens a connection to the relay.
   *
   * @throws MailerUnavailableException when the relay cannot be reached or refuses the session;
   *     this says nothing about any recipient, so no delivery attempt is counted
   */
  MailConnection open();

  /** Host and port, for logs and the health page. */
  String describe();
}
