package dev.tidings.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Small JDBC helpers shared by the stores. Instants are stored as UTC {@code DATETIME(3)} through
 * {@link LocalDateTime}, which neither H2 nor Connector/J shifts by a time zone, so every process
 * reads back the instant it wrote whatever its own zone.
 */
public final class Jdbc {
  private Jdbc() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  public static int update(Connection connection, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      return statement.executeUpdate();
    }
  }

  /** Runs an insert and returns its generated key. */
  public static long insert(Connection connection, String sql, Object... params)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
      bind(statement, params);
      statement.executeUpdate();
      try (ResultSet keys = statement.getGeneratedKeys()) {
        if (!keys.next()) {
          throw new SQLException("insert returned no generated key: " + firstLine(sql));
        }
        return keys.getLong(1);
      }
    }
  }

  public static <T> List<T> query(
      Connection connection, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, params);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> result = new ArrayList<>();
        while (rows.next()) {
          result.add(mapper.map(rows));
        }
        return result;
      }
    }
  }

  public static <T> Optional<T> queryOne(
      Connection connection, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    List<T> rows = query(connection, sql, mapper, params);
    if (rows.size() > 1) {
      throw new SQLException(
          "expected at most one row, got " + rows.size() + ": " + firstLine(sql));
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public static long count(Connection connection, String sql, Object... params)
      throws SQLException {
    return queryOne(connection, sql, row -> row.getLong(1), params).orElse(0L);
  }

  /** Binds parameters, converting instants to UTC local date-times and enums to lower case. */
  public static void bind(PreparedStatement statement, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object value = params[i];
      if (value instanceof Optional<?>) {
        value = ((Optional<?>) value).orElse(null);
      }
      bindAt(statement, i + 1, value);
    }
  }

  private static void bindAt(PreparedStatement statement, int index, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof Instant) {
      // As text: Connector/J reads MariaDB's "5.5.5-10.x" version as 5.5 and would drop the
      // milliseconds of a LocalDateTime; a literal keeps them on both databases.
      statement.setString(index, MILLIS.format(utc((Instant) value)));
    } else if (value instanceof Enum<?>) {
      statement.setString(index, ((Enum<?>) value).name().toLowerCase(Locale.ROOT));
    } else {
      statement.setObject(index, value);
    }
  }

  private static final java.time.format.DateTimeFormatter MILLIS =
      java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

  public static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** Reads a UTC date-time column as an instant; null stays null. */
  public static Instant instant(ResultSet row, String column) throws SQLException {
    LocalDateTime value = row.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  /** Reads a nullable long column. */
  public static Long nullableLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }

  private static String firstLine(String sql) {
    int newline = sql.indexOf('\n');
    return newline < 0 ? sql : sql.substring(0, newline);
  }
}
