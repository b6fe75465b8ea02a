package dev.tidings.db;

import java.sql.SQLException;

/** An unchecked wrapper for a failed database call; its message is the driver's first line. */
public final class DataAccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataAccessException(SQLException cause) {
    super("database error: " + Database.rootMessage(cause), cause);
  }

  public DataAccessException(String message) {
    super(message);
  }

  /** The SQL state of the underlying error, or empty. */
  public String sqlState() {
    return getCause() instanceof SQLException && ((SQLException) getCause()).getSQLState() != null
        ? ((SQLException) getCause()).getSQLState()
        : "";
  }

  /** True when the failure is a unique-key violation (SQL state class 23). */
  public boolean isDuplicateKey() {
    return sqlState().startsWith("23");
  }
}
