package dev.tidings.app;

import java.util.Optional;

/**
 * Where the data lives: MySQL/MariaDB at {@code TIDINGS_DB_URL} with {@code TIDINGS_DB_USER} and
 * {@code TIDINGS_DB_PASSWORD}, or the embedded H2 file database when the URL is unset; and the size
 * of the connection pool ({@code TIDINGS_DB_POOL_SIZE}). Immutable.
 *
 * @param url the JDBC URL of MySQL/MariaDB, or empty for the embedded H2 file database
 */
public record DatabaseConfig(Optional<String> url, String user, String password, int poolSize) {
  public static final int DEFAULT_POOL_SIZE = 10;

  static DatabaseConfig read(ConfigReader reader) {
    return new DatabaseConfig(
        reader.optional("TIDINGS_DB_URL"),
        reader.string("TIDINGS_DB_USER", ""),
        reader.string("TIDINGS_DB_PASSWORD", ""),
        reader.integer("TIDINGS_DB_POOL_SIZE", DEFAULT_POOL_SIZE, 2, 200));
  }

  /** Leaves the password out, so that the settings can be logged. */
  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
