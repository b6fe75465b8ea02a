package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.Progress;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.EmailAddress;
import dev.tidings.subscriber.Subscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Delivery against a misbehaving SMTP server on MariaDB: every deliverable message arrives exactly
 * once (counted by Message-ID at the server), permanent failures are recorded with the server's
 * reply and suppress the address, and nothing is left leased.
 */
@Tag("mariadb")
class DeliveryFaultsTest {

  /** How the client pipelined, as the server saw it. */
  private record Pipelining(int mails, int commandsBehindData) {}

  @Test
  void transientAndPermanentFaults_deliverEachMessageOnce_andRecordTheRest() throws Exception {
    Pipelining seen = faults(true, true);
    assertThat(seen.mails()).as("pipelined MAIL commands").isPositive();
    assertThat(seen.commandsBehindData()).as("commands behind a DATA section").isPositive();
  }

  @Test
  void theSameFaults_withoutPipelining() throws Exception {
    assertThat(faults(false, true)).isEqualTo(new Pipelining(0, 0));
  }

  @Test
  void theSameFaults_withPipeliningTurnedOff_forARelayThatOffersIt() throws Exception {
    assertThat(faults(true, false)).isEqualTo(new Pipelining(0, 0));
  }

  /** Runs the fault edition; returns how the server saw the client pipeline. */
  private Pipelining faults(boolean serverPipelining, boolean clientPipelining) throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer(true, serverPipelining);
        Harness harness =
            Harness.start(
                TestDatabase.Kind.MARIADB,
                Map.of(
                    "TIDINGS_SMTP_PORT", String.valueOf(server.port()),
                    "TIDINGS_DELIVERY_RETRY_BASE", "200ms",
                    "TIDINGS_SMTP_THROTTLE_AFTER", "1000",
                    "TIDINGS_BOUNCE_HARD_LIMIT", "1",
                    "TIDINGS_SMTP_TIMEOUT", "1s",
                    "TIDINGS_SMTP_DATA_TIMEOUT", "1s",
                    "TIDINGS_SMTP_PIPELINING", String.valueOf(clientPipelining),
                    "TIDINGS_SMTP_CONNECTIONS", "3"))) {
      harness.clock.runLive();
      Newsletter weekly = harness.newsletter("weekly");
      List<String> deliverable = new ArrayList<>();
      List<String> hard = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        deliverable.add("reader" + i + "@example.org");
      }
      for (int i = 0; i < 5; i++) {
        deliverable.add("soft" + i + "@example.org");
        deliverable.add("drop" + i + "@example.org");
        deliverable.add("bye" + i + "@example.org");
        deliverable.add("slow" + i + "@example.org");
        deliverable.add("stall" + i + "@example.org");
        deliverable.add("late" + i + "@example.org");
        hard.add("hard" + i + "@example.org");
      }
      List<String> everyone = new ArrayList<>(deliverable);
      everyone.addAll(hard);
      harness.subscribers(weekly, everyone.toArray(new String[0]));
      harness.article(
          "Flood defences hold",
          "https://example.com/flood",
          harness.clock.instant().minus(Duration.ofHours(1)));
      Edition edition =
          harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));

      harness.tidings.engine().runEdition(edition.id());

      for (String email : deliverable) {
        Subscriber subscriber = harness.tidings.subscribers().byEmail(email);
        String messageId = "<tidings." + edition.id() + "." + subscriber.id() + "@example.com>";
        assertThat(server.accepted().get(messageId)).as(email).isNotNull();
        assertThat(server.accepted().get(messageId).get()).as(email).isEqualTo(1);
      }
      assertThat(server.acceptedCount()).isEqualTo(deliverable.size());
      Progress progress = harness.tidings.editions().progress(edition.id());
      assertThat(progress.sent()).isEqualTo(deliverable.size());
      assertThat(progress.failed()).isEqualTo(hard.size());
      assertThat(progress.sending()).isZero();
      assertThat(progress.open()).isZero();
      assertThat(harness.tidings.editions().byId(edition.id()).status())
          .isEqualTo(Edition.Status.SENT);
      assertThat(harness.tidings.editions().latestErrors(edition.id(), 50))
          .filteredOn(error -> error.status().equals("failed"))
          .hasSize(hard.size())
          .allSatisfy(error -> assertThat(error.error()).contains("550").contains("no such user"));
      for (String email : hard) {
        assertThat(harness.tidings.subscribers().byEmail(email).status())
            .isEqualTo(Subscriber.Status.BOUNCED);
        long suppressed =
            harness.count(
                harness.tidings.database().sql("is-suppressed"), EmailAddress.hash(email));
        assertThat(suppressed).as(email + " suppressed").isEqualTo(1);
      }
      return new Pipelining(server.pipelinedMails(), server.commandsBehindData());
    }
  }

  @Test
  void throttlingRelay_slowsTheWholeRelay_insteadOfBurningThroughTheList() throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer();
        Harness harness =
            Harness.start(
                TestDatabase.Kind.MARIADB,
                Map.of(
                    "TIDINGS_SMTP_PORT", String.valueOf(server.port()),
                    "TIDINGS_DELIVERY_RETRY_BASE", "200ms",
                    "TIDINGS_SMTP_THROTTLE_AFTER", "5",
                    "TIDINGS_SMTP_CONNECTIONS", "2"))) {
      harness.clock.runLive();
      Newsletter weekly = harness.newsletter("weekly");
      String[] readers = new String[300];
      for (int i = 0; i < readers.length; i++) {
        readers[i] = "reader" + i + "@example.org";
      }
      harness.subscribers(weekly, readers);
      harness.article(
          "Markets calm",
          "https://example.com/markets",
          harness.clock.instant().minus(Duration.ofHours(1)));
      Edition edition =
          harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));
      server.throttleFor(1500);

      harness.tidings.engine().runEdition(edition.id());

      assertThat(server.acceptedCount()).isEqualTo(readers.length);
      assertThat(server.accepted().values())
          .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
      // Without the relay pause every one of the 300 rows would have been deferred once.
      assertThat(server.deferrals()).isLessThan(60);
      assertThat(harness.tidings.editions().progress(edition.id()).sent())
          .isEqualTo(readers.length);
    }
  }

  @Test
  void relayWithout8bitmime_getsQuotedPrintable_andOneWithIt_gets8bit() throws Exception {
    for (boolean eightBit : new boolean[] {true, false}) {
      try (FaultySmtpServer server = new FaultySmtpServer(eightBit, !eightBit);
          Harness harness =
              Harness.start(
                  TestDatabase.Kind.MARIADB,
                  Map.of("TIDINGS_SMTP_PORT", String.valueOf(server.port())))) {
        harness.clock.runLive();
        Edition edition = harness.bulkEdition(harness.newsletter("weekly"), 5);
        harness.tidings.engine().runEdition(edition.id());
        assertThat(server.acceptedCount()).isEqualTo(5);
        assertThat(server.transferEncodings().keySet())
            .as("8BITMIME offered: " + eightBit)
            .containsExactly(eightBit ? "8bit" : "quoted-printable");
      }
    }
  }
}
