package dev.tidings.editor;

import dev.tidings.InvalidInputException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import dev.tidings.subscriber.EmailAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Editors, their passwords (bcrypt, cost {@value #BCRYPT_COST}) and their login sessions. Session
 * ids are random and stored hashed. Thread-safe.
 */
public final class EditorStore {
  static final int BCRYPT_COST = 12;
  public static final int MIN_PASSWORD_LENGTH = 10;
  // bcrypt reads at most 72 bytes; a longer password would be silently cut.
  private static final int MAX_PASSWORD_BYTES = 72;

  /** Compared against when the address is unknown, so a miss costs as much time as a hit. */
  private static final String DUMMY_HASH = BCrypt.hashpw("no such editor", BCrypt.gensalt(4));

  private final Database database;
  private final Clock clock;

  public EditorStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Adds an editor; the address must be new and the password long enough. */
  public Editor add(String email, String name, String password, Editor.Role role) {
    String normalized = normalizedEmail(email);
    checkPassword(password);
    if (name != null && (name.length() > 200 || name.chars().anyMatch(c -> c < 0x20))) {
      throw new InvalidInputException("name", "a name is one line of at most 200 characters");
    }
    if (find(normalized).isPresent()) {
      throw new InvalidInputException("email", "there is already an editor " + normalized);
    }
    String hash = BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST));
    long id =
        database.transaction(
            connection ->
                Jdbc.insert(
                    connection,
                    database.sql("insert-editor"),
                    normalized,
                    name == null || name.isBlank() ? null : name.trim(),
                    hash,
                    role,
                    clock.instant()));
    return byId(id).orElseThrow();
  }

  public void setPassword(long editorId, String password) {
    checkPassword(password);
    String hash = BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST));
    int changed =
        database.transaction(
            connection ->
                Jdbc.update(connection, database.sql("set-editor-password"), hash, editorId));
    if (changed != 1) {
      throw new IllegalStateException("editor " + editorId + " vanished while changing password");
    }
  }

  /** The editor with this address and password; empty for a wrong pair (same cost either way). */
  public Optional<Editor> authenticate(String email, String password) {
    if (email == null || password == null) {
      return Optional.empty();
    }
    String normalized;
    try {
      normalized = EmailAddress.normalize(email);
    } catch (RuntimeException e) {
      normalized = email;
    }
    String key = normalized;
    Optional<Stored> stored =
        database.read(
            connection ->
                Jdbc.queryOne(
                    connection,
                    database.sql("editor-by-email"),
                    row -> new Stored(map(row), row.getString("password_hash")),
                    key));
    byte[] bytes = password.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    boolean matches =
        bytes.length <= MAX_PASSWORD_BYTES
            && BCrypt.checkpw(password, stored.map(Stored::hash).orElse(DUMMY_HASH));
    if (stored.isEmpty() || !matches) {
      return Optional.empty();
    }
    return Optional.of(stored.get().editor());
  }

  private record Stored(Editor editor, String hash) {}

  public Optional<Editor> find(String email) {
    return database.read(
        connection ->
            Jdbc.queryOne(connection, database.sql("editor-by-email"), EditorStore::map, email));
  }

  public Optional<Editor> byId(long id) {
    return database.read(
        connection ->
            Jdbc.queryOne(connection, database.sql("editor-by-id"), EditorStore::map, id));
  }

  public List<Editor> list() {
    return database.read(
        connection -> Jdbc.query(connection, database.sql("list-editors"), EditorStore::map));
  }

  public long count() {
    return database.read(connection -> Jdbc.count(connection, database.sql("count-editors")));
  }

  /** Starts a session for {@code editor}; returns the secret id for the cookie. */
  public String startSession(Editor editor, Duration ttl) {
    String id = Secrets.random();
    Instant now = clock.instant();
    database.transaction(
        connection -> {
          Jdbc.update(connection, database.sql("delete-expired-sessions"), now);
          Jdbc.update(
              connection,
              database.sql("insert-session"),
              Secrets.hash(id),
              editor.id(),
              now,
              now.plus(ttl));
          Jdbc.update(connection, database.sql("editor-logged-in"), now, editor.id());
          return null;
        });
    return id;
  }

  /** The editor of a live session. */
  public Optional<Editor> session(String sessionId) {
    if (sessionId == null || sessionId.isEmpty() || sessionId.length() > 100) {
      return Optional.empty();
    }
    return database.read(
        connection ->
            Jdbc.queryOne(
                connection,
                database.sql("session-editor"),
                EditorStore::map,
                Secrets.hash(sessionId),
                clock.instant()));
  }

  public void endSession(String sessionId) {
    if (sessionId != null) {
      database.transaction(
          connection ->
              Jdbc.update(connection, database.sql("delete-session"), Secrets.hash(sessionId)));
    }
  }

  private static String normalizedEmail(String email) {
    if (email == null || !EmailAddress.isValid(email)) {
      throw new InvalidInputException("email", "'" + email + "' is not a valid email address");
    }
    return EmailAddress.normalize(email);
  }

  private static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new InvalidInputException(
          "password", "a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new InvalidInputException(
          "password", "a password may have at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt)");
    }
  }

  static Editor map(ResultSet row) throws SQLException {
    return new Editor(
        row.getLong("id"),
        row.getString("email"),
        row.getString("name"),
        Editor.Role.of(row.getString("role")),
        Jdbc.instant(row, "created_at"),
        Jdbc.instant(row, "last_login_at"));
  }
}
