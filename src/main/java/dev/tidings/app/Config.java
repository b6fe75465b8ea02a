package dev.tidings.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The typed, validated configuration of one Tidings process, read from {@code TIDINGS_*}
 * environment variables (and a {@code .env} file, see {@link ConfigSource}).
 *
 * <p>Immutable once built: every field is final and {@link #from(Map)} fails fast with a message
 * naming each variable at fault. This class and the records of each area it holds ({@link
 * DatabaseConfig}, {@link SmtpConfig}, {@link DeliveryConfig}, {@link BounceConfig}, {@link
 * DigestConfig}, {@link IngestConfig}, {@link WebConfig}) are the only ones that know variable
 * names; everything else receives values from them.
 */
public final class Config {
  public static final String DEFAULT_DATA_DIR = "./data";
  public static final String DEFAULT_TEMPLATES_DIR = "./templates";
  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final Duration DEFAULT_SCHEDULE_MAX_LATENESS = Duration.ofHours(3);

  /** How the SMTP connection is secured. */
  public enum SmtpTls {
    NONE,
    STARTTLS,
    TLS
  }

  private final Path dataDir;
  private final DatabaseConfig database;
  private final SmtpConfig smtp;
  private final String httpHost;
  private final int httpPort;
  private final URI baseUrl;
  private final Optional<String> secret;
  private final Path templatesDir;
  private final DeliveryConfig delivery;
  private final Duration scheduleMaxLateness;
  private final boolean schedulerEnabled;
  private final String postalAddress;
  private final BounceConfig bounces;
  private final DigestConfig digest;
  private final IngestConfig ingest;
  private final WebConfig web;

  private Config(ConfigReader reader) {
    dataDir = Path.of(reader.string("TIDINGS_DATA_DIR", DEFAULT_DATA_DIR));
    database = DatabaseConfig.read(reader);
    smtp = SmtpConfig.read(reader);
    // The embedded default serves the caught mail without a login: keep it on this machine.
    httpHost =
        reader.string(
            "TIDINGS_HTTP_HOST",
            reader.optional("TIDINGS_SMTP_HOST").isEmpty()
                    && reader.optional("TIDINGS_RELAYS_FILE").isEmpty()
                ? "127.0.0.1"
                : "0.0.0.0");
    httpPort = reader.integer("TIDINGS_HTTP_PORT", DEFAULT_HTTP_PORT, 0, 65535);
    baseUrl = reader.url("TIDINGS_BASE_URL", "http://localhost:" + httpPort);
    secret = reader.optional("TIDINGS_SECRET");
    templatesDir = Path.of(reader.string("TIDINGS_TEMPLATES_DIR", DEFAULT_TEMPLATES_DIR));
    delivery = DeliveryConfig.read(reader);
    scheduleMaxLateness =
        reader.duration("TIDINGS_SCHEDULE_MAX_LATENESS", DEFAULT_SCHEDULE_MAX_LATENESS);
    schedulerEnabled = reader.bool("TIDINGS_SCHEDULER", true);
    postalAddress = reader.string("TIDINGS_POSTAL_ADDRESS", "");
    bounces = BounceConfig.read(reader);
    digest = DigestConfig.read(reader);
    ingest = IngestConfig.read(reader);
    web = WebConfig.read(reader);
    validateSecret(reader);
    reader.throwIfInvalid();
  }

  /** The link-signing secret must be strong, and set whenever real mail goes out. */
  private void validateSecret(ConfigReader reader) {
    if (secret.isPresent() && secret.get().length() < 16) {
      reader.fail("TIDINGS_SECRET", "must be at least 16 characters (use `openssl rand -hex 32`)");
    }
    if (!smtp.embeddedCatcher() && secret.isEmpty()) {
      reader.fail(
          "TIDINGS_SECRET",
          "is required when TIDINGS_SMTP_HOST or TIDINGS_RELAYS_FILE is set (real mail carries"
              + " signed links); generate one with `openssl rand -hex 32`");
    }
  }

  /**
   * Builds a configuration from variables (environment merged with {@code .env}).
   *
   * @throws ConfigException naming every variable at fault
   */
  public static Config from(Map<String, String> variables) {
    return new Config(new ConfigReader(variables));
  }

  /**
   * Every variable read with a default and the value it resolves to under {@code variables},
   * whether or not the whole configuration is valid (for the check of the docs against the code).
   */
  static Map<String, Object> resolved(Map<String, String> variables) {
    ConfigReader reader = new ConfigReader(variables);
    try {
      new Config(reader);
    } catch (ConfigException e) {
      // The values read so far are what is asked for.
    }
    return reader.resolved();
  }

  /** Where the embedded H2 database and the generated secret are kept. */
  public Path dataDir() {
    return dataDir;
  }

  /** The database to use (MySQL/MariaDB, or the embedded H2) and its pool. */
  public DatabaseConfig database() {
    return database;
  }

  /** The relays (or the built-in catcher) and the use of SMTP connections. */
  public SmtpConfig smtp() {
    return smtp;
  }

  /** True when no relay is configured and the built-in mail catcher takes the mail. */
  public boolean embeddedCatcher() {
    return smtp.embeddedCatcher();
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

  /** Claiming, batching and retrying of deliveries. */
  public DeliveryConfig delivery() {
    return delivery;
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

  /** The bounce address, the hard-bounce limit and the bounce mailbox. */
  public BounceConfig bounces() {
    return bounces;
  }

  /** The HTML size limit and DKIM signing of digests. */
  public DigestConfig digest() {
    return digest;
  }

  /** Article ingest: excerpt length and feed polling. */
  public IngestConfig ingest() {
    return ingest;
  }

  /** Editors' login and the public sign-up form. */
  public WebConfig web() {
    return web;
  }

  /** A configuration error; its message names every variable at fault, one per line. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
      super(message);
    }
  }
}
