package dev.tidings.app;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How digests are finished for the inbox: the HTML size limit above which articles are shortened to
 * headline links ({@code TIDINGS_HTML_LIMIT}), and DKIM signing ({@code TIDINGS_DKIM_DOMAIN},
 * {@code TIDINGS_DKIM_SELECTOR}, {@code TIDINGS_DKIM_KEY_FILE}: all three or none). Immutable.
 *
 * @param dkim the signing settings, or null when messages go out unsigned
 */
public record DigestConfig(int htmlLimit, Dkim dkim) {
  public static final int DEFAULT_HTML_LIMIT =
      dev.tidings.edition.EditionRenderer.DEFAULT_HTML_LIMIT;

  /** Where and as whom messages are signed. */
  public record Dkim(String domain, String selector, Path keyFile) {}

  public Optional<Dkim> dkimSettings() {
    return Optional.ofNullable(dkim);
  }

  static DigestConfig read(ConfigReader reader) {
    int limit = reader.integer("TIDINGS_HTML_LIMIT", DEFAULT_HTML_LIMIT, 10_000, 10_000_000);
    Optional<String> domain = reader.optional("TIDINGS_DKIM_DOMAIN");
    Optional<String> selector = reader.optional("TIDINGS_DKIM_SELECTOR");
    Optional<String> keyFile = reader.optional("TIDINGS_DKIM_KEY_FILE");
    if (domain.isEmpty() && selector.isEmpty() && keyFile.isEmpty()) {
      return new DigestConfig(limit, null);
    }
    boolean complete = true;
    for (String[] variable :
        new String[][] {
          {"TIDINGS_DKIM_DOMAIN", domain.orElse(null)},
          {"TIDINGS_DKIM_SELECTOR", selector.orElse(null)},
          {"TIDINGS_DKIM_KEY_FILE", keyFile.orElse(null)}
        }) {
      if (variable[1] == null) {
        reader.fail(
            variable[0],
            "is required when any of TIDINGS_DKIM_DOMAIN, TIDINGS_DKIM_SELECTOR and"
                + " TIDINGS_DKIM_KEY_FILE is set");
        complete = false;
      }
    }
    if (domain.isPresent()
        && !domain
            .get()
            .matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
      reader.fail("TIDINGS_DKIM_DOMAIN", "must be a domain name such as example.com");
      complete = false;
    }
    if (selector.isPresent() && !selector.get().matches("(?i)[a-z0-9]([a-z0-9._-]*[a-z0-9])?")) {
      reader.fail(
          "TIDINGS_DKIM_SELECTOR", "must be a DNS label such as tidings2026 (letters, digits, -)");
      complete = false;
    }
    if (keyFile.isPresent() && !java.nio.file.Files.isReadable(Path.of(keyFile.get()))) {
      reader.fail("TIDINGS_DKIM_KEY_FILE", "names no readable file: " + keyFile.get());
      complete = false;
    }
    return new DigestConfig(
        limit, complete ? new Dkim(domain.get(), selector.get(), Path.of(keyFile.get())) : null);
  }
}
