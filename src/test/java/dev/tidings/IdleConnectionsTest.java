package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Pooled connections and relays that end idle sessions (the built-in catcher after 30 s, Postfix
 * after its smtpd_timeout): a stale session's "421 timeout" never costs a delivery an attempt, and
 * a session idle past {@code TIDINGS_SMTP_MAX_IDLE} is replaced before it is used.
 */
@Tag("mariadb")
class IdleConnectionsTest {
  private Harness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  /**
   * Two editions with a pause longer than the relay's idle limit between them, on serve's engine.
   */
  private void twoEditionsWithAnIdlePause(FaultySmtpServer relay, String maxIdle) throws Exception {
    relay.dropIdleAfter(700);
    harness =
        Harness.start(
            TestDatabase.Kind.MARIADB,
            Map.of(
                "TIDINGS_SMTP_PORT",
                String.valueOf(relay.port()),
                "TIDINGS_SMTP_MAX_IDLE",
                maxIdle));
    Newsletter newsletter = harness.newsletter("idle");
    harness.tidings.engine().start();
    Edition first = harness.bulkEdition(newsletter, 12);
    harness.tidings.engine().wake();
    awaitSent(first, 12);
    Thread.sleep(1500);
    harness.article(
        "Later news", "https://example.com/later", harness.clock.instant().minusSeconds(30));
    Edition second =
        harness.tidings.planner().plan(newsletter, EditionPlanner.Trigger.manual("test"));
    harness.tidings.engine().wake();
    awaitSent(second, 12);
    harness.tidings.engine().stop(Duration.ofSeconds(10));
    assertThat(relay.idleDrops()).as("sessions the relay ended as idle").isPositive();
    assertThat(harness.count("SELECT MAX(attempts) FROM deliveries"))
        .as("no delivery paid an attempt for a stale session")
        .isEqualTo(1);
    assertThat(relay.acceptedCount()).isEqualTo(24);
    assertThat(relay.accepted().values()).allSatisfy(copies -> assertThat(copies.get()).isOne());
  }

  @Test
  void staleSession_421Timeout_costsNoAttempt() throws Exception {
    try (FaultySmtpServer relay = new FaultySmtpServer()) {
      // Longer than the relay keeps idle sessions: the second edition meets the stale ones.
      twoEditionsWithAnIdlePause(relay, "1h");
    }
  }

  @Test
  void sessionIdlePastMaxIdle_isReplacedBeforeUse() throws Exception {
    try (FaultySmtpServer relay = new FaultySmtpServer()) {
      twoEditionsWithAnIdlePause(relay, "200ms");
    }
  }

  private void awaitSent(Edition edition, int count) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (harness.tidings.editions().progress(edition.id()).sent() == count) {
        return;
      }
      Thread.sleep(50);
    }
    assertThat(harness.tidings.editions().progress(edition.id()).sent())
        .as("sent of edition " + edition.id())
        .isEqualTo(count);
  }
}
