package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * MariaDB is shut down and started again in the middle of a send: sending pauses (acks are kept,
 * the in-flight limit stops new messages), then resumes on the same process, and every message
 * arrives, counted by Message-ID at the server.
 */
@Tag("mariadb")
@Tag("process")
class DatabaseRestartTest {
  private static final int SUBSCRIBERS = 5000;

  @Test
  void databaseRestartMidSend_pausesAndResumes_losingNothing() throws Exception {
    try (PrivateMariaDb mariadb = PrivateMariaDb.install();
        FaultySmtpServer server = new FaultySmtpServer()) {
      try (Connection connection = DriverManager.getConnection(mariadb.url(""), "root", "");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE tidings CHARACTER SET utf8mb4");
      }
      try (Harness harness =
          Harness.start(
              TestDatabase.Kind.MARIADB,
              Map.of(
                  "TIDINGS_DB_URL",
                  mariadb.url("tidings"),
                  "TIDINGS_DB_USER",
                  "root",
                  "TIDINGS_DB_PASSWORD",
                  "",
                  "TIDINGS_SMTP_PORT",
                  String.valueOf(server.port())))) {
        harness.clock.runLive();
        Edition edition = harness.bulkEdition(harness.newsletter("weekly"), SUBSCRIBERS);
        Thread sender = new Thread(() -> harness.tidings.engine().runEdition(edition.id()));
        sender.start();

        while (server.acceptedCount() < 1000 && sender.isAlive()) {
          Thread.sleep(10);
        }
        mariadb.stop();
        int acceptedWhileDown = server.acceptedCount();
        Thread.sleep(3000);
        int acceptedAfterPause = server.acceptedCount();
        mariadb.start();
        sender.join(Duration.ofSeconds(180).toMillis());

        assertThat(sender.isAlive()).as("the send finished").isFalse();
        assertThat(acceptedAfterPause - acceptedWhileDown)
            .as("sending paused while the database was down")
            .isLessThanOrEqualTo(64);
        Harness.Tally tally = harness.tally(server, edition, SUBSCRIBERS);
        System.out.printf(
            "database restart: %d accepted, %d missing, %d duplicates%n",
            server.acceptedCount(), tally.missing(), tally.duplicates());
        assertThat(tally.missing()).isZero();
        assertThat(tally.duplicates()).isLessThanOrEqualTo(32);
        assertThat(harness.tidings.editions().progress(edition.id()).sent()).isEqualTo(SUBSCRIBERS);
        assertThat(harness.tidings.editions().byId(edition.id()).status())
            .isEqualTo(Edition.Status.SENT);
      }
    }
  }
}
