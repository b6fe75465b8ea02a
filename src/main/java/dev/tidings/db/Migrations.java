package dev.tidings.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the schema up to date with Flyway: the SQL migrations under {@code db/migration} and the
 * Java migration that creates the Quartz tables from the Quartz jar's own DDL. Safe to run from
 * several processes at once (Flyway locks its history table).
 */
public final class Migrations {
  private Migrations() {}

  /** Applies pending migrations and returns how many ran. */
  public static int migrate(Database database) {
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
}
