package dev.tidings.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with Flyway: the SQL migrations under {@code db/migration} and the
 * Java migration that creates the Quartz tables from the Quartz jar's own DDL. Safe to run from
 * several processes at once (Flyway locks its history table).
 *
 * <p>A schema whose history already holds {@link #LATEST} and no failed migration is up to date:
 * Flyway is then not started at all, which saves a CLI command most of a second of scanning and
 * checksumming (the time before a manual send's first message). {@code MigrationsTest} keeps {@link
 * #LATEST} equal to the newest migration.
 */
public final class Migrations {
  /** The version of the newest migration; raise it with every new migration. */
  public static final String LATEST = "13";

  private Migrations() {}

  /** Applies pending migrations and returns how many ran. */
  public static int migrate(Database database) {
    if (upToDate(database)) {
      return 0;
    }
    MigrateResult result =
        Flyway.configure()
            .dataSource(database.dataSource())
            .locations("classpath:db/migration")
            .javaMigrations(new V2__QuartzTables(database.dialect()))
            .failOnMissingLocations(true)
            .load()
            .migrate();
    return result.migrationsExecuted;
  }

  private static boolean upToDate(Database database) {
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT SUM(CASE WHEN version = ? AND success THEN 1 ELSE 0 END),"
                    + " SUM(CASE WHEN success THEN 0 ELSE 1 END) FROM flyway_schema_history")) {
      statement.setString(1, LATEST);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() && rows.getInt(1) == 1 && rows.getInt(2) == 0;
      }
    } catch (SQLException e) {
      // No history table yet (a new database): Flyway creates it.
      return false;
    }
  }
}
