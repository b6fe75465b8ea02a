package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.newsletter.Newsletter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A relay that answers the final dot slowly for some recipients, longer than the lease and the
 * command timeout but within the ten minutes RFC 5321 gives it, never causes a duplicate: the
 * waiting message keeps its lease (the engine's heartbeat), no sibling worker or other process may
 * take its row, and the long reply is waited for. Counted at the relay by Message-ID: each message
 * arrives once, and every row ends {@code sent}.
 */
@Tag("mariadb")
class SlowRelayTest {
  private Harness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void finalDotAnsweredAfterTheLease_eachMessageArrivesOnce() throws Exception {
    try (FaultySmtpServer relay = new FaultySmtpServer()) {
      relay.sluggishReplies(7000);
      harness =
          Harness.start(
              TestDatabase.Kind.MARIADB,
              Map.of(
                  "TIDINGS_SMTP_PORT", String.valueOf(relay.port()),
                  "TIDINGS_SMTP_CONNECTIONS", "3",
                  "TIDINGS_DELIVERY_LEASE", "5s",
                  "TIDINGS_DELIVERY_BATCH", "20",
                  "TIDINGS_SMTP_TIMEOUT", "2s"));
      // Leases and their expiry in real time, as in production.
      harness.clock.runLive();
      Newsletter newsletter = harness.newsletter("slow");
      List<String> readers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        readers.add((i == 17 || i == 61 ? "sluggish" : "reader") + i + "@example.org");
      }
      harness.subscribers(newsletter, readers.toArray(new String[0]));
      harness.article(
          "Slow news", "https://example.com/slow", harness.clock.instant().minusSeconds(600));
      var edition =
          harness
              .tidings
              .planner()
              .plan(newsletter, dev.tidings.edition.EditionPlanner.Trigger.manual("test"));

      harness.tidings.engine().runEdition(edition.id());

      assertThat(relay.acceptedCount()).as("messages the relay accepted").isEqualTo(100);
      assertThat(relay.accepted()).hasSize(100);
      assertThat(relay.accepted().values())
          .allSatisfy(copies -> assertThat(copies.get()).as("copies").isOne());
      assertThat(harness.count("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'"))
          .isEqualTo(100);
      assertThat(harness.count("SELECT MAX(attempts) FROM deliveries")).isEqualTo(1);
    }
  }
}
