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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A real `tidings edition resume ID --wait` process sending 20,000 messages is killed with SIGKILL
 * at random moments; another one finishes the edition once the dead one's leases expire. Counted at
 * the SMTP server by Message-ID: nothing missing, and duplicates only within the in-flight window
 * of each killed process.
 */
class CrashRecoveryTest {
  private static final int SUBSCRIBERS = 20_000;
  private static final int INFLIGHT = 32;
  private static final int KILLS_PER_TRIAL = 2;

  @Test
  void killedSender_isResumedByAnother_withNoGapsAndBoundedDuplicates() throws Exception {
    Random random = new Random();
    for (int trial = 1; trial <= 2; trial++) {
      try (FaultySmtpServer server = new FaultySmtpServer();
          Harness harness =
              Harness.start(
                  TestDatabase.Kind.MARIADB,
                  Map.of("TIDINGS_SMTP_PORT", String.valueOf(server.port())))) {
        harness.clock.runLive();
        Newsletter weekly = harness.newsletter("weekly");
        List<SubscriberStore.Entry> entries = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
          entries.add(new SubscriberStore.Entry("reader" + i + "@example.org", "Reader " + i));
          if (entries.size() == 1000) {
            harness
                .tidings
                .subscribers()
                .upsert(entries, weekly.id(), true, new SubscriberStore.Consent("test", "crash"));
            entries.clear();
          }
        }
        harness.article(
            "Night shift",
            "https://example.com/night",
            harness.clock.instant().minus(Duration.ofHours(1)));
        Edition edition =
            harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));
        assertThat(edition.recipientCount()).isEqualTo(SUBSCRIBERS);
        Map<String, String> env = childEnvironment(harness, server);

        for (int kill = 1; kill <= KILLS_PER_TRIAL; kill++) {
          Process sender = start(env, edition.id(), "trial" + trial + "-kill" + kill);
          long before = server.acceptedCount();
          // Kill once it is really sending: somewhere in the next 1,500-4,500 accepted messages.
          long target = before + 1500 + random.nextInt(3000);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (server.acceptedCount() < target
              && sender.isAlive()
              && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          sender.destroyForcibly().waitFor();
        }
        Process finisher = start(env, edition.id(), "trial" + trial + "-finish");
        assertThat(finisher.waitFor(180, TimeUnit.SECONDS)).as("finisher ends").isTrue();
        assertThat(finisher.exitValue()).isZero();

        int missing = 0;
        int duplicates = 0;
        for (int i = 0; i < SUBSCRIBERS; i++) {
          long subscriberId =
              harness.tidings.subscribers().byEmail("reader" + i + "@example.org").id();
          AtomicInteger count =
              server
                  .accepted()
                  .get("<tidings." + edition.id() + "." + subscriberId + "@example.com>");
          if (count == null) {
            missing++;
          } else {
            duplicates += count.get() - 1;
          }
        }
        System.out.printf(
            "crash trial %d: %d accepted, %d missing, %d duplicates%n",
            trial, server.acceptedCount(), missing, duplicates);
        assertThat(missing).isZero();
        assertThat(duplicates).isLessThanOrEqualTo(KILLS_PER_TRIAL * INFLIGHT);
        assertThat(harness.tidings.editions().byId(edition.id()).status())
            .isEqualTo(Edition.Status.SENT);
        assertThat(harness.tidings.editions().progress(edition.id()).sent()).isEqualTo(SUBSCRIBERS);
      }
    }
  }

  private static Map<String, String> childEnvironment(Harness harness, FaultySmtpServer server) {
    Map<String, String> env = new java.util.HashMap<>(harness.database.variables());
    env.put("TIDINGS_SMTP_HOST", "127.0.0.1");
    env.put("TIDINGS_SMTP_PORT", String.valueOf(server.port()));
    env.put("TIDINGS_SECRET", "test-secret-0123456789abcdef");
    env.put("TIDINGS_TEMPLATES_DIR", Path.of("templates").toAbsolutePath().toString());
    env.put("TIDINGS_DELIVERY_LEASE", "5s");
    env.put("TIDINGS_DELIVERY_INFLIGHT", String.valueOf(INFLIGHT));
    return env;
  }

  private static Process start(Map<String, String> env, long editionId, String name)
      throws Exception {
    Path log = Files.createTempFile("tidings-" + name, ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.tidings.app.Main",
            "edition",
            "resume",
            String.valueOf(editionId),
            "--wait");
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    builder.directory(new File("."));
    return builder.start();
  }
}
