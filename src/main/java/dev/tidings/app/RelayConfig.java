package dev.tidings.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One SMTP relay's settings: from the {@code TIDINGS_SMTP_*} variables, or one entry of the JSON
 * file named by {@code TIDINGS_RELAYS_FILE}. Immutable.
 */
public record RelayConfig(
    String name,
    String host,
    int port,
    String user,
    String password,
    Config.SmtpTls tls,
    Optional<Path> tlsCa,
    int weight,
    long perSecond,
    long perHour,
    long perDay) {

  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "host",
          "port",
          "user",
          "password",
          "tls",
          "tls_ca",
          "weight",
          "per_second",
          "per_hour",
          "per_day");

  /**
   * Reads a relays file: a JSON array of objects with {@code host} (required), {@code name}, {@code
   * port}, {@code user}, {@code password}, {@code tls}, {@code tls_ca} (a PEM file of the CAs to
   * trust instead of the JVM's), {@code weight}, {@code per_second}, {@code per_hour}, {@code
   * per_day}.
   *
   * @throws IllegalArgumentException naming the entry and field at fault
   */
  static List<RelayConfig> readFile(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          file + " is not valid JSON: " + String.valueOf(e.getMessage()).split("\n")[0]);
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new IllegalArgumentException(file + " must hold a JSON array of relays");
    }
    List<RelayConfig> relays = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < root.size(); i++) {
      RelayConfig relay = entry(root.get(i), "relay #" + (i + 1) + " in " + file);
      if (!names.add(relay.name())) {
        throw new IllegalArgumentException(file + ": two relays are named '" + relay.name() + "'");
      }
      relays.add(relay);
    }
    return relays;
  }

  private static RelayConfig entry(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be an object");
    }
    for (Iterator<String> fields = node.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(where + ": unknown field '" + field + "'");
      }
    }
    String host = text(node, "host", null);
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException(where + ": 'host' is required");
    }
    String tls = text(node, "tls", "none");
    Config.SmtpTls security;
    try {
      security = Config.SmtpTls.valueOf(tls.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": 'tls' must be none, starttls or tls");
    }
    Optional<Path> tlsCa = Optional.ofNullable(text(node, "tls_ca", null)).map(Path::of);
    Optional<String> caProblem = tlsCa.flatMap(RelayConfig::caProblem);
    if (caProblem.isPresent()) {
      throw new IllegalArgumentException(where + ": 'tls_ca': " + caProblem.get());
    }
    return new RelayConfig(
        text(node, "name", host),
        host,
        (int) number(node, "port", 25, 1, 65535, where),
        text(node, "user", ""),
        text(node, "password", ""),
        security,
        tlsCa,
        (int) number(node, "weight", 1, 1, 1000, where),
        number(node, "per_second", 0, 0, 1_000_000, where),
        number(node, "per_hour", 0, 0, 100_000_000, where),
        number(node, "per_day", 0, 0, 1_000_000_000, where));
  }

  /** Why the CA file cannot be used, or empty when it can. */
  static Optional<String> caProblem(Path file) {
    try {
      dev.tidings.delivery.TlsTrust.caFile(file);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Leaves the password out, so that the settings can be logged. */
  @Override
  public String toString() {
    return "RelayConfig[" + name + " " + host + ":" + port + " " + tls + "]";
  }

  private static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }

  private static long number(
      JsonNode node, String field, long fallback, long min, long max, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
      throw new IllegalArgumentException(
          where + ": '" + field + "' must be a number from " + min + " to " + max);
    }
    return value.asLong();
  }
}
