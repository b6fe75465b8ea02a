package dev.tidings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fresh, empty database for one test: a new schema on the MariaDB/MySQL server named by
 * TIDINGS_TEST_MYSQL_URL/USER/PASSWORD (the test command's private server; 127.0.0.1:3306, root, no
 * password when unset), or a new H2 file in a temporary folder. Dropped on close.
 */
public final class TestDatabase implements AutoCloseable {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private final Kind kind;
  private final String name;
  private final Path dataDir;

  /** Which database a test runs on. */
  public enum Kind {
    MARIADB,
    H2
  }

  private TestDatabase(Kind kind, String name, Path dataDir) {
    this.kind = kind;
    this.name = name;
    this.dataDir = dataDir;
  }

  public static TestDatabase create(Kind kind) throws Exception {
    Path dataDir = Files.createTempDirectory("tidings-test-");
    String name = "tidings_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    if (kind == Kind.MARIADB) {
      try (Connection connection = server();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
      }
    }
    return new TestDatabase(kind, name, dataDir);
  }

  public Kind kind() {
    return kind;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The configuration variables that point Tidings at this database. */
  public Map<String, String> variables() {
    Map<String, String> variables = new HashMap<>();
    variables.put("TIDINGS_DATA_DIR", dataDir.toString());
    if (kind == Kind.MARIADB) {
      variables.put("TIDINGS_DB_URL", serverUrl() + name);
      variables.put("TIDINGS_DB_USER", user());
      variables.put("TIDINGS_DB_PASSWORD", password());
    }
    return variables;
  }

  private static String serverUrl() {
    return System.getenv().getOrDefault("TIDINGS_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/");
  }

  private static String user() {
    return System.getenv().getOrDefault("TIDINGS_TEST_MYSQL_USER", "root");
  }

  private static String password() {
    return System.getenv().getOrDefault("TIDINGS_TEST_MYSQL_PASSWORD", "");
  }

  private static Connection server() throws SQLException {
    return DriverManager.getConnection(serverUrl(), user(), password());
  }

  @Override
  public void close() throws Exception {
    if (kind == Kind.MARIADB) {
      try (Connection connection = server();
          Statement statement = connection.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name);
      }
    }
  }
}
