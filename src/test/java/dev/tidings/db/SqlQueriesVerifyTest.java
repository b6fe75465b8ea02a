package dev.tidings.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The start-up check of the named queries: every shipped query passes against the migrated schema,
 * and a query that names a missing column stops start-up with the query's name, on both databases.
 */
class SqlQueriesVerifyTest {

  @Test
  @Tag("mariadb")
  void mariaDb() throws Exception {
    check(TestDatabase.Kind.MARIADB);
  }

  @Test
  void h2() throws Exception {
    check(TestDatabase.Kind.H2);
  }

  private static void check(TestDatabase.Kind kind) throws Exception {
    try (TestDatabase test = TestDatabase.create(kind)) {
      Map<String, String> variables = test.variables();
      try (Database database =
          Database.open(
              variables.get("TIDINGS_DB_URL"),
              variables.get("TIDINGS_DB_USER"),
              kind == TestDatabase.Kind.H2 ? "testpassword" : variables.get("TIDINGS_DB_PASSWORD"),
              2,
              test.dataDir())) {
        Migrations.migrate(database);
        database.verifyQueries();

        SqlQueries broken =
            SqlQueries.of(
                Map.of(
                    "sound", "SELECT id, slug FROM newsletters WHERE id = ?",
                    "misspelt", "SELECT id, slgu FROM newsletters WHERE id = ?"),
                database.dialect());
        assertThatThrownBy(
                () ->
                    database.read(
                        connection -> {
                          broken.verify(connection);
                          return null;
                        }))
            .hasMessageContaining("'misspelt' is broken")
            .hasMessageContaining("slgu");
        SqlQueries sound =
            SqlQueries.of(
                Map.of("sound", "SELECT id, slug FROM newsletters WHERE id = ?"),
                database.dialect());
        assertThat(
                database.<Boolean>read(
                    connection -> {
                      sound.verify(connection);
                      return true;
                    }))
            .isTrue();
      }
    }
  }
}
