package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.delivery.Relay;
import dev.tidings.delivery.RelayStatuses;
import dev.tidings.edition.Edition;
import dev.tidings.newsletter.Newsletter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A relay that refuses us is never a subscriber's fault (DESIGN "Whose fault is it"): refusals at
 * EHLO, AUTH and MAIL FROM, the same 554 for every RCPT, and a 554 after every DATA section. Each
 * test sends real editions through {@link FaultySmtpServer} and asserts that no subscriber, bounce
 * count or suppression changed, that no delivery failed, and that the relay's reply is recorded for
 * operators. A relay that refuses us is paused and its mail fails over to the others.
 */
@Tag("mariadb")
class RelayRefusalsTest {
  private Harness harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private Harness start(FaultySmtpServer server, Map<String, String> extra) throws Exception {
    Map<String, String> variables = new HashMap<>();
    variables.put("TIDINGS_SMTP_PORT", String.valueOf(server.port()));
    variables.put("TIDINGS_SMTP_TIMEOUT", "5s");
    variables.putAll(extra);
    return Harness.start(TestDatabase.Kind.MARIADB, variables);
  }

  @Test
  void senderRefused_twoEditions_nobodyIsCountedOrSuppressed_andTheRelayIsPaused()
      throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer()) {
      server.refuse(
          FaultySmtpServer.Stage.MAIL,
          "554 5.7.1 <news@example.com>: Sender address rejected: not owned by user");
      harness = start(server, Map.of());
      Newsletter newsletter = harness.newsletter("refused");
      Edition first = harness.bulkEdition(newsletter, 20);
      harness.tidings.engine().runEdition(first.id());
      harness.article(
          "Second news", "https://example.com/second", harness.clock.instant().minusSeconds(60));
      Edition second =
          harness
              .tidings
              .planner()
              .plan(newsletter, dev.tidings.edition.EditionPlanner.Trigger.manual("test"));
      harness.tidings.engine().runEdition(second.id());

      assertThat(server.refusedCount()).isPositive();
      assertThat(server.acceptedCount()).isZero();
      assertNobodyCounted(20);
      assertThat(harness.count("SELECT COUNT(*) FROM deliveries WHERE status = 'queued'"))
          .isEqualTo(40);
      assertThat(harness.count("SELECT COUNT(*) FROM deliveries WHERE last_error LIKE '%5.7.1%'"))
          .as("the reply is kept with the rows it sent back")
          .isPositive();
      assertRecorded(Relay.State.REFUSING, "Sender address rejected");
    }
  }

  @Test
  void everyRecipientRefusedAlike_relayAccessDenied_isTheRelays() throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer()) {
      server.refuse(FaultySmtpServer.Stage.RCPT, "554 5.7.1 <{}>: Relay access denied");
      harness = start(server, Map.of());
      Edition edition = harness.bulkEdition(harness.newsletter("denied"), 30);

      harness.tidings.engine().runEdition(edition.id());

      assertThat(server.acceptedCount()).isZero();
      assertNobodyCounted(30);
      assertThat(harness.count("SELECT COUNT(*) FROM deliveries WHERE status = 'retry'"))
          .as("the first refusals are retried, the rest wait for the relay untried")
          .isBetween(1L, 12L);
      assertRecorded(Relay.State.REFUSING, "Relay access denied");
    }
  }

  @Test
  void contentRefusedForEveryone_isTheRelays() throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer()) {
      server.refuse(FaultySmtpServer.Stage.CONTENT, "554 5.6.0 Message content rejected");
      harness = start(server, Map.of());
      Edition edition = harness.bulkEdition(harness.newsletter("content"), 30);

      harness.tidings.engine().runEdition(edition.id());

      assertThat(server.acceptedCount()).isZero();
      assertNobodyCounted(30);
      assertRecorded(Relay.State.REFUSING, "content rejected");
    }
  }

  @Test
  void ehloOrLoginRefused_countsNothing_andSaysWhy() throws Exception {
    for (FaultySmtpServer.Stage stage :
        List.of(FaultySmtpServer.Stage.EHLO, FaultySmtpServer.Stage.AUTH)) {
      try (FaultySmtpServer server = new FaultySmtpServer()) {
        String reply =
            stage == FaultySmtpServer.Stage.EHLO
                ? "554 5.7.1 <localhost>: Helo command rejected: need fully-qualified hostname"
                : "535 5.7.8 Error: authentication failed";
        server.refuse(stage, reply);
        harness =
            start(
                server,
                stage == FaultySmtpServer.Stage.AUTH
                    ? Map.of("TIDINGS_SMTP_USER", "news", "TIDINGS_SMTP_PASSWORD", "wrong")
                    : Map.of());
        harness.bulkEdition(harness.newsletter("greeting"), 10);

        harness.tidings.engine().start();
        Thread.sleep(2500);
        harness.tidings.engine().stop(Duration.ofSeconds(10));

        assertThat(server.refusedCount()).as(stage.name()).isPositive();
        assertNobodyCounted(10);
        assertThat(harness.count("SELECT COUNT(*) FROM deliveries WHERE status = 'queued'"))
            .isEqualTo(10);
        assertRecorded(
            Relay.State.UNREACHABLE,
            stage == FaultySmtpServer.Stage.EHLO ? "Helo command rejected" : "refused the login");
        harness.close();
        harness = null;
      }
    }
  }

  @Test
  void relayRefusingTheSender_failsOverToTheOther_withoutLosingAMessage() throws Exception {
    try (FaultySmtpServer refusing = new FaultySmtpServer();
        FaultySmtpServer good = new FaultySmtpServer()) {
      refusing.refuse(FaultySmtpServer.Stage.MAIL, "550 5.7.1 Sender not allowed");
      Path file = Files.createTempFile("relays", ".json");
      Files.writeString(
          file,
          "[{\"name\":\"refusing\",\"host\":\"127.0.0.1\",\"port\":"
              + refusing.port()
              + ",\"weight\":10},{\"name\":\"good\",\"host\":\"127.0.0.1\",\"port\":"
              + good.port()
              + "}]");
      harness = start(good, Map.of("TIDINGS_RELAYS_FILE", file.toString()));
      Edition edition = harness.bulkEdition(harness.newsletter("failover"), 100);

      harness.tidings.engine().runEdition(edition.id());

      assertThat(harness.tally(good, edition, 100)).isEqualTo(new Harness.Tally(0, 0));
      assertThat(refusing.refusedCount()).isPositive();
      assertThat(harness.count("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'"))
          .isEqualTo(100);
      assertThat(harness.count("SELECT COALESCE(MAX(attempts), 0) FROM deliveries"))
          .as("a message the refusing relay sent back cost no attempt")
          .isEqualTo(1);
      assertNobodyCounted(100);
    }
  }

  @Test
  void editionSendWait_throughARefusingRelay_saysSo_andEditionStatusShowsTheRelay()
      throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer();
        TestCli cli = TestCli.withoutMail()) {
      server.refuse(FaultySmtpServer.Stage.MAIL, "554 5.7.1 Sender address rejected");
      cli.variables.put("TIDINGS_SMTP_PORT", String.valueOf(server.port()));
      assertThat(
              cli.run(
                      "newsletter",
                      "add",
                      "--slug",
                      "w",
                      "--name",
                      "W",
                      "--cron",
                      "0 8 * * 1",
                      "--from",
                      "news@example.com")
                  .code())
          .isZero();
      assertThat(
              cli.run("subscriber", "add", "ann@example.com", "--newsletter", "w", "--confirmed")
                  .code())
          .isZero();
      Path article = Files.createTempFile("hello", ".md");
      Files.writeString(article, "# Hello\n\nThe first article, with a lead paragraph.\n");
      assertThat(cli.run("article", "import", article.toString()).code()).isZero();

      TestCli.Run send = cli.run("edition", "send", "--newsletter", "w", "--wait");

      assertThat(send.code()).isNotZero();
      assertThat(send.err())
          .contains("refuses us (554 5.7.1 Sender address rejected)")
          .contains("stays queued");
      TestCli.Run status = cli.run("edition", "status", "1");
      assertThat(status.out())
          .contains("queued 1")
          .contains("relays with a problem")
          .contains("default: refusing (554 5.7.1 Sender address rejected)");
      assertThat(server.acceptedCount()).isZero();
    }
  }

  private void assertNobodyCounted(int subscribers) {
    assertThat(harness.count("SELECT COUNT(*) FROM subscribers WHERE status = 'active'"))
        .isEqualTo(subscribers);
    assertThat(harness.count("SELECT COALESCE(SUM(bounce_count), 0) FROM subscribers")).isZero();
    assertThat(harness.count("SELECT COUNT(*) FROM suppressions")).isZero();
    assertThat(harness.count("SELECT COUNT(*) FROM deliveries WHERE status = 'failed'")).isZero();
  }

  private void assertRecorded(Relay.State state, String reply) {
    List<RelayStatuses.Row> rows = harness.tidings.relayStatuses().all();
    assertThat(rows)
        .anySatisfy(
            row -> {
              assertThat(row.state()).isEqualTo(state);
              assertThat(row.detail()).containsIgnoringCase(reply);
            });
  }
}
