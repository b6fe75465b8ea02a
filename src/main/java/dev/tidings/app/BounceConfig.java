package dev.tidings.app;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How bounces are handled: the VERP envelope sender ({@code TIDINGS_BOUNCE_ADDRESS}), the permanent
 * failures after which an address is suppressed ({@code TIDINGS_BOUNCE_HARD_LIMIT}), and the
 * mailbox of bounce reports to poll ({@code TIDINGS_BOUNCE_HOST} and the other {@code
 * TIDINGS_BOUNCE_*}). Immutable.
 *
 * @param address the VERP bounce address, or empty to use each newsletter's sender
 * @param hardLimit permanent (5xx) failures after which an address is marked bounced
 * @param mailbox where bounce reports are read; null when TIDINGS_BOUNCE_HOST is unset
 */
public record BounceConfig(Optional<String> address, int hardLimit, Mailbox mailbox) {
  public static final int DEFAULT_HARD_LIMIT = 2;

  /** Where bounce reports are read, and how often. */
  public record Mailbox(
      String protocol,
      String host,
      int port,
      String user,
      String password,
      String folder,
      Duration interval) {
    /** Leaves the password out, so that the settings can be logged. */
    @Override
    public String toString() {
      return "Mailbox[" + protocol + "://" + user + "@" + host + ":" + port + "/" + folder + "]";
    }
  }

  /** The bounce mailbox to poll, or empty. */
  public Optional<Mailbox> mailboxSettings() {
    return Optional.ofNullable(mailbox);
  }

  static BounceConfig read(ConfigReader reader) {
    int hardLimit = reader.integer("TIDINGS_BOUNCE_HARD_LIMIT", DEFAULT_HARD_LIMIT, 1, 100);
    Optional<String> address = reader.optional("TIDINGS_BOUNCE_ADDRESS");
    if (address.isPresent() && !dev.tidings.subscriber.EmailAddress.isValid(address.get())) {
      reader.fail(
          "TIDINGS_BOUNCE_ADDRESS",
          "must be an email address such as"
              + " bounces@news.example.com, got '"
              + address.get()
              + "'");
    }
    Mailbox mailbox = mailbox(reader);
    if (mailbox != null && address.isEmpty()) {
      reader.fail(
          "TIDINGS_BOUNCE_ADDRESS",
          "is needed with TIDINGS_BOUNCE_HOST: only a report sent to a message's signed"
              + " envelope sender (bounces+token@...) counts, so without it no bounce would count");
    }
    return new BounceConfig(address, hardLimit, mailbox);
  }

  private static Mailbox mailbox(ConfigReader reader) {
    Optional<String> host = reader.optional("TIDINGS_BOUNCE_HOST");
    String protocol = reader.string("TIDINGS_BOUNCE_PROTOCOL", "imap").toLowerCase(Locale.ROOT);
    int port = reader.integer("TIDINGS_BOUNCE_PORT", defaultPort(reader, protocol), 1, 65535);
    Duration interval = reader.duration("TIDINGS_BOUNCE_INTERVAL", Duration.ofMinutes(5));
    if (host.isEmpty()) {
      return null;
    }
    return new Mailbox(
        protocol,
        host.get(),
        port,
        reader.string("TIDINGS_BOUNCE_USER", ""),
        reader.string("TIDINGS_BOUNCE_PASSWORD", ""),
        reader.string("TIDINGS_BOUNCE_FOLDER", "INBOX"),
        interval);
  }

  /** The usual port of a mailbox protocol; fails (and answers IMAP's) for an unknown one. */
  private static int defaultPort(ConfigReader reader, String protocol) {
    switch (protocol) {
      case "imap":
        return 143;
      case "imaps":
        return 993;
      case "pop3":
        return 110;
      case "pop3s":
        return 995;
      default:
        reader.fail(
            "TIDINGS_BOUNCE_PROTOCOL",
            "must be imap, imaps, pop3 or pop3s, got '" + protocol + "'");
        return 143;
    }
  }
}
