package dev.tidings.app;

import dev.tidings.delivery.SmtpMailer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How mail leaves: through the relays of {@code TIDINGS_RELAYS_FILE}, else the one relay of {@code
 * TIDINGS_SMTP_HOST} and its {@code TIDINGS_SMTP_*} settings, else none (the built-in mail catcher
 * on {@code TIDINGS_CATCHER_PORT} takes the mail); and how SMTP connections are used. Immutable.
 *
 * @param relays the configured relays; empty in the embedded default
 * @param connections SMTP connections (delivery workers) of one process
 * @param timeouts how long each step of an SMTP session may take (RFC 5321 §4.5.3.2); the command
 *     timeout is the bounce mailbox's too
 * @param messagesPerConnection messages sent over one connection before it is renewed
 * @param throttleAfter transient failures in a row after which the whole relay is paused
 * @param pipelining whether MAIL, RCPT and DATA go out in one write to relays that offer PIPELINING
 * @param catcherPort where the built-in mail catcher listens
 * @param helo the name given in EHLO ({@link HeloName})
 * @param checkInterval how often {@code serve} checks each relay in the background, for /health
 * @param maxIdle how long a pooled connection may sit unused before it is replaced
 */
public record SmtpConfig(
    List<RelayConfig> relays,
    int connections,
    SmtpMailer.Timeouts timeouts,
    int messagesPerConnection,
    int throttleAfter,
    boolean pipelining,
    int catcherPort,
    String helo,
    Duration checkInterval,
    Duration maxIdle) {
  public static final int DEFAULT_PORT = 25;
  public static final int DEFAULT_CATCHER_PORT = 2525;
  public static final int DEFAULT_CONNECTIONS = 4;
  public static final SmtpMailer.Timeouts DEFAULT_TIMEOUTS = SmtpMailer.Timeouts.RFC_5321;
  public static final int DEFAULT_MESSAGES_PER_CONNECTION = 1000;
  public static final int DEFAULT_THROTTLE_AFTER = 5;
  public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_MAX_IDLE = Duration.ofSeconds(20);

  /** The reply timeout of commands (and of the bounce mailbox). */
  public Duration timeout() {
    return timeouts.command();
  }

  /** True when no relay is configured and the built-in mail catcher takes the mail. */
  public boolean embeddedCatcher() {
    return relays.isEmpty();
  }

  static SmtpConfig read(ConfigReader reader) {
    Optional<String> host = reader.optional("TIDINGS_SMTP_HOST");
    int port = reader.integer("TIDINGS_SMTP_PORT", DEFAULT_PORT, 1, 65535);
    String user = reader.string("TIDINGS_SMTP_USER", "");
    String password = reader.string("TIDINGS_SMTP_PASSWORD", "");
    Config.SmtpTls tls =
        reader.choice("TIDINGS_SMTP_TLS", Config.SmtpTls.class, Config.SmtpTls.NONE);
    int connections = reader.integer("TIDINGS_SMTP_CONNECTIONS", DEFAULT_CONNECTIONS, 1, 64);
    SmtpMailer.Timeouts timeouts =
        new SmtpMailer.Timeouts(
            reader.duration("TIDINGS_SMTP_CONNECT_TIMEOUT", DEFAULT_TIMEOUTS.connect()),
            reader.duration("TIDINGS_SMTP_TIMEOUT", DEFAULT_TIMEOUTS.command()),
            reader.duration("TIDINGS_SMTP_DATA_TIMEOUT", DEFAULT_TIMEOUTS.data()));
    int messagesPerConnection =
        reader.integer(
            "TIDINGS_SMTP_MESSAGES_PER_CONNECTION", DEFAULT_MESSAGES_PER_CONNECTION, 1, 1_000_000);
    int catcherPort = reader.integer("TIDINGS_CATCHER_PORT", DEFAULT_CATCHER_PORT, 1, 65535);
    int throttleAfter =
        reader.integer("TIDINGS_SMTP_THROTTLE_AFTER", DEFAULT_THROTTLE_AFTER, 1, 10_000);
    boolean pipelining = reader.bool("TIDINGS_SMTP_PIPELINING", true);
    List<RelayConfig> relays = relays(reader, host, port, user, password, tls);
    return new SmtpConfig(
        relays,
        connections,
        timeouts,
        messagesPerConnection,
        throttleAfter,
        pipelining,
        catcherPort,
        helo(reader),
        checkInterval(reader),
        reader.duration("TIDINGS_SMTP_MAX_IDLE", DEFAULT_MAX_IDLE));
  }

  private static Duration checkInterval(ConfigReader reader) {
    Duration interval = reader.duration("TIDINGS_SMTP_CHECK_INTERVAL", DEFAULT_CHECK_INTERVAL);
    if (interval.compareTo(Duration.ofSeconds(5)) < 0) {
      reader.fail("TIDINGS_SMTP_CHECK_INTERVAL", "must be at least 5s, got " + interval);
    }
    return interval;
  }

  /** TIDINGS_SMTP_HELO, else a fully qualified name found for this machine ({@link HeloName}). */
  private static String helo(ConfigReader reader) {
    Optional<String> explicit = reader.optional("TIDINGS_SMTP_HELO");
    if (explicit.isPresent()) {
      Optional<String> problem = HeloName.problem(explicit.get());
      problem.ifPresent(text -> reader.fail("TIDINGS_SMTP_HELO", text));
      return explicit.get();
    }
    return HeloName.choose(
        HeloName.machineName(),
        reader.optional("TIDINGS_BOUNCE_ADDRESS"),
        reader.optional("TIDINGS_BASE_URL"));
  }

  /** TIDINGS_SMTP_TLS_CA: the CAs to trust for the relay's certificate instead of the JVM's. */
  private static Optional<Path> tlsCa(ConfigReader reader) {
    Optional<Path> file = reader.optional("TIDINGS_SMTP_TLS_CA").map(Path::of);
    file.flatMap(RelayConfig::caProblem)
        .ifPresent(problem -> reader.fail("TIDINGS_SMTP_TLS_CA", problem));
    return file;
  }

  /** The relays of TIDINGS_RELAYS_FILE, else the one of TIDINGS_SMTP_*, else none (catcher). */
  private static List<RelayConfig> relays(
      ConfigReader reader,
      Optional<String> host,
      int port,
      String user,
      String password,
      Config.SmtpTls tls) {
    Optional<String> file = reader.optional("TIDINGS_RELAYS_FILE");
    if (file.isPresent()) {
      try {
        return RelayConfig.readFile(Path.of(file.get()));
      } catch (IllegalArgumentException e) {
        reader.fail("TIDINGS_RELAYS_FILE", e.getMessage());
        return List.of();
      }
    }
    if (host.isEmpty()) {
      return List.of();
    }
    return List.of(
        new RelayConfig(
            "default",
            host.get(),
            port,
            user,
            password,
            tls,
            tlsCa(reader),
            1,
            reader.longValue("TIDINGS_SMTP_RATE", 0),
            reader.longValue("TIDINGS_SMTP_HOURLY_LIMIT", 0),
            reader.longValue("TIDINGS_SMTP_DAILY_LIMIT", 0)));
  }

  /** Names the relays without their passwords, so that the settings can be logged. */
  @Override
  public String toString() {
    return "SmtpConfig[relays="
        + relays.stream().map(RelayConfig::name).toList()
        + ", connections="
        + connections
        + ", catcherPort="
        + catcherPort
        + ", helo="
        + helo
        + "]";
  }
}
