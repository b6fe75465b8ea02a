package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real `tidings edition resume ID --wait` process sending 20,000 messages is killed with SIGKILL
 * at random moments; another one finishes the edition once the dead one's leases expire. Counted at
 * the SMTP server by Message-ID: nothing missing, and duplicates only within the in-flight window
 * of each killed process.
 */
@Tag("mariadb")
@Tag("process")
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
        Edition edition = harness.bulkEdition(harness.newsletter("weekly"), SUBSCRIBERS);
        // Only the first chunk of rows exists yet: the first child makes the rest while it sends.
        assertThat(edition.recipientCount()).isLessThan(SUBSCRIBERS);
        Map<String, String> env = harness.childEnvironment(server.port());
        env.put("TIDINGS_DELIVERY_LEASE", "5s");
        env.put("TIDINGS_DELIVERY_INFLIGHT", String.valueOf(INFLIGHT));
        String id = String.valueOf(edition.id());

        for (int kill = 1; kill <= KILLS_PER_TRIAL; kill++) {
          Process sender =
              Harness.spawn(env, "crash-" + trial + "-" + kill, "edition", "resume", id, "--wait");
          // Kill once it is really sending: somewhere in the next 1,500-4,500 accepted messages.
          long target = server.acceptedCount() + 1500 + random.nextInt(3000);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
          while (server.acceptedCount() < target
              && sender.isAlive()
              && System.nanoTime() < deadline) {
            Thread.sleep(20);
          }
          sender.destroyForcibly().waitFor();
        }
        Process finisher =
            Harness.spawn(env, "crash-" + trial + "-finish", "edition", "resume", id, "--wait");
        assertThat(finisher.waitFor(180, TimeUnit.SECONDS)).as("finisher ends").isTrue();
        assertThat(finisher.exitValue()).isZero();

        Harness.Tally tally = harness.tally(server, edition, SUBSCRIBERS);
        System.out.printf(
            "crash trial %d: %d accepted, %d missing, %d duplicates%n",
            trial, server.acceptedCount(), tally.missing(), tally.duplicates());
        assertThat(tally.missing()).isZero();
        assertThat(tally.duplicates()).isLessThanOrEqualTo(KILLS_PER_TRIAL * INFLIGHT);
        Edition done = harness.tidings.editions().byId(edition.id());
        assertThat(done.status()).isEqualTo(Edition.Status.SENT);
        assertThat(done.recipientCount()).isEqualTo(SUBSCRIBERS);
        assertThat(harness.tidings.editions().progress(edition.id()).sent()).isEqualTo(SUBSCRIBERS);
      }
    }
  }
}
