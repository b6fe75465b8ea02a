package dev.tidings.app;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code TIDINGS_*} variables into typed values, collecting every problem before failing.
 * Each area of the configuration ({@link Config} and the records it holds) parses its own variables
 * through one of these, so that a bad setup is reported in one message.
 */
final class ConfigReader {
  private final Map<String, String> variables;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Object> resolved = new java.util.LinkedHashMap<>();

  ConfigReader(Map<String, String> variables) {
    this.variables = variables;
  }

  String string(String name, String fallback) {
    return seen(name, stringRaw(name, fallback));
  }

  int integer(String name, int fallback, int min, int max) {
    return seen(name, integerRaw(name, fallback, min, max));
  }

  long longValue(String name, long fallback) {
    return seen(name, longValueRaw(name, fallback));
  }

  boolean bool(String name, boolean fallback) {
    return seen(name, boolRaw(name, fallback));
  }

  Duration duration(String name, Duration fallback) {
    return seen(name, durationRaw(name, fallback));
  }

  <E extends Enum<E>> E choice(String name, Class<E> type, E fallback) {
    return seen(name, choiceRaw(name, type, fallback));
  }

  URI url(String name, String fallback) {
    return seen(name, urlRaw(name, fallback));
  }

  /**
   * Every variable read with a default, and the value it resolved to, in reading order: what the
   * configuration docs and {@code .env.example} are checked against.
   */
  Map<String, Object> resolved() {
    return java.util.Collections.unmodifiableMap(resolved);
  }

  private <T> T seen(String name, T value) {
    resolved.put(name, value);
    return value;
  }

  Optional<String> optional(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private String stringRaw(String name, String fallback) {
    return optional(name).orElse(fallback);
  }

  private int integerRaw(String name, int fallback, int min, int max) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.get());
      if (value < min || value > max) {
        fail(name, "must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      fail(name, "must be a whole number, got '" + raw.get() + "'");
      return fallback;
    }
  }

  private long longValueRaw(String name, long fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw.get());
      if (value < 0) {
        fail(name, "must be 0 (no limit) or more, got " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      fail(name, "must be a whole number, got '" + raw.get() + "'");
      return fallback;
    }
  }

  private boolean boolRaw(String name, boolean fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    switch (raw.get().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        fail(name, "must be true or false, got '" + raw.get() + "'");
        return fallback;
    }
  }

  private Duration durationRaw(String name, Duration fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    try {
      return Durations.parse(raw.get());
    } catch (IllegalArgumentException e) {
      fail(name, e.getMessage());
      return fallback;
    }
  }

  private <E extends Enum<E>> E choiceRaw(String name, Class<E> type, E fallback) {
    Optional<String> raw = optional(name);
    if (raw.isEmpty()) {
      return fallback;
    }
    for (E option : type.getEnumConstants()) {
      if (option.name().equalsIgnoreCase(raw.get())) {
        return option;
      }
    }
    List<String> names = new ArrayList<>();
    for (E option : type.getEnumConstants()) {
      names.add(option.name().toLowerCase(Locale.ROOT));
    }
    fail(name, "must be one of " + String.join(", ", names) + ", got '" + raw.get() + "'");
    return fallback;
  }

  private URI urlRaw(String name, String fallback) {
    String raw = string(name, fallback);
    try {
      URI uri = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        fail(name, "must be an http(s) URL such as https://news.example.com, got '" + raw + "'");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      fail(name, "is not a valid URL: " + e.getMessage());
      return URI.create(fallback);
    }
  }

  void fail(String name, String problem) {
    problems.add(name + " " + problem);
  }

  void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new Config.ConfigException("invalid configuration: " + String.join("; ", problems));
    }
  }
}
