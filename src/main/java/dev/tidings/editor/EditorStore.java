package dev.tidings.editor;

import dev.tidings.InvalidInputException;
import dev.tidings.OneLine;
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
  // "aaaaaaaaaa", "abababababab", "1212121212" are long enough and no password.
  private static final int MIN_DISTINCT_CHARACTERS = 5;
  // bcrypt reads at most 72 bytes; a longer password would be silently cut.
  private static final int MAX_PASSWORD_BYTES = 72;

  /**
   * Compared against when the address is unknown, at the cost of a real hash (made once, of a fixed
   * text, with cost {@value #BCRYPT_COST}), so that a miss takes as long as a hit and the time of a
   * login tells nothing about which editors exist. Its result is never used. A constant, so that no
   * first miss pays for making it.
   */
  private static final String UNKNOWN_ADDRESS_HASH =
      "$2a$12$5ZEeNlrcoc/2inUDyVUD4OGVDOSas0.hMyeaJNAoIxXhk1kqy4LS.";

  /** The hash an unknown address is checked against (for tests of its cost). */
  static String unknownAddressHash() {
    return UNKNOWN_ADDRESS_HASH;
  }

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
    if (name != null && (name.length() > 200 || !OneLine.is(name))) {
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

  /** Sets a new password and ends every session of the editor. */
  public void setPassword(long editorId, String password) {
    checkPassword(password);
    String hash = BCrypt.hashpw(password, BCrypt.gensalt(BCRYPT_COST));
    int changed =
        database.transaction(
            connection -> {
              Jdbc.update(connection, database.sql("delete-editor-sessions"), editorId);
              return Jdbc.update(connection, database.sql("set-editor-password"), hash, editorId);
            });
    if (changed != 1) {
      throw new IllegalStateException("editor " + editorId + " vanished while changing password");
    }
  }

  /** The editor with this address and password; empty for a wrong pair (same cost either way). */
  public Optional<Editor> authenticate(String email, String password) {
    if (email == null || password == null) {
      return Optional.empty();
    }
    String key = loginKey(email);
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
            && BCrypt.checkpw(password, stored.map(Stored::hash).orElse(UNKNOWN_ADDRESS_HASH));
    if (stored.isEmpty() || !matches) {
      return Optional.empty();
    }
    return Optional.of(stored.get().editor());
  }

  /**
   * The address a login looks up, and so the one its attempts are counted under: lower case, the
   * domain in IDNA form (a fullwidth letter, a soft hyphen or an ideographic full stop in it name
   * the same editor). An address that cannot be normalized is used as typed, in lower case.
   */
  public static String loginKey(String email) {
    try {
      return EmailAddress.normalize(email);
    } catch (RuntimeException e) {
      return email.trim().toLowerCase(java.util.Locale.ROOT);
    }
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

  static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      throw new InvalidInputException(
          "password", "a password needs at least " + MIN_PASSWORD_LENGTH + " characters");
    }
    if (password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      throw new InvalidInputException(
          "password", "a password may have at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt)");
    }
    if (password.codePoints().distinct().count() < MIN_DISTINCT_CHARACTERS || isRun(password)) {
      throw new InvalidInputException(
          "password",
          "that password is too easy to guess: use a few unrelated words, or a password manager");
    }
    String lower = password.toLowerCase(java.util.Locale.ROOT);
    if (Common.PASSWORDS.contains(lower)
        || Common.PASSWORDS.contains(lower.replaceFirst("[0-9!.]+$", ""))) {
      throw new InvalidInputException(
          "password",
          "that password is on the lists attackers try first: use a few unrelated words, or a"
              + " password manager");
    }
  }

  /** A run of neighbouring characters such as 1234567890 or abcdefghij, either way. */
  private static boolean isRun(String password) {
    int[] points = password.codePoints().toArray();
    int step = points[1] - points[0];
    if (Math.abs(step) != 1) {
      return false;
    }
    for (int i = 2; i < points.length; i++) {
      if (points[i] - points[i - 1] != step) {
        return false;
      }
    }
    return true;
  }

  /** The deny list of {@code editor/common-passwords.txt}, read once. */
  private static final class Common {
    static final java.util.Set<String> PASSWORDS = read();

    private static java.util.Set<String> read() {
      try (java.io.InputStream in =
          EditorStore.class.getResourceAsStream("/editor/common-passwords.txt")) {
        if (in == null) {
          throw new IllegalStateException("editor/common-passwords.txt is missing from the jar");
        }
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            .lines()
            .map(String::trim)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
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
