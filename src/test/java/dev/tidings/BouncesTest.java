package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tidings.app.Config;
import dev.tidings.delivery.BounceMailbox;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.subscriber.EmailAddress;
import dev.tidings.subscriber.Subscriber;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bounces end to end on MariaDB: digests go out with a VERP envelope sender, RFC 3464 reports
 * arrive in an IMAP mailbox (GreenMail), the poller tells hard from soft and marks deliveries and
 * subscribers, and a report read twice counts once.
 */
@Tag("mariadb")
class BouncesTest {

  @Test
  void verpReports_markDeliveriesAndSubscribers_hardFromSoft_once() throws Exception {
    GreenMail mailbox = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    mailbox.start();
    GreenMailUser bounces = mailbox.setUser("bounces@example.com", "bounces", "secret");
    try (Harness harness = reading(mailbox, TestDatabase.Kind.MARIADB, 1)) {
      Newsletter weekly = harness.newsletter("weekly");
      harness.subscribers(weekly, "ann@example.com", "bob@example.com");
      harness.article(
          "Tides", "https://example.com/tides", harness.clock.instant().minus(Duration.ofHours(1)));
      Edition edition =
          harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));
      harness.tidings.engine().runEdition(edition.id());

      MimeMessage toAnn =
          Arrays.stream(harness.smtp.getReceivedMessages())
              .filter(message -> header(message, "To").contains("ann@"))
              .findFirst()
              .orElseThrow();
      String verp = header(toAnn, "Return-Path").replaceAll("[<>]", "").trim();
      assertThat(verp).startsWith("bounces+").endsWith("@example.com");
      String bobVerp =
          harness
              .tidings
              .bounces()
              .envelopeSender(
                  deliveryOf(harness, "bob@example.com"),
                  subscriber(harness, "bob@example.com").id(),
                  "news@example.com");

      bounces.deliver(
          report(
              "<dsn-ann@mx.example.org>",
              verp,
              "ann@example.com",
              "failed",
              "5.1.1",
              "550 5.1.1 User unknown"));
      bounces.deliver(
          report(
              "<dsn-bob@mx.example.org>",
              bobVerp,
              "bob@example.com",
              "delayed",
              "4.2.2",
              "452 4.2.2 Mailbox full"));
      bounces.deliver(
          parse(
              "From: friend@example.org\r\nTo: bounces@example.com\r\n"
                  + "Subject: hello\r\nMessage-ID: <hi@example.org>\r\n\r\nJust saying hi.\r\n"));

      BounceMailbox reader = harness.tidings.bounceMailbox().orElseThrow();
      BounceMailbox.Poll poll = reader.poll();

      assertThat(poll.hard()).isEqualTo(1);
      assertThat(poll.soft()).isEqualTo(1);
      assertThat(poll.notBounces()).isEqualTo(1);
      assertThat(subscriber(harness, "ann@example.com").status())
          .isEqualTo(Subscriber.Status.BOUNCED);
      assertThat(suppressed(harness, "ann@example.com")).isTrue();
      assertThat(subscriber(harness, "bob@example.com").status())
          .isEqualTo(Subscriber.Status.ACTIVE);
      assertThat(suppressed(harness, "bob@example.com")).isFalse();
      assertThat(bounceOf(harness, "ann@example.com")).isEqualTo("hard");
      assertThat(bounceOf(harness, "bob@example.com")).isEqualTo("soft");
      assertThat(mailbox.getReceivedMessages()).as("only the non-bounce is left").hasSize(1);

      // The same report again (a second poller, a crash before the delete) counts once.
      bounces.deliver(
          report(
              "<dsn-ann@mx.example.org>",
              verp,
              "ann@example.com",
              "failed",
              "5.1.1",
              "550 5.1.1 User unknown"));
      BounceMailbox.Poll again = reader.poll();
      assertThat(again.alreadyCounted()).isEqualTo(1);
      assertThat(again.hard()).isZero();

