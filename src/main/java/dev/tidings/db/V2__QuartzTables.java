package dev.tidings.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Creates the Quartz JDBC job-store tables from the DDL inside the Quartz jar, so the schema always
 * matches the Quartz version on the class path and is never copied into this repository.
 */
public final class V2__QuartzTables extends BaseJavaMigration {
  private final Dialect dialect;

  public V2__QuartzTables(Dialect dialect) {
    this.dialect = dialect;
  }

  @Override
  public String getDescription() {
    return "Quartz tables from " + dialect.quartzDdl();
  }

  @Override
  public void migrate(Context context) throws Exception {
    try (Statement statement = context.getConnection().createStatement()) {
      for (String sql : statements(readDdl())) {
        statement.execute(sql);
      }
    }
  }

  private String readDdl() throws IOException {
    try (InputStream in =
        V2__QuartzTables.class.getClassLoader().getResourceAsStream(dialect.quartzDdl())) {
      if (in == null) {
        throw new IllegalStateException(
            "the Quartz jar on the class path has no " + dialect.quartzDdl());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Splits the script into statements, dropping comments, transaction control and drops. */
  static List<String> statements(String script) {
    StringBuilder kept = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.trim();
      if (!trimmed.startsWith("#") && !trimmed.startsWith("--")) {
        kept.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String part : kept.toString().split(";")) {
      String sql = part.trim();
      String upper = sql.toUpperCase(Locale.ROOT);
      if (sql.isEmpty() || upper.equals("COMMIT") || upper.startsWith("DROP TABLE")) {
        continue;
      }
      statements.add(sql);
    }
    return statements;
  }
}
