package dev.tidings.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The typed, validated configuration of one Tidings process, read from {@code TIDINGS_*}
 * environment variables (and a {@code .env} file, see {@link ConfigSource}).
 *
 * <p>Immutable once built: every field is final and {@link #from(Map)} fails fast with a message
 * naming each variable at fault. This is the only class that knows variable names; everything else
 * receives values from it.
 */
public final class Config {
  public static final String DEFAULT_DATA_DIR = "./data";
  public static final String DEFAULT_TEMPLATES_DIR = "./templates";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_SMTP_PORT = 25;
  public static final int DEFAULT_CATCHER_PORT = 2525;
  public static final int DEFAULT_SMTP_CONNECTIONS = 4;
  public static final Duration DEFAULT_SMTP_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_SMTP_MESSAGES_PER_CONNECTION = 1000;
  public static final int DEFAULT_DB_POOL_SIZE = 10;
  public static final Duration DEFAULT_DELIVERY_LEASE = Duration.ofSeconds(60);
  public static final int DEFAULT_DELIVERY_BATCH = 250;
  public static final int DEFAULT_FANOUT_CHUNK = 20_000;
  public static final int DEFAULT_DELIVERY_INFLIGHT = 64;
  public static final int DEFAULT_DELIVERY_MAX_ATTEMPTS = 8;
  public static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_SCHEDULE_MAX_LATENESS = Duration.ofHours(3);
  public static final int DEFAULT_BOUNCE_HARD_LIMIT = 2;
  public static final int DEFAULT_SMTP_THROTTLE_AFTER = 5;

  /** How the SMTP connection is secured. */
  public enum SmtpTls {
    NONE,
    STARTTLS,
    TLS
  }

  private final Path dataDir;
  private final Optional<String> dbUrl;
  private final String dbUser;
  private final String dbPassword;
  private final int dbPoolSize;
  private final Optional<String> smtpHost;
  private final int smtpPort;
  private final String smtpUser;
  private final String smtpPassword;
  private final SmtpTls smtpTls;
  private final int smtpConnections;
  private final Duration smtpTimeout;
  private final int smtpMessagesPerConnection;
  private final int catcherPort;
  private final String httpHost;
  private final int httpPort;
  private final URI baseUrl;
  private final Optional<String> secret;
  private final Path templatesDir;
  private final Duration deliveryLease;
  private final int deliveryBatch;
  private final int fanoutChunk;
  private final int deliveryInflight;
  private final int deliveryMaxAttempts;
  private final Duration retryBase;
  private final Duration scheduleMaxLateness;
  private final boolean schedulerEnabled;
  private final String postalAddress;
  private final int bounceHardLimit;
  private final List<RelayConfig> relays;
  private final Optional<String> bounceAddress;
  private final BounceMailboxConfig bounceMailbox;
  private final int smtpThrottleAfter;
  private final DigestConfig digest;
  private final IngestConfig ingest;
  private final WebConfig web;

  private Config(ConfigReader reader) {
    dataDir = Path.of(reader.string("TIDINGS_DATA_DIR", DEFAULT_DATA_DIR));
    dbUrl = reader.optional("TIDINGS_DB_URL");
    dbUser = reader.string("TIDINGS_DB_USER", "");
    dbPassword = reader.string("TIDINGS_DB_PASSWORD", "");
    dbPoolSize = reader.integer("TIDINGS_DB_POOL_SIZE", DEFAULT_DB_POOL_SIZE, 2, 200);
    smtpHost = reader.optional("TIDINGS_SMTP_HOST");
    smtpPort = reader.integer("TIDINGS_SMTP_PORT", DEFAULT_SMTP_PORT, 1, 65535);
    smtpUser = reader.string("TIDINGS_SMTP_USER", "");
    smtpPassword = reader.string("TIDINGS_SMTP_PASSWORD", "");
    smtpTls = reader.choice("TIDINGS_SMTP_TLS", SmtpTls.class, SmtpTls.NONE);
    smtpConnections = reader.integer("TIDINGS_SMTP_CONNECTIONS", DEFAULT_SMTP_CONNECTIONS, 1, 64);
    smtpTimeout = reader.duration("TIDINGS_SMTP_TIMEOUT", DEFAULT_SMTP_TIMEOUT);
    smtpMessagesPerConnection =
        reader.integer(
            "TIDINGS_SMTP_MESSAGES_PER_CONNECTION",
            DEFAULT_SMTP_MESSAGES_PER_CONNECTION,
            1,
            1_000_000);
    catcherPort = reader.integer("TIDINGS_CATCHER_PORT", DEFAULT_CATCHER_PORT, 1, 65535);
    // The embedded default serves the caught mail without a login: keep it on this machine.
    httpHost =
        reader.string(
            "TIDINGS_HTTP_HOST",
            smtpHost.isEmpty() && reader.optional("TIDINGS_RELAYS_FILE").isEmpty()
                ? "127.0.0.1"
                : "0.0.0.0");
    httpPort = reader.integer("TIDINGS_HTTP_PORT", DEFAULT_HTTP_PORT, 0, 65535);
    baseUrl = reader.url("TIDINGS_BASE_URL", "http://localhost:" + httpPort);
    secret = reader.optional("TIDINGS_SECRET");
    templatesDir = Path.of(reader.string("TIDINGS_TEMPLATES_DIR", DEFAULT_TEMPLATES_DIR));
    deliveryLease = reader.duration("TIDINGS_DELIVERY_LEASE", DEFAULT_DELIVERY_LEASE);
    deliveryBatch = reader.integer("TIDINGS_DELIVERY_BATCH", DEFAULT_DELIVERY_BATCH, 1, 10_000);
    fanoutChunk = reader.integer("TIDINGS_FANOUT_CHUNK", DEFAULT_FANOUT_CHUNK, 1, 1_000_000);
    deliveryInflight =
        reader.integer("TIDINGS_DELIVERY_INFLIGHT", DEFAULT_DELIVERY_INFLIGHT, 1, 10_000);
    deliveryMaxAttempts =
        reader.integer("TIDINGS_DELIVERY_MAX_ATTEMPTS", DEFAULT_DELIVERY_MAX_ATTEMPTS, 1, 100);
    retryBase = reader.duration("TIDINGS_DELIVERY_RETRY_BASE", DEFAULT_RETRY_BASE);
    scheduleMaxLateness =
        reader.duration("TIDINGS_SCHEDULE_MAX_LATENESS", DEFAULT_SCHEDULE_MAX_LATENESS);
    schedulerEnabled = reader.bool("TIDINGS_SCHEDULER", true);
    postalAddress = reader.string("TIDINGS_POSTAL_ADDRESS", "");
    bounceHardLimit =
        reader.integer("TIDINGS_BOUNCE_HARD_LIMIT", DEFAULT_BOUNCE_HARD_LIMIT, 1, 100);
    smtpThrottleAfter =
        reader.integer("TIDINGS_SMTP_THROTTLE_AFTER", DEFAULT_SMTP_THROTTLE_AFTER, 1, 10_000);
    relays = relays(reader);
    bounceAddress = reader.optional("TIDINGS_BOUNCE_ADDRESS");
    if (bounceAddress.isPresent()
        && !dev.tidings.subscriber.EmailAddress.isValid(bounceAddress.get())) {
      reader.fail(
          "TIDINGS_BOUNCE_ADDRESS",
          "must be an email address such as"
              + " bounces@news.example.com, got '"
              + bounceAddress.get()
              + "'");
    }
    bounceMailbox = bounceMailbox(reader);
    digest = DigestConfig.read(reader);
    ingest = IngestConfig.read(reader);
    web = WebConfig.read(reader);
    if (secret.isPresent() && secret.get().length() < 16) {
      reader.fail("TIDINGS_SECRET", "must be at least 16 characters (use `openssl rand -hex 32`)");
    }
    if (deliveryLease.compareTo(Duration.ofSeconds(5)) < 0) {
      reader.fail("TIDINGS_DELIVERY_LEASE", "must be at least 5s");
    }
    if (!relays.isEmpty() && secret.isEmpty()) {
      reader.fail(
          "TIDINGS_SECRET",
          "is required when TIDINGS_SMTP_HOST or TIDINGS_RELAYS_FILE is set (real mail carries"
              + " signed links); generate one with `openssl rand -hex 32`");
    }
    reader.throwIfInvalid();
  }

  /** Where bounce reports are read; null when TIDINGS_BOUNCE_HOST is unset. */
  public record BounceMailboxConfig(
      String protocol,
      String host,
      int port,
      String user,
      String password,
      String folder,
      Duration interval) {}

  private static BounceMailboxConfig bounceMailbox(ConfigReader reader) {
    Optional<String> host = reader.optional("TIDINGS_BOUNCE_HOST");
    String protocol = reader.string("TIDINGS_BOUNCE_PROTOCOL", "imap").toLowerCase(Locale.ROOT);
    int defaultPort;
    switch (protocol) {
      case "imap":
        defaultPort = 143;
        break;
      case "imaps":
        defaultPort = 993;
        break;
      case "pop3":
        defaultPort = 110;
        break;
      case "pop3s":
        defaultPort = 995;
        break;
      default:
        reader.fail(
            "TIDINGS_BOUNCE_PROTOCOL",
            "must be imap, imaps, pop3 or pop3s, got '" + protocol + "'");
        defaultPort = 143;
    }
    int port = reader.integer("TIDINGS_BOUNCE_PORT", defaultPort, 1, 65535);
    Duration interval = reader.duration("TIDINGS_BOUNCE_INTERVAL", Duration.ofMinutes(5));
    if (host.isEmpty()) {
      return null;
    }
    return new BounceMailboxConfig(
        protocol,
        host.get(),
        port,
        reader.string("TIDINGS_BOUNCE_USER", ""),
        reader.string("TIDINGS_BOUNCE_PASSWORD", ""),
        reader.string("TIDINGS_BOUNCE_FOLDER", "INBOX"),
        interval);
  }

  /** The relays of TIDINGS_RELAYS_FILE, else the one of TIDINGS_SMTP_*, else none (catcher). */
  private List<RelayConfig> relays(ConfigReader reader) {
    Optional<String> file = reader.optional("TIDINGS_RELAYS_FILE");
    if (file.isPresent()) {
      try {
        return RelayConfig.readFile(Path.of(file.get()));
      } catch (IllegalArgumentException e) {
        reader.fail("TIDINGS_RELAYS_FILE", e.getMessage());
        return List.of();
      }
    }
    if (smtpHost.isEmpty()) {
      return List.of();
    }
    return List.of(
        new RelayConfig(
            "default",
            smtpHost.get(),
            smtpPort,
            smtpUser,
            smtpPassword,
            smtpTls,
            1,
            reader.longValue("TIDINGS_SMTP_RATE", 0),
            reader.longValue("TIDINGS_SMTP_HOURLY_LIMIT", 0),
            reader.longValue("TIDINGS_SMTP_DAILY_LIMIT", 0)));
  }

  /**
   * Builds a configuration from variables (environment merged with {@code .env}).
   *
   * @throws ConfigException naming every variable at fault
   */
  public static Config from(Map<String, String> variables) {
    return new Config(new ConfigReader(variables));
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The JDBC URL of MySQL/MariaDB, or empty for the embedded H2 file database. */
  public Optional<String> dbUrl() {
    return dbUrl;
  }

  public String dbUser() {
    return dbUser;
  }

  public String dbPassword() {
    return dbPassword;
  }

  public int dbPoolSize() {
    return dbPoolSize;
  }

  /** The SMTP relay, or empty for the built-in mail catcher. */
  public Optional<String> smtpHost() {
    return smtpHost;
  }

  public int smtpPort() {
    return smtpPort;
  }

  public String smtpUser() {
    return smtpUser;
  }

  public String smtpPassword() {
    return smtpPassword;
  }

  public SmtpTls smtpTls() {
    return smtpTls;
  }

  public int smtpConnections() {
    return smtpConnections;
  }

  public Duration smtpTimeout() {
    return smtpTimeout;
  }

  public int smtpMessagesPerConnection() {
    return smtpMessagesPerConnection;
  }

  public int catcherPort() {
    return catcherPort;
  }

  /** True when no relay is configured and the built-in mail catcher takes the mail. */
  public boolean embeddedCatcher() {
    return relays.isEmpty();
  }

  /** The VERP bounce address (envelope sender), or empty to use each newsletter's sender. */
  public Optional<String> bounceAddress() {
    return bounceAddress;
  }

  /** The bounce mailbox to poll, or empty. */
  public Optional<BounceMailboxConfig> bounceMailbox() {
    return Optional.ofNullable(bounceMailbox);
  }

  /** The configured relays; empty in the embedded default. */
  /** Editors' login and the public sign-up form. */
  public WebConfig web() {
    return web;
  }

  public List<RelayConfig> relays() {
    return relays;
  }

  public String httpHost() {
    return httpHost;
  }

  public int httpPort() {
    return httpPort;
  }

  /** The public address of this service, used in every link of every email. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The link-signing secret, or empty when the embedded default is to generate one. */
  public Optional<String> secret() {
    return secret;
  }

  public Path templatesDir() {
    return templatesDir;
  }

  public Duration deliveryLease() {
    return deliveryLease;
  }

  public int deliveryBatch() {
    return deliveryBatch;
  }

  /** Delivery rows made per transaction after an edition's first chunk. */
  public int fanoutChunk() {
    return fanoutChunk;
  }

  public int deliveryInflight() {
    return deliveryInflight;
  }

  public int deliveryMaxAttempts() {
    return deliveryMaxAttempts;
  }

  public Duration retryBase() {
    return retryBase;
  }

  public Duration scheduleMaxLateness() {
    return scheduleMaxLateness;
  }

  public boolean schedulerEnabled() {
    return schedulerEnabled;
  }

  public String postalAddress() {
    return postalAddress;
  }

  /** Permanent (5xx) failures after which an address is marked bounced and suppressed. */
  public int bounceHardLimit() {
    return bounceHardLimit;
  }

  /** The HTML size limit and DKIM signing of digests. */
  public DigestConfig digest() {
    return digest;
  }

  /** Transient failures in a row after which the whole relay is paused. */
  public int smtpThrottleAfter() {
    return smtpThrottleAfter;
  }

  /** Article ingest: excerpt length and feed polling. */
  public IngestConfig ingest() {
    return ingest;
  }

  /** A configuration error; its message names every variable at fault, one per line. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }
}
