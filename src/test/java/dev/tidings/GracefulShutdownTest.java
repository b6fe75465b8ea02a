package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM in the middle of a send: `tidings serve` stops claiming, finishes what it is sending,
 * records every ack and hands its leased rows back, then exits; another process finishes at once
 * (no lease to wait out) with no message sent twice.
 */
@Tag("mariadb")
@Tag("process")
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
      Edition edition = harness.bulkEdition(harness.newsletter("weekly"), SUBSCRIBERS);
      Map<String, String> env = harness.childEnvironment(server.port());
      env.put("TIDINGS_SCHEDULER", "false");

      Process serve = Harness.spawn(env, "shutdown", "serve");
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

      Harness.Tally tally = harness.tally(server, edition, SUBSCRIBERS);
      System.out.printf(
          "graceful shutdown: stopped in %.1fs after %d accepted; %d missing," + " %d duplicates%n",
          stopSeconds, acceptedAtExit, tally.missing(), tally.duplicates());
      assertThat(tally.missing()).isZero();
      assertThat(tally.duplicates()).isZero();
    }
  }
}
