package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.db.Jdbc;
import dev.tidings.edition.Edition;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterDraft;
import dev.tidings.subscriber.SubscriberStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Three `tidings serve` processes on one MariaDB database: the clustered schedule makes one edition
 * per fire, the three share its deliveries, one is killed mid-send and the others finish its share
 * once its leases expire; the survivors stop cleanly on SIGTERM.
 */
class MultiProcessTest {
  private static final int SUBSCRIBERS = 6000;

  @Test
  void threeServers_shareOneScheduledEdition_andSurviveTheLossOfOne() throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer();
        Harness harness =
            Harness.start(
                TestDatabase.Kind.MARIADB,
                Map.of("TIDINGS_SMTP_PORT", String.valueOf(server.port())))) {
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
                new SubscriberStore.Consent("test", "multi"));
      }
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

      Map<String, String> env = new HashMap<>(harness.database.variables());
      env.put("TIDINGS_SMTP_HOST", "127.0.0.1");
      env.put("TIDINGS_SMTP_PORT", String.valueOf(server.port()));
      env.put("TIDINGS_SECRET", "test-secret-0123456789abcdef");
      env.put("TIDINGS_TEMPLATES_DIR", Path.of("templates").toAbsolutePath().toString());
      env.put("TIDINGS_HTTP_PORT", "0");
      env.put("TIDINGS_HTTP_HOST", "127.0.0.1");
      env.put("TIDINGS_DELIVERY_LEASE", "5s");
      env.put("TIDINGS_SMTP_CONNECTIONS", "2");
      List<Process> servers = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        servers.add(serve(env, "serve" + i));
      }
      try {
        awaitAccepted(server, 1000, Duration.ofSeconds(60));
        servers.get(0).destroyForcibly().waitFor();
        awaitAccepted(server, SUBSCRIBERS, Duration.ofSeconds(120));
        Edition sent = awaitSentEdition(harness, weekly, Duration.ofSeconds(60));

        for (Process survivor : servers.subList(1, 3)) {
          survivor.destroy();
        }
        for (Process survivor : servers.subList(1, 3)) {
          assertThat(survivor.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }

        int missing = 0;
        int duplicates = 0;
        for (int i = 0; i < SUBSCRIBERS; i++) {
          long id = harness.tidings.subscribers().byEmail("reader" + i + "@example.org").id();
          AtomicInteger count =
              server.accepted().get("<tidings." + sent.id() + "." + id + "@example.com>");
          if (count == null) {
            missing++;
          } else {
            duplicates += count.get() - 1;
          }
        }
        List<long[]> perProcess =
            harness
                .tidings
                .database()
                .read(
                    connection ->
                        Jdbc.query(
                            connection,
                            "SELECT COUNT(*) FROM deliveries WHERE edition_id = ? GROUP BY sent_by",
                            row -> new long[] {row.getLong(1)},
                            sent.id()));
        long editions =
            harness
                .tidings
                .database()
                .read(
                    connection ->
                        Jdbc.count(
                            connection,
                            "SELECT COUNT(*) FROM editions WHERE status IN ('sending', 'sent')"));
        System.out.printf(
            "three processes: %d missing, %d duplicates, sent per process %s%n",
            missing, duplicates, perProcess.stream().map(row -> row[0]).toList());
        assertThat(editions).as("one edition carries the article").isEqualTo(1);
        assertThat(missing).isZero();
        assertThat(duplicates).isLessThanOrEqualTo(32);
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

  private static Process serve(Map<String, String> env, String name) throws Exception {
    Path log = Files.createTempFile("tidings-" + name, ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.tidings.app.Main",
            "serve");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    builder.directory(new File("."));
    return builder.start();
  }
}
