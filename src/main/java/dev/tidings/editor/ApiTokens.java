package dev.tidings.editor;

import dev.tidings.InvalidInputException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens of the REST API. The token is shown once at creation; only its SHA-256 hash and a
 * short prefix (to recognise it in lists) are stored. Thread-safe.
 */
public final class ApiTokens {
  /** Marks Tidings tokens, so secret scanners and people can tell them apart. */
  public static final String PREFIX = "tid_";

  private final Database database;
  private final Clock clock;

  public ApiTokens(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A stored token, without its secret. */
  public record ApiToken(
      long id,
      String name,
      String prefix,
      Editor.Role role,
      String createdBy,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {}

  /** A new token: the secret is only here, never stored. */
  public record Created(ApiToken token, String secret) {}

  public Created create(String name, Editor.Role role, String createdBy) {
    if (name == null || name.isBlank() || name.length() > 100) {
      throw new InvalidInputException("name", "a token needs a name of 1 to 100 characters");
    }
    String secret = PREFIX + Secrets.random();
    String prefix = secret.substring(0, 10);
    long id =
        database.transaction(
            connection ->
                Jdbc.insert(
                    connection,
                    database.sql("insert-api-token"),
                    name.trim(),
                    Secrets.hash(secret),
                    prefix,
                    role,
                    createdBy,
                    clock.instant()));
    ApiToken token =
        list().stream().filter(candidate -> candidate.id() == id).findFirst().orElseThrow();
    return new Created(token, secret);
  }

  /** The live token with this secret, marking it used. */
  public Optional<ApiToken> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
      return Optional.empty();
    }
    Optional<ApiToken> token =
        database.read(
            connection ->
                Jdbc.queryOne(
                    connection,
                    database.sql("api-token-by-hash"),
                    ApiTokens::map,
                    Secrets.hash(secret)));
    token.ifPresent(
        found ->
            database.transaction(
                connection ->
                    Jdbc.update(
                        connection, database.sql("api-token-used"), clock.instant(), found.id())));
    return token;
  }

  public List<ApiToken> list() {
    return database.read(
        connection -> Jdbc.query(connection, database.sql("list-api-tokens"), ApiTokens::map));
  }

  /** Revokes a token; false when there is no such live token. */
  public boolean revoke(long id) {
    return database.transaction(
            connection ->
                Jdbc.update(connection, database.sql("revoke-api-token"), clock.instant(), id))
        == 1;
  }

  private static ApiToken map(ResultSet row) throws SQLException {
    return new ApiToken(
        row.getLong("id"),
        row.getString("name"),
        row.getString("prefix"),
        Editor.Role.of(row.getString("role")),
        row.getString("created_by"),
        Jdbc.instant(row, "created_at"),
        Jdbc.instant(row, "last_used_at"),
        Jdbc.instant(row, "revoked_at"));
  }
}
