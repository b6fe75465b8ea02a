package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
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
 * SIGTERM in the middle of a send: `tidings serve` stops claiming, finishes what it is sending,
 * records every ack and hands its leased rows back, then exits; another process finishes at once
 * (no lease to wait out) with no message sent twice.
 */
class GracefulShutdownTest {
  private static final int SUBSCRIBERS = 8000;

  @Test
  void sigterm_midSend_recordsAcksAndHandsBackLeases() throws Exception {
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
                new SubscriberStore.Consent("test", "shutdown"));
      }
      harness.article(
          "Quiet night",
          "https://example.com/quiet",
          harness.clock.instant().minus(Duration.ofHours(1)));
      Edition edition =
          harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));

      Process serve = serve(harness, server);
      while (server.acceptedCount() < 1500 && serve.isAlive()) {
        Thread.sleep(10);
      }
      long stopping = System.nanoTime();
      serve.destroy();
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("exits within 30 s").isTrue();
      double stopSeconds = (System.nanoTime() - stopping) / 1e9;
      int acceptedAtExit = server.acceptedCount();

      var progress = harness.tidings.editions().progress(edition.id());
      assertThat(progress.sending()).as("no lease left behind").isZero();
      assertThat(progress.sent())
          .as("every accepted message is recorded")
          .isEqualTo(acceptedAtExit);

      harness.tidings.engine().runEdition(edition.id());

      int duplicates = 0;
      for (AtomicInteger count : server.accepted().values()) {
        duplicates += count.get() - 1;
      }
      System.out.printf(
          "graceful shutdown: stopped in %.1fs after %d accepted; %d duplicates%n",
          stopSeconds, acceptedAtExit, duplicates);
      assertThat(server.acceptedCount()).isEqualTo(SUBSCRIBERS);
      assertThat(duplicates).isZero();
    }
  }

  private static Process serve(Harness harness, FaultySmtpServer server) throws Exception {
    Map<String, String> env = new HashMap<>(harness.database.variables());
    env.put("TIDINGS_SMTP_HOST", "127.0.0.1");
    env.put("TIDINGS_SMTP_PORT", String.valueOf(server.port()));
    env.put("TIDINGS_SECRET", "test-secret-0123456789abcdef");
    env.put("TIDINGS_TEMPLATES_DIR", Path.of("templates").toAbsolutePath().toString());
    env.put("TIDINGS_HTTP_PORT", "0");
    env.put("TIDINGS_HTTP_HOST", "127.0.0.1");
    env.put("TIDINGS_SCHEDULER", "false");
    Path log = Files.createTempFile("tidings-shutdown", ".log");
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
