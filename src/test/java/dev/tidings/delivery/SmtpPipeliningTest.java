package dev.tidings.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.FaultySmtpServer;
import dev.tidings.edition.WirePart;
import jakarta.mail.Session;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Messages pipelined one behind the other on one connection: each outcome reaches its own message,
 * exactly once, whatever the server answers in the middle of a group, and a message is held only
 * until the next send or a flush.
 */
class SmtpPipeliningTest {
  private final Map<String, SendResult> outcomes = new LinkedHashMap<>();

  @Test
  void eachOutcomeReachesItsOwnMessage_whenRefusalsComeInTheMiddleOfGroups() throws Exception {
    List<String> recipients =
        List.of(
            "reader1@example.org",
            "late1@example.org",
            "hard1@example.org",
            "reader2@example.org",
            "soft1@example.org",
            "late2@example.org",
            "reader3@example.org");
    try (FaultySmtpServer server = new FaultySmtpServer();
        MailConnection connection = mailer(server).open()) {
      for (String recipient : recipients) {
        send(connection, recipient);
        // Only the message just sent may still wait for its outcome.
        assertThat(outcomes).hasSize(recipients.indexOf(recipient) + 1);
        assertThat(outcomes.values().stream().filter(outcome -> outcome == null))
            .hasSizeLessThan(2);
      }
      connection.flush();

      assertThat(outcomes.keySet()).containsExactlyElementsOf(recipients);
      assertThat(kinds())
          .containsExactly(
              SendResult.Kind.ACCEPTED,
              SendResult.Kind.TRANSIENT,
              SendResult.Kind.PERMANENT,
              SendResult.Kind.ACCEPTED,
              SendResult.Kind.TRANSIENT,
              SendResult.Kind.TRANSIENT,
              SendResult.Kind.ACCEPTED);
      assertThat(outcomes.get("late1@example.org").reply()).contains("451").contains("not queued");
      assertThat(outcomes.get("hard1@example.org").reply()).contains("550");
      assertThat(outcomes.get("soft1@example.org").reply()).contains("451").contains("busy");
      assertThat(outcomes.get("reader3@example.org").reply()).contains("queued as");
      assertThat(connection.isUsable()).isTrue();
      assertThat(server.accepted().keySet())
          .containsExactlyInAnyOrder(
              id("reader1@example.org"), id("reader2@example.org"), id("reader3@example.org"));
      assertThat(server.commandsBehindData()).isPositive();
    }
  }

  @Test
  void aDroppedConnection_failsTheHeldMessage_andTheNextOnesAreProvablyUnsent() throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer();
        MailConnection connection = mailer(server).open()) {
      send(connection, "reader1@example.org");
      send(connection, "drop1@example.org");
      // The server reads drop1's message and closes the session without a reply.
      send(connection, "reader2@example.org");
      connection.flush();
      send(connection, "reader3@example.org");

      // drop1's content went out, so it may have arrived; the next two never left this side.
      assertThat(kinds())
          .containsExactly(
              SendResult.Kind.ACCEPTED,
              SendResult.Kind.TRANSIENT,
              SendResult.Kind.UNSENT,
              SendResult.Kind.UNSENT);
      assertThat(connection.isUsable()).isFalse();
      assertThat(server.accepted().keySet()).containsExactly(id("reader1@example.org"));
    }
  }

  @Test
  void closingAConnection_finishesTheHeldMessage() throws Exception {
    try (FaultySmtpServer server = new FaultySmtpServer()) {
      MailConnection connection = mailer(server).open();
      send(connection, "reader1@example.org");
      send(connection, "reader2@example.org");
      assertThat(outcomes.get("reader2@example.org")).isNull();

      connection.close();

      assertThat(kinds()).containsExactly(SendResult.Kind.ACCEPTED, SendResult.Kind.ACCEPTED);
      assertThat(server.acceptedCount()).isEqualTo(2);
    }
  }

  private static SmtpMailer mailer(FaultySmtpServer server) {
    return new SmtpMailer(
        SmtpMailer.Settings.plain(
            "127.0.0.1",
            server.port(),
            new SmtpMailer.Timeouts(
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)),
            "tidings.example.com"));
  }

  private void send(MailConnection connection, String recipient) throws Exception {
    outcomes.put(recipient, null);
    DigestMimeMessage message =
        new DigestMimeMessage(
            Session.getInstance(new Properties()),
            id(recipient),
            "Weekly",
            WirePart.of("Hello " + recipient + "\r\n"),
            WirePart.of("<p>Hello " + recipient + "</p>\r\n"));
    message.setHeader("Subject", "Weekly");
    message.setHeader("From", "news@example.com");
    message.setHeader("To", recipient);
    message.saveChanges();
    connection.send(
        message,
        "news@example.com",
        recipient,
        outcome -> {
          assertThat(outcomes.get(recipient)).as("outcome of " + recipient).isNull();
          outcomes.put(recipient, outcome);
        });
  }

  private List<SendResult.Kind> kinds() {
    return outcomes.values().stream().map(SendResult::kind).toList();
  }

  private static String id(String recipient) {
    return "<" + recipient.replace('@', '.') + "@tidings.test>";
  }
}
