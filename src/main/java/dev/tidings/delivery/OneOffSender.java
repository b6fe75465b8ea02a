package dev.tidings.delivery;

import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends single messages outside any edition (sign-up confirmations, test sends of a preview): one
 * short connection to the first relay that takes it, honouring each relay's rate limit; a relay
 * that cannot be reached or refuses the sender is paused, as the engine would, and the next tried.
 * Not for bulk mail, which goes through the {@link DeliveryEngine}. Thread-safe.
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
        SendResult result = connection.send(message, envelopeFrom, recipient);
        if (result.kind() != SendResult.Kind.RELAY_REFUSED) {
          if (result.kind() == SendResult.Kind.ACCEPTED) {
            relay.delivered();
          }
          return result;
        }
        // The relay refuses our sender: the next relay may not.
        relay.refused(result.reply());
        problems.add(relay.name() + ": " + result.reply());
      } catch (MailerUnavailableException e) {
        relay.giveBack();
        relay.markUnavailable(e.getMessage());
        problems.add(relay.name() + ": " + e.getMessage());
      }
    }
    throw new MailerUnavailableException(
        "no relay took the message (" + String.join("; ", problems) + ")", null);
  }
}