      // A forged VERP token names nobody.
      bounces.deliver(
          report(
              "<dsn-forged@mx.example.org>",
              verp.replaceFirst("\\+\\d+-", "+999999-"),
              "nobody@example.net",
              "failed",
              "5.1.1",
              "x"));
      BounceMailbox.Poll forged = reader.poll();
      assertThat(forged.unverified()).isEqualTo(1);
      assertThat(forged.notBounces()).isEqualTo(1);
    } finally {
      mailbox.stop();
    }
  }

  /**
   * Anyone can mail a delivery-status report naming any address. Two such reports without the
   * signed VERP token once suppressed an active subscriber for good (the report was looked up by
   * its Final-Recipient); now they count against nobody and stay in the mailbox for review.
   */
  @Test
  void reportsWithoutAValidToken_countAgainstNobody_andStayForReview() throws Exception {
    GreenMail mailbox = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
    mailbox.start();
    GreenMailUser bounces = mailbox.setUser("bounces@example.com", "bounces", "secret");
    try (Harness harness = reading(mailbox, TestDatabase.Kind.H2, 2)) {
      Newsletter weekly = harness.newsletter("weekly");
      harness.subscribers(weekly, "ann@example.com");
      for (String to :
          List.of(
              "bounces@example.com",
              "bounces+1-1-AAAAAAAAAAAAAAAAAAAAAA@example.com",
              "bounces@example.com")) {
        bounces.deliver(
            report(
                "<forged-" + to.hashCode() + "-" + System.nanoTime() + "@attacker.example>",
                to,
                "ann@example.com",
                "failed",
                "5.1.1",
                "550 5.1.1 User unknown"));
      }

      BounceMailbox.Poll poll = harness.tidings.bounceMailbox().orElseThrow().poll();

      assertThat(poll.unverified()).isEqualTo(3);
      assertThat(poll.hard() + poll.soft()).isZero();
      assertThat(subscriber(harness, "ann@example.com").status())
          .isEqualTo(Subscriber.Status.ACTIVE);
      assertThat(suppressed(harness, "ann@example.com")).isFalse();
      assertThat(harness.count("SELECT COUNT(*) FROM bounces")).isZero();
      assertThat(
              harness.count(
                  "SELECT bounce_count FROM subscribers WHERE email = ?", "ann@example.com"))
          .isZero();
      assertThat(mailbox.getReceivedMessages()).as("kept for an operator").hasSize(3);
    } finally {
      mailbox.stop();
    }
  }

  @Test
  void aBounceMailbox_withoutTheSignedEnvelopeSender_isRefusedAtStart() {
    assertThatThrownBy(() -> Config.from(Map.of("TIDINGS_BOUNCE_HOST", "127.0.0.1")))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("TIDINGS_BOUNCE_ADDRESS is needed with TIDINGS_BOUNCE_HOST");
  }

  /** A harness whose bounce mailbox is {@code mailbox}'s IMAP account bounces/secret. */
  private static Harness reading(GreenMail mailbox, TestDatabase.Kind kind, int hardLimit)
      throws Exception {
    return Harness.start(
        kind,
        Map.of(
            "TIDINGS_BOUNCE_ADDRESS", "bounces@example.com",
            "TIDINGS_BOUNCE_HOST", "127.0.0.1",
            "TIDINGS_BOUNCE_PORT", String.valueOf(mailbox.getImap().getPort()),
            "TIDINGS_BOUNCE_USER", "bounces",
            "TIDINGS_BOUNCE_PASSWORD", "secret",
            "TIDINGS_BOUNCE_HARD_LIMIT", String.valueOf(hardLimit)));
  }

  private static MimeMessage report(
      String id, String to, String recipient, String action, String status, String diagnostic)
      throws Exception {
    return parse(
        "From: MAILER-DAEMON@mx.example.org\r\n"
            + "To: "
            + to
            + "\r\n"
            + "Subject: Undelivered Mail Returned to Sender\r\n"
            + "Message-ID: "
            + id
            + "\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n"
            + "\r\n"
            + "--B\r\nContent-Type: text/plain\r\n\r\nThe message could not be delivered.\r\n"
            + "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
            + "Reporting-MTA: dns; mx.example.org\r\n\r\n"
            + "Final-Recipient: rfc822; "
            + recipient
            + "\r\n"
            + "Action: "
            + action
            + "\r\n"
            + "Status: "
            + status
            + "\r\n"
            + "Diagnostic-Code: smtp; "
            + diagnostic
            + "\r\n"
            + "\r\n--B--\r\n");
  }

  private static MimeMessage parse(String raw) throws Exception {
    return new MimeMessage(
        Session.getInstance(new Properties()),
        new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
  }

  private static String header(MimeMessage message, String name) {
    try {
      String value = message.getHeader(name, ",");
      return value == null ? "" : value;
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Subscriber subscriber(Harness harness, String email) {
    return harness.tidings.subscribers().byEmail(email);
  }

  private static long deliveryOf(Harness harness, String email) {
    return harness.count(
        "SELECT d.id FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id"
            + " WHERE s.email = ?",
        email);
  }

  private static String bounceOf(Harness harness, String email) {
    return harness
        .query(
            "SELECT d.bounce FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id"
                + " WHERE s.email = ?",
            row -> row.getString(1),
            email)
        .get(0);
  }

  private static boolean suppressed(Harness harness, String email) {
    return harness.count(harness.tidings.database().sql("is-suppressed"), EmailAddress.hash(email))
        > 0;
  }
}
