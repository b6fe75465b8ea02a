package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.delivery.MailConnection;
import dev.tidings.delivery.MailerUnavailableException;
import dev.tidings.delivery.OneOffSender;
import dev.tidings.delivery.SendResult;
import dev.tidings.delivery.SmtpMailer;
import dev.tidings.delivery.TlsTrust;
import dev.tidings.edition.Edition;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Digests through real TLS relays: GreenMail's SMTPS (implicit TLS), and aiosmtpd with STARTTLS or
 * implicit TLS, AUTH and PIPELINING. Every relay's certificate comes from the tests' own CA,
 * trusted through {@code TIDINGS_SMTP_TLS_CA} only. Each test counts by Message-ID that every
 * message arrived once, and where the relay tells, that it came under TLS with the configured EHLO
 * name. A relay that refuses the login or whose certificate is not trusted fails no delivery.
 */
@Tag("mariadb")
@Tag("process")
class TlsRelaysTest {
  private static final String HELO = "mail.tidings-test.example";
  private static TestCertificates certificates;
  private Harness harness;

  @BeforeAll
  static void certificates() throws Exception {
    certificates = TestCertificates.get();
    // GreenMail reads its TLS key store once per JVM, on first use.
    System.setProperty("greenmail.tls.keystore.file", certificates.serverStore().toString());
    System.setProperty("greenmail.tls.keystore.password", "changeit");
    System.setProperty("greenmail.tls.key.password", "changeit");
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private Map<String, String> relay(String tls, int port, String login) {
    Map<String, String> variables = new HashMap<>();
    variables.put("TIDINGS_SMTP_HOST", "localhost");
    variables.put("TIDINGS_SMTP_PORT", String.valueOf(port));
    variables.put("TIDINGS_SMTP_TLS", tls);
    variables.put("TIDINGS_SMTP_TLS_CA", certificates.ca().toString());
    variables.put("TIDINGS_SMTP_HELO", HELO);
    variables.put("TIDINGS_SMTP_TIMEOUT", "10s");
    if (login != null) {
      variables.put("TIDINGS_SMTP_USER", login.substring(0, login.indexOf(':')));
      variables.put("TIDINGS_SMTP_PASSWORD", login.substring(login.indexOf(':') + 1));
    }
    return variables;
  }

  @Test
  void implicitTls_greenMailSmtps_everyDigestAndOneOffMailArrivesOnce() throws Exception {
    GreenMail smtps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
    smtps.start();
    try {
      harness =
          Harness.start(TestDatabase.Kind.MARIADB, relay("tls", smtps.getSmtps().getPort(), null));
      Edition edition = harness.bulkEdition(harness.newsletter("secure"), 40);

      harness.tidings.engine().runEdition(edition.id());

      Map<String, Long> byId =
          java.util.Arrays.stream(smtps.getReceivedMessages())
              .map(TlsRelaysTest::messageId)
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertThat(byId).hasSize(40).allSatisfy((id, copies) -> assertThat(copies).isEqualTo(1));
      assertThat(statuses(edition)).containsExactly(Map.entry("sent", 40L));

      SendResult oneOff =
          new OneOffSender(harness.tidings.relays())
              .send(plainMessage("<one-off@example.com>"), "news@example.com", "ada@example.com");
      assertThat(oneOff.kind()).isEqualTo(SendResult.Kind.ACCEPTED);
      assertThat(smtps.getReceivedMessages()).hasSize(41);
    } finally {
      smtps.stop();
    }
  }

  @Test
  void starttlsWithLogin_pipelines_andEveryMessageArrivesOnceUnderTlsWithTheHeloName()
      throws Exception {
    try (PythonRelay relay = PythonRelay.start("starttls", "server", "ann:s3cret", true)) {
      harness =
          Harness.start(TestDatabase.Kind.MARIADB, relay("starttls", relay.port(), "ann:s3cret"));
      Edition edition = harness.bulkEdition(harness.newsletter("submission"), 60);

      harness.tidings.engine().runEdition(edition.id());

      assertEveryMessageOnce(relay.messages(), edition, 60);
      assertThat(relay.messages())
          .allSatisfy(
              received -> {
                assertThat(received.helo()).isEqualTo(HELO);
                assertThat(received.tls()).isTrue();
                assertThat(received.login()).isEqualTo("ann");
              });
      // The fast path holds after STARTTLS: RCPT went out in one write behind MAIL.
      assertThat(relay.messages()).filteredOn(PythonRelay.Received::pipelined).hasSize(60);
    }
  }

  @Test
  void implicitTlsWithLogin_aiosmtpd_everyMessageArrivesOnce() throws Exception {
    try (PythonRelay relay = PythonRelay.start("tls", "server", "ann:s3cret", true)) {
      harness = Harness.start(TestDatabase.Kind.H2, relay("tls", relay.port(), "ann:s3cret"));
      Edition edition = harness.bulkEdition(harness.newsletter("smtps"), 30);

      harness.tidings.engine().runEdition(edition.id());

      assertEveryMessageOnce(relay.messages(), edition, 30);
      assertThat(relay.messages())
          .allSatisfy(
              received -> {
                assertThat(received.helo()).isEqualTo(HELO);
                assertThat(received.tls()).isTrue();
              });
    }
  }

  @Test
  void wrongPassword_isTheRelaysProblem_theEditionStaysQueued() throws Exception {
    try (PythonRelay relay = PythonRelay.start("starttls", "server", "ann:s3cret", true)) {
      harness =
          Harness.start(TestDatabase.Kind.MARIADB, relay("starttls", relay.port(), "ann:wrong"));
      Edition edition = harness.bulkEdition(harness.newsletter("locked"), 10);

      assertThatThrownBy(() -> harness.tidings.relays().get(0).mailer().open())
          .isInstanceOf(MailerUnavailableException.class)
          .hasMessageContaining("refused the login of ann");
      runFor(Duration.ofSeconds(3));

      assertThat(relay.messages()).isEmpty();
      assertNothingCountedAgainstAnyone(edition, 10);
    }
  }

  @Test
  void certificateOfAnotherCaOrAnotherHost_isRefused_andNoDeliveryFails() throws Exception {
    for (String certificate : List.of("foreign", "wrong-host")) {
      try (PythonRelay relay = PythonRelay.start("tls", certificate, null, true)) {
        harness = Harness.start(TestDatabase.Kind.H2, relay("tls", relay.port(), null));
        Edition edition = harness.bulkEdition(harness.newsletter("untrusted"), 5);

        assertThatThrownBy(() -> harness.tidings.relays().get(0).mailer().open())
            .as(certificate)
            .isInstanceOf(MailerUnavailableException.class)
            .hasMessageContaining(
                certificate.equals("foreign")
                    ? "unable to find valid certification path"
                    : "No subject alternative DNS name matching localhost");
        runFor(Duration.ofSeconds(2));

        assertThat(relay.messages()).isEmpty();
        assertNothingCountedAgainstAnyone(edition, 5);
        harness.close();
        harness = null;
      }
    }
  }

  @Test
  void withoutThePrivateCa_theJvmsCasDoNotTrustTheRelay() throws Exception {
    try (PythonRelay relay = PythonRelay.start("starttls", "server", null, true)) {
      Map<String, String> variables = relay("starttls", relay.port(), null);
      variables.remove("TIDINGS_SMTP_TLS_CA");
      harness = Harness.start(TestDatabase.Kind.H2, variables);

      assertThatThrownBy(() -> harness.tidings.relays().get(0).mailer().open())
          .isInstanceOf(MailerUnavailableException.class)
          .hasMessageContaining("unable to find valid certification path");
    }
  }

  @Test
  void postfixSmarthost_starttls_rejectNonFqdnHelo_takesEveryDigestOnce() throws Exception {
    try (PostfixRelay postfix = PostfixRelay.start("server")) {
      harness = Harness.start(TestDatabase.Kind.MARIADB, relay("starttls", postfix.port(), null));
      Edition edition = harness.bulkEdition(harness.newsletter("smarthost"), 50);

      harness.tidings.engine().runEdition(edition.id());

      List<String> ids = postfix.awaitMessageIds(50);
      assertThat(ids).hasSize(50).doesNotHaveDuplicates();
      for (int i = 0; i < 50; i++) {
        long id = harness.tidings.subscribers().byEmail(Harness.reader(i)).id();
        assertThat(ids).contains("<tidings." + edition.id() + "." + id + "@example.com>");
      }
      assertThat(postfix.helos()).hasSize(50).containsOnly(HELO);
      assertThat(postfix.rejections()).isZero();
      assertThat(statuses(edition)).containsExactly(Map.entry("sent", 50L));
    }
  }

  @Test
  void postfixSmarthost_takesTheAddressLiteral_thatIsTheLastDefaultEhloName() throws Exception {
    try (PostfixRelay postfix = PostfixRelay.start("server")) {
      Map<String, String> variables = relay("starttls", postfix.port(), null);
      variables.put("TIDINGS_SMTP_HELO", "[127.0.0.1]");
      harness = Harness.start(TestDatabase.Kind.H2, variables);
      Edition edition = harness.bulkEdition(harness.newsletter("literal"), 10);

      harness.tidings.engine().runEdition(edition.id());

      assertThat(postfix.awaitMessageIds(10)).hasSize(10).doesNotHaveDuplicates();
      assertThat(postfix.helos()).containsOnly("[127.0.0.1]");
    }
  }

  @Test
  void postfixRefusingLocalhostAtEveryRcpt_isUnsure_neverTheRecipientsFault() throws Exception {
    try (PostfixRelay postfix = PostfixRelay.start("server")) {
      // What Tidings said before TIDINGS_SMTP_HELO existed (the setting refuses it now).
      SmtpMailer mailer =
          new SmtpMailer(
              new SmtpMailer.Settings(
                  "localhost",
                  postfix.port(),
                  SmtpMailer.Security.STARTTLS,
                  "",
                  "",
                  SmtpMailer.Timeouts.RFC_5321,
                  true,
                  "localhost",
                  TlsTrust.caFile(certificates.ca())));
      SendResult result;
      try (MailConnection connection = mailer.open()) {
        result =
            connection.send(
                plainMessage("<helo@example.com>"), "news@example.com", "ann@example.org");
      }

      assertThat(result.kind()).isEqualTo(SendResult.Kind.UNSURE);
      assertThat(result.reply()).contains("504").contains("Helo command rejected");
      assertThat(postfix.rejections()).isEqualTo(1);
    }
  }

  /** Runs the engine for a while on every sending edition, then stops it. */
  private void runFor(Duration duration) throws InterruptedException {
    harness.tidings.engine().start();
    Thread.sleep(duration.toMillis());
    harness.tidings.engine().stop(Duration.ofSeconds(10));
  }

  private void assertNothingCountedAgainstAnyone(Edition edition, int count) {
    assertThat(statuses(edition)).containsExactly(Map.entry("queued", (long) count));
    assertThat(harness.count("SELECT COALESCE(SUM(attempts), 0) FROM deliveries")).isZero();
    assertThat(harness.count("SELECT COUNT(*) FROM suppressions")).isZero();
    assertThat(harness.count("SELECT COUNT(*) FROM subscribers WHERE status <> 'active'")).isZero();
  }

  private Map<String, Long> statuses(Edition edition) {
    Map<String, Long> statuses = new HashMap<>();
    for (String status :
        harness.query(
            "SELECT status FROM deliveries WHERE edition_id = ?",
            row -> row.getString(1),
            edition.id())) {
      statuses.merge(status, 1L, Long::sum);
    }
    return statuses;
  }

  private void assertEveryMessageOnce(
      List<PythonRelay.Received> received, Edition edition, int count) {
    Map<String, Long> byId =
        received.stream()
            .collect(Collectors.groupingBy(PythonRelay.Received::messageId, Collectors.counting()));
    for (int i = 0; i < count; i++) {
      long id = harness.tidings.subscribers().byEmail(Harness.reader(i)).id();
      assertThat(byId.get("<tidings." + edition.id() + "." + id + "@example.com>"))
          .as("copies of the message to " + Harness.reader(i))
          .isEqualTo(1L);
    }
    assertThat(received).hasSize(count);
    assertThat(statuses(edition)).containsExactly(Map.entry("sent", (long) count));
  }

  private static String messageId(MimeMessage message) {
    try {
      return message.getMessageID();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MimeMessage plainMessage(String messageId) throws Exception {
    MimeMessage message =
        new MimeMessage(Session.getInstance(new Properties())) {
          @Override
          protected void updateMessageID() throws jakarta.mail.MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    message.setFrom("news@example.com");
    message.setRecipients(jakarta.mail.Message.RecipientType.TO, "ada@example.com");
    message.setSubject("A test send");
    message.setText("Hello over TLS");
    message.saveChanges();
    return message;
  }
}
