package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import dev.tidings.edition.Progress;
import dev.tidings.newsletter.Newsletter;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An edition's delivery rows are made in chunks: the first with the edition, the rest by the
 * delivery engine. An edition left with only its first chunk (its process gone) is completed by the
 * next engine, every subscriber getting exactly one message, and it is not finished before then.
 */
@Tag("mariadb")
class FanoutTest {
  private static final int SUBSCRIBERS = 40;

  @Test
  void mariaDb() throws Exception {
    completesAnEditionLeftWithItsFirstChunk(TestDatabase.Kind.MARIADB);
  }

  @Test
  void h2() throws Exception {
    completesAnEditionLeftWithItsFirstChunk(TestDatabase.Kind.H2);
  }

  private void completesAnEditionLeftWithItsFirstChunk(TestDatabase.Kind kind) throws Exception {
    try (Harness harness = Harness.start(kind, Map.of("TIDINGS_FANOUT_CHUNK", "7"))) {
      Newsletter weekly = harness.newsletter("weekly");
      Edition edition = harness.bulkEdition(weekly, SUBSCRIBERS);
      assertThat(edition.status()).isEqualTo(Edition.Status.SENDING);
      Progress first = harness.tidings.editions().progress(edition.id());
      assertThat(first.queued()).as("rows made with the edition").isEqualTo(7);

      // The planning process is gone; an engine (here or in any other process) finishes the job.
      harness.tidings.engine().runEdition(edition.id());

      Edition done = harness.tidings.editions().byId(edition.id());
      assertThat(done.status()).isEqualTo(Edition.Status.SENT);
      assertThat(done.recipientCount()).isEqualTo(SUBSCRIBERS);
      assertThat(harness.tidings.editions().progress(edition.id()).sent()).isEqualTo(SUBSCRIBERS);
      Map<String, Integer> received = new HashMap<>();
      for (Message message : harness.smtp.getReceivedMessages()) {
        String to = ((InternetAddress) message.getAllRecipients()[0]).getAddress();
        received.merge(to, 1, Integer::sum);
      }
      assertThat(received).hasSize(SUBSCRIBERS);
      assertThat(received.values()).containsOnly(1);
    }
  }
}
