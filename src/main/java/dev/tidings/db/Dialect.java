package dev.tidings.db;

/**
 * The one place where MySQL/MariaDB and H2 differ. Queries that must differ have an override in the
 * dialect's folder ({@code sql/mysql/} for row locking with SKIP LOCKED; see {@link SqlQueries});
 * everything else here is chosen once at start-up.
 */
public enum Dialect {
  MYSQL("sql/mysql/", "org/quartz/impl/jdbcjobstore/tables_mysql_innodb.sql"),
  H2("sql/h2/", "org/quartz/impl/jdbcjobstore/tables_h2.sql");

  private final String overrideFolder;
  private final String quartzDdl;

  Dialect(String overrideFolder, String quartzDdl) {
    this.overrideFolder = overrideFolder;
    this.quartzDdl = quartzDdl;
  }

  /** The class-path folder whose named queries replace the portable ones of the same name. */
  public String overrideFolder() {
    return overrideFolder;
  }

  /** The Quartz job-store DDL shipped inside the Quartz jar for this database. */
  public String quartzDdl() {
    return quartzDdl;
  }

  public static Dialect of(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:h2:") ? H2 : MYSQL;
  }
}
