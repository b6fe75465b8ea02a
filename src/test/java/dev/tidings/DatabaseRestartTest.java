package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.SubscriberStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * MariaDB is shut down and started again in the middle of a send: sending pauses (acks are kept,
 * the in-flight limit stops new messages), then resumes on the same process, and every message
 * arrives, counted by Message-ID at the server.
 */
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
        Newsletter weekly = harness.newsletter("weekly");
        List<SubscriberStore.Entry> entries = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
          entries.add(new SubscriberStore.Entry("reader" + i + "@example.org", null));
        }
        for (int from = 0; from < SUBSCRIBERS; from += 1000) {
          harness
              .tidings
              .subscribers()
              .upsert(
                  entries.subList(from, from + 1000),
                  weekly.id(),
                  true,
                  new SubscriberStore.Consent("test", "restart"));
        }
        harness.article(
            "Power cut",
            "https://example.com/power",
            harness.clock.instant().minus(Duration.ofHours(1)));
        Edition edition =
            harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));
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
        int missing = 0;
        int duplicates = 0;
        for (int i = 0; i < SUBSCRIBERS; i++) {
          long id = harness.tidings.subscribers().byEmail("reader" + i + "@example.org").id();
          AtomicInteger count =
              server.accepted().get("<tidings." + edition.id() + "." + id + "@example.com>");
          if (count == null) {
            missing++;
          } else {
            duplicates += count.get() - 1;
          }
        }
        System.out.printf(
            "database restart: %d accepted, %d missing, %d duplicates%n",
            server.acceptedCount(), missing, duplicates);
        assertThat(missing).isZero();
        assertThat(duplicates).isLessThanOrEqualTo(32);
        assertThat(harness.tidings.editions().progress(edition.id()).sent()).isEqualTo(SUBSCRIBERS);
        assertThat(harness.tidings.editions().byId(edition.id()).status())
            .isEqualTo(Edition.Status.SENT);
      }
    }
  }
}
