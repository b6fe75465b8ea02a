package dev.tidings.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool (HikariCP) and the named queries of one database, MySQL/MariaDB or the
 * embedded H2 file. Thread-safe; {@link #transaction} and {@link #read} give each unit of work its
 * own connection.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** H2's error code for a wrong user name or password. */
  private static final int WRONG_USER_OR_PASSWORD = 28000;

  static {
    // The embedded file's server (AUTO_SERVER, for a CLI command beside a running serve) listens
    // on loopback only; H2 reads this once, when its first class loads, which is after this one.
    if (System.getProperty("h2.bindAddress") == null) {
      System.setProperty("h2.bindAddress", "127.0.0.1");
    }
  }

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final SqlQueries queries;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.queries = SqlQueries.load(dialect);
  }

  /** A unit of work on one connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Opens a pool on {@code jdbcUrl}; with a null URL, the embedded H2 file under {@code dataDir},
   * as user {@code sa} with {@code password} (a file made before it had one, with the empty
   * password of old, is given it). Fails with a one-line message when the database cannot be
   * reached.
   */
  public static Database open(
      String jdbcUrl, String user, String password, int poolSize, Path dataDir) {
    HikariConfig hikari = new HikariConfig();
    String url = jdbcUrl;
    if (url == null) {
      url = embeddedUrl(dataDir);
      adoptPassword(url, password);
      hikari.setUsername("sa");
      hikari.setPassword(password);
    } else {
      hikari.setUsername(user);
      hikari.setPassword(password);
      // Statement cache and batch rewriting: fan-out and acks are batched statements.
      hikari.addDataSourceProperty("cachePrepStmts", "true");
      hikari.addDataSourceProperty("prepStmtCacheSize", "250");
      hikari.addDataSourceProperty("prepStmtCacheSqlLimit", "2048");
      hikari.addDataSourceProperty("useServerPrepStmts", "false");
      hikari.addDataSourceProperty("rewriteBatchedStatements", "true");
      hikari.addDataSourceProperty("characterEncoding", "UTF-8");
      hikari.addDataSourceProperty("connectionCollation", "utf8mb4_unicode_ci");
      hikari.addDataSourceProperty("tcpKeepAlive", "true");
      hikari.addDataSourceProperty("allowPublicKeyRetrieval", "true");
      // Claims and acks touch disjoint rows by primary key; READ COMMITTED takes no gap locks,
      // which keeps concurrent claimers and ack writers from deadlocking each other.
      hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    }
    hikari.setJdbcUrl(url);
    hikari.setMaximumPoolSize(poolSize);
    hikari.setMinimumIdle(1);
    hikari.setPoolName("tidings");
    hikari.setConnectionTimeout(10_000);
    hikari.setInitializationFailTimeout(10_000);
    try {
      return new Database(new HikariDataSource(hikari), Dialect.of(url));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to the database at " + redact(url) + ": " + rootMessage(e), e);
    }
  }

  /**
   * The JDBC URL of the embedded H2 file in {@code dataDir}. MySQL mode keeps the SQL files
   * portable; AUTO_SERVER lets a CLI command and a running {@code tidings serve} share the file.
   * Its server listens on loopback and takes only those who know the key in the lock file and the
   * password, both in the owner's private data folder. H2 writes no trace file (errors reach the
   * log), so the folder holds nothing that was made after it was checked.
   */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().normalize().resolve("tidings")
        + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE"
        + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000;TRACE_LEVEL_FILE=0";
  }

  /**
   * Gives an embedded file made before Tidings set a password (user sa, empty password) this {@code
   * password}. Any other failure is left for the pool to report.
   */
  private static void adoptPassword(String url, String password) {
    if (password.isEmpty() || !password.matches("[0-9A-Za-z]+")) {
      throw new IllegalArgumentException(
          "the embedded database password must be letters and digits");
    }
    try (Connection ignored = DriverManager.getConnection(url, "sa", password)) {
      return;
    } catch (SQLException e) {
      if (e.getErrorCode() != WRONG_USER_OR_PASSWORD) {
        return;
      }
    }
    try (Connection old = DriverManager.getConnection(url, "sa", "");
        Statement statement = old.createStatement()) {
      statement.execute("ALTER USER SA SET PASSWORD '" + password + "'");
      LOG.warn("the embedded database had no password; it now has the one in the data folder");
    } catch (SQLException e) {
      LOG.debug("the embedded database takes neither its password nor none", e);
    }
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  public SqlQueries queries() {
    return queries;
  }

  /** The SQL of a named query. */
  public String sql(String name) {
    return queries.get(name);
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
   */
  public <T> T transaction(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  /** Runs {@code work} on a connection in auto-commit mode. */
  public <T> T read(Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new DataAccessException(e);
    }
  }

  /** Checks every named query against the schema (call after migrations). */
  public void verifyQueries() {
    read(
        connection -> {
          queries.verify(connection);
          return null;
        });
  }

  @Override
  public void close() {
    dataSource.close();
  }

  /** The JDBC URL without credentials, for messages. */
  public static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message.split("\n")[0];
  }
}
