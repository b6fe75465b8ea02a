package dev.tidings.db;

import com.mysql.cj.jdbc.JdbcConnection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Named SQL blocks loaded from {@code src/main/resources/sql/<aggregate>.sql}. A block starts with
 * {@code -- name: some-query} and runs to the next such line. A dialect may replace a block by
 * declaring the same name in its override folder ({@link Dialect#overrideFolder()}).
 *
 * <p>Loaded once and immutable, so safe to share between threads. {@link #verify(Connection)}
 * prepares every query against the live schema at start-up, so a broken query stops the start with
 * its name rather than failing in the middle of a send.
 */
public final class SqlQueries {
  /** Every aggregate file; each must exist. */
  static final List<String> AGGREGATES =
      List.of(
          "newsletters",
          "subscribers",
          "articles",
          "feeds",
          "editions",
          "deliveries",
          "bounces",
          "health",
          "editors",
          "admin");

  private static final Pattern NAME = Pattern.compile("^--\\s*name:\\s*([a-z0-9-]+)\\s*$");

  private final Map<String, String> queries;
  private final Dialect dialect;

  private SqlQueries(Map<String, String> queries, Dialect dialect) {
    this.queries = Collections.unmodifiableMap(queries);
    this.dialect = dialect;
  }

  /** Queries given by name, e.g. for a test of {@link #verify}. */
  static SqlQueries of(Map<String, String> queries, Dialect dialect) {
    return new SqlQueries(new LinkedHashMap<>(queries), dialect);
  }

  /** Loads all aggregates for {@code dialect}, failing with the file or block at fault. */
  public static SqlQueries load(Dialect dialect) {
    Map<String, String> queries = new LinkedHashMap<>();
    for (String aggregate : AGGREGATES) {
      String portable = "sql/" + aggregate + ".sql";
      String text = read(portable);
      if (text == null) {
        throw new IllegalStateException("SQL file missing from the class path: " + portable);
      }
      parse(portable, text, queries, false);
      String override = read(dialect.overrideFolder() + aggregate + ".sql");
      if (override != null) {
        parse(dialect.overrideFolder() + aggregate + ".sql", override, queries, true);
      }
    }
    return new SqlQueries(queries, dialect);
  }

  /**
   * The SQL of {@code name}.
   *
   * @throws IllegalStateException naming the query when it does not exist
   */
  public String get(String name) {
    String sql = queries.get(name);
    if (sql == null) {
      throw new IllegalStateException("no SQL query named '" + name + "' in sql/*.sql");
    }
    return sql;
  }

  /**
   * Expands the {@code /*list*}{@code / ?} marker of a query into {@code count} placeholders, for
   * {@code IN} lists of known length.
   */
  public static String expandList(String sql, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("an IN list needs at least one value");
    }
    String marker = "/*list*/ ?";
    int at = sql.indexOf(marker);
    if (at < 0) {
      throw new IllegalStateException("query has no /*list*/ marker: " + sql);
    }
    return sql.substring(0, at)
        + "?,".repeat(count - 1)
        + "?"
        + sql.substring(at + marker.length());
  }

  /**
   * Expands the {@code /*cases*}{@code / WHEN ? THEN ?} marker of a query into {@code count}
   * WHEN/THEN pairs, for CASE expressions of known length.
   */
  public static String expandCases(String sql, int count) {
    String marker = "/*cases*/ WHEN ? THEN ?";
    int at = sql.indexOf(marker);
    if (at < 0 || count < 1) {
      throw new IllegalStateException("query has no /*cases*/ marker or no case: " + sql);
    }
    return sql.substring(0, at)
        + " WHEN ? THEN ?".repeat(count)
        + sql.substring(at + marker.length());
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Prepares every query against the schema; the first broken one fails with its name. */
  public void verify(Connection connection) {
    JdbcConnection mysql = null;
    if (dialect != Dialect.H2) {
      try {
        mysql = connection.unwrap(JdbcConnection.class);
      } catch (SQLException e) {
        throw new IllegalStateException("not a MySQL Connector/J connection: " + e.getMessage(), e);
      }
    }
    for (Map.Entry<String, String> query : queries.entrySet()) {
      try {
        if (mysql == null) {
          // H2 parses and resolves tables and columns when a statement is prepared.
          connection.prepareStatement(query.getValue()).close();
        } else {
          // Connector/J prepares on the client; a server-side prepare makes the server parse the
          // statement and resolve its tables and columns, in one round trip (closing it sends a
          // packet that has no reply). Every command starts with this check.
          mysql.serverPrepareStatement(query.getValue()).close();
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "SQL query '" + query.getKey() + "' is broken: " + e.getMessage(), e);
      }
    }
  }

  private static void parse(
      String file, String text, Map<String, String> into, boolean overriding) {
    String name = null;
    StringBuilder body = new StringBuilder();
    int lineNumber = 0;
    for (String line : text.split("\n", -1)) {
      lineNumber++;
      Matcher matcher = NAME.matcher(line.trim());
      if (matcher.matches()) {
        store(file, name, body, into, overriding);
        name = matcher.group(1);
        body.setLength(0);
      } else if (name == null && !line.isBlank() && !line.trim().startsWith("--")) {
        throw new IllegalStateException(file + ":" + lineNumber + ": SQL before any '-- name:'");
      } else if (name != null) {
        body.append(line).append('\n');
      }
    }
    store(file, name, body, into, overriding);
  }

  private static void store(
      String file, String name, StringBuilder body, Map<String, String> into, boolean overriding) {
    if (name == null) {
      return;
    }
    String sql = stripComments(body.toString()).trim();
    if (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).trim();
    }
    if (sql.isEmpty()) {
      throw new IllegalStateException(file + ": query '" + name + "' is empty");
    }
    if (!overriding && into.containsKey(name)) {
      throw new IllegalStateException(file + ": query '" + name + "' is declared twice");
    }
    if (overriding && !into.containsKey(name)) {
      throw new IllegalStateException(file + ": overrides unknown query '" + name + "'");
    }
    into.put(name, sql);
  }

  private static String stripComments(String sql) {
    StringBuilder kept = new StringBuilder();
    for (String line : sql.split("\n")) {
      if (!line.trim().startsWith("--")) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  private static String read(String resource) {
    try (InputStream in = SqlQueries.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }
}
