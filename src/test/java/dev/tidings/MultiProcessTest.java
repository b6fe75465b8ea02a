package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterDraft;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three `tidings serve` processes on one MariaDB database: the clustered schedule makes one edition
 * per fire, the three share its deliveries, one is killed mid-send and the others finish its share
 * once its leases expire; the survivors stop cleanly on SIGTERM.
 */
@Tag("mariadb")
@Tag("process")
class MultiProcessTest {
  private static final int SUBSCRIBERS = 6000;

  /** What a process may have accepted by the relay and not yet recorded: a crash re-sends that. */
  private static final int INFLIGHT = 32;

  @Test
  void threeServers_shareOneScheduledEdition_andSurviveTheLossOfOne() throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer();
        Harness harness =
            Harness.start(
                TestDatabase.Kind.MARIADB,
                Map.of("TIDINGS_SMTP_PORT", String.valueOf(server.port())))) {
      harness.clock.runLive();
      Newsletter weekly = harness.newsletter("weekly");
      harness.bulkSubscribers(weekly, SUBSCRIBERS);
      harness.article(
          "Harbour news",
          "https://example.com/harbour",
          harness.clock.instant().minus(Duration.ofHours(1)));
      harness
          .tidings
          .newsletters()
          .update(
              weekly.id(),
              new NewsletterDraft(
                  "weekly",
                  weekly.name(),
                  "* * * * * ?",
                  "UTC",
                  "news@example.com",
                  null,
                  null,
                  null,
                  null,
                  1,
                  10,
                  null,
                  true));
      Map<String, String> env = harness.childEnvironment(server.port());
      env.put("TIDINGS_DELIVERY_LEASE", "5s");
      env.put("TIDINGS_SMTP_CONNECTIONS", "2");
      env.put("TIDINGS_DELIVERY_INFLIGHT", String.valueOf(INFLIGHT));
      List<Process> servers = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        servers.add(Harness.spawn(env, "serve" + i, "serve"));
      }
      try {
        awaitAccepted(server, 1000, Duration.ofSeconds(60));
        servers.get(0).destroyForcibly().waitFor();
        awaitAccepted(server, SUBSCRIBERS, Duration.ofSeconds(120));
        Edition sent = awaitSentEdition(harness, weekly, Duration.ofSeconds(60));

        for (Process survivor : servers.subList(1, 3)) {
          assertThat(survivor.isAlive()).as("a survivor still serving").isTrue();
          survivor.destroy();
        }
        for (Process survivor : servers.subList(1, 3)) {
          assertThat(survivor.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }

        Harness.Tally tally = harness.tally(server, sent, SUBSCRIBERS);
        List<Long> perProcess =
            harness.query(
                "SELECT COUNT(*) FROM deliveries WHERE edition_id = ? GROUP BY sent_by",
                row -> row.getLong(1),
                sent.id());
        long editions =
            harness.count("SELECT COUNT(*) FROM editions WHERE status IN ('sending', 'sent')");
        System.out.printf(
            "three processes: %d missing, %d duplicates, sent per process %s%n",
            tally.missing(), tally.duplicates(), perProcess);
        assertThat(editions).as("one edition carries the article").isEqualTo(1);
        assertThat(tally.missing()).isZero();
        // Only the killed process can send twice, and at most what it had in flight.
        assertThat(tally.duplicates()).isLessThanOrEqualTo(INFLIGHT);
        // The killed process may have had no ack written yet; the two survivors both sent.
        assertThat(perProcess).as("the work was shared").hasSizeGreaterThanOrEqualTo(2);
        assertThat(harness.tidings.editions().progress(sent.id()).sending()).isZero();
      } finally {
        for (Process process : servers) {
          process.destroyForcibly();
        }
      }
    }
  }

  private static void awaitAccepted(FaultySmtpServer server, int count, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (server.acceptedCount() < count && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  private static Edition awaitSentEdition(Harness harness, Newsletter newsletter, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (Edition edition : harness.tidings.editions().ofNewsletter(newsletter.id(), 500)) {
        if (edition.status() == Edition.Status.SENT) {
          return edition;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no edition reached 'sent' within " + timeout);
  }
}
