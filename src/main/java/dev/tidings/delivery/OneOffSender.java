package dev.tidings.delivery;

import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends single messages outside any edition (sign-up confirmations, test sends of a preview): one
 * short connection to the first relay that takes it, honouring each relay's rate limit. Not for
 * bulk mail, which goes through the {@link DeliveryEngine}. Thread-safe.
 */
public final class OneOffSender {
  private final List<Relay> relays;

  public OneOffSender(List<Relay> relays) {
    this.relays = List.copyOf(relays);
  }

  /**
   * Sends {@code message}; returns the relay's answer.
   *
   * @throws MailerUnavailableException when no relay could be reached or all are over their limits
   */
  public SendResult send(MimeMessage message, String envelopeFrom, String recipient) {
    List<String> problems = new ArrayList<>();
    for (Relay relay : relays) {
      if (!relay.tryTake()) {
        problems.add(relay.name() + ": over its rate limit or paused");
        continue;
      }
      try (MailConnection connection = relay.mailer().open()) {
        relay.markAvailable();
        return connection.send(message, envelopeFrom, recipient);
      } catch (MailerUnavailableException e) {
        relay.giveBack();
        problems.add(relay.name() + ": " + e.getMessage());
      }
    }
    throw new MailerUnavailableException(
        "no relay took the message (" + String.join("; ", problems) + ")", null);
  }
}
