package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.app.Config;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Several relays from a relays file: weighted sharing, failover, and rate limits. */
@Tag("mariadb")
class RelaysTest {

  @Test
  void weightedRelays_shareTheLoad_inProportion() throws Exception {
    try (FaultySmtpServer heavy = new FaultySmtpServer();
        FaultySmtpServer light = new FaultySmtpServer()) {
      Path file =
          relaysFile(
              "[{\"name\":\"heavy\",\"host\":\"127.0.0.1\",\"port\":"
                  + heavy.port()
                  + ",\"weight\":3},{\"name\":\"light\",\"host\":\"127.0.0.1\",\"port\":"
                  + light.port()
                  + ",\"weight\":1}]");
      int sent = send(file, 400);
      assertThat(sent).isEqualTo(400);
      assertThat(heavy.acceptedCount() + light.acceptedCount()).isEqualTo(400);
      assertThat(heavy.acceptedCount()).isBetween(240, 360);
    }
  }

  @Test
  void deadRelay_failsOverToTheOthers_withoutLosingAMessage() throws Exception {
    try (FaultySmtpServer alive = new FaultySmtpServer()) {
      int deadPort;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
        deadPort = probe.getLocalPort();
      }
      Path file =
          relaysFile(
              "[{\"name\":\"dead\",\"host\":\"127.0.0.1\",\"port\":"
                  + deadPort
                  + ",\"weight\":10},{\"name\":\"alive\",\"host\":\"127.0.0.1\",\"port\":"
                  + alive.port()
                  + "}]");
      assertThat(send(file, 200)).isEqualTo(200);
      assertThat(alive.acceptedCount()).isEqualTo(200);
      assertThat(alive.accepted().values())
          .allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
    }
  }

  @Test
  void ratePerSecond_isNotExceeded() throws Exception {
    try (FaultySmtpServer relay = new FaultySmtpServer()) {
      Path file =
          relaysFile(
              "[{\"name\":\"slow\",\"host\":\"127.0.0.1\",\"port\":"
                  + relay.port()
                  + ",\"per_second\":100}]");
      long started = System.nanoTime();
      assertThat(send(file, 300)).isEqualTo(300);
      double seconds = (System.nanoTime() - started) / 1e9;
      // A full bucket of 100, then 100 a second: the other 200 need at least two seconds.
      assertThat(seconds).isGreaterThanOrEqualTo(1.8);
    }
  }

  @Test
  void brokenRelaysFile_isRefused_namingTheVariableAndEntry() throws Exception {
    Path file = relaysFile("[{\"host\":\"a\"},{\"port\":25}]");
    assertThatThrownBy(
            () ->
                Config.from(
                    Map.of(
                        "TIDINGS_RELAYS_FILE",
                        file.toString(),
                        "TIDINGS_SECRET",
                        "0123456789abcdef0123")))
        .hasMessageContaining("TIDINGS_RELAYS_FILE")
        .hasMessageContaining("relay #2")
        .hasMessageContaining("'host' is required");
  }

  /** Sends one edition to {@code count} subscribers through the relays of {@code file}. */
  private static int send(Path file, int count) throws Exception {
    try (Harness harness =
        Harness.start(
            TestDatabase.Kind.MARIADB,
            Map.of("TIDINGS_RELAYS_FILE", file.toString(), "TIDINGS_SMTP_CONNECTIONS", "2"))) {
      harness.clock.runLive();
      Newsletter weekly = harness.newsletter("weekly");
      String[] readers = new String[count];
      for (int i = 0; i < count; i++) {
        readers[i] = "reader" + i + "@example.org";
      }
      harness.subscribers(weekly, readers);
      harness.article(
          "Relay news",
          "https://example.com/relays",
          harness.clock.instant().minus(Duration.ofHours(1)));
      Edition edition =
          harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));
      harness.tidings.engine().runEdition(edition.id());
      return (int) harness.tidings.editions().progress(edition.id()).sent();
    }
  }

  private static Path relaysFile(String json) throws Exception {
    Path file = Files.createTempFile("relays", ".json");
    Files.writeString(file, json);
    return file;
  }
}
