package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.article.ArticleDraft;
import dev.tidings.delivery.DkimKeys;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.edition.EditionStore;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterDraft;
import dev.tidings.subscriber.SubscriberStore;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Digests as the inbox receives them, on MariaDB: every message sent is parsed back for its headers
 * and structure, verified by an independent DKIM verifier (Apache jDKIM), and checked for names and
 * headlines in Japanese, Arabic and emoji; an edition over the size limit keeps its first articles
 * whole and lists the rest as links.
 */
@Tag("mariadb")
class InboxDigestTest {
  private static final String SENDER_NAME = "編集部 · التحرير 🌊";
  private static final String[][] READERS = {
    {"tanaka@example.org", "田中 太郎"},
    {"layla@example.org", "ليلى حسن"},
    {"zoe@example.org", "Zoë 🎉"}
  };

  @TempDir Path dir;
  private Harness harness;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private static byte[] raw(MimeMessage message) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toByteArray();
  }

  private Newsletter newsletter(String slug, int maxArticles) {
    return harness
        .tidings
        .newsletters()
        .add(
            new NewsletterDraft(
                slug,
                "週刊ハーバー · أخبار الميناء 🌊",
                "0 8 * * 5",
                "Asia/Tokyo",
                "news@example.com",
                SENDER_NAME,
                "desk@example.com",
                null,
                null,
                1,
                maxArticles,
                null,
                true,
                "https://example.com/logo.png",
                "#0f766e",
                "ja-JP"));
  }

  @Test
  void everySentMessage_parsesBack_signedAndIntact_inAnyScript() throws Exception {
    DkimKeys.Generated keys = DkimKeys.generate();
    Path key = dir.resolve("dkim.pem");
    Files.writeString(key, keys.privateKeyPem());
    harness =
        Harness.start(
            TestDatabase.Kind.MARIADB,
            Map.of(
                "TIDINGS_DKIM_DOMAIN", "example.com",
                "TIDINGS_DKIM_SELECTOR", "tidings",
                "TIDINGS_DKIM_KEY_FILE", key.toString(),
                "TIDINGS_POSTAL_ADDRESS", "1 Quay Street, Portsmouth"));
    Newsletter newsletter = newsletter("harbour", 10);
    List<SubscriberStore.Entry> entries = new ArrayList<>();
    for (String[] reader : READERS) {
      entries.add(new SubscriberStore.Entry(reader[0], reader[1]));
    }
    harness
        .tidings
        .subscribers()
        .upsert(entries, newsletter.id(), true, new SubscriberStore.Consent("test", "inbox"));
    String japanese = "図書館に新しい工房がオープン";
    String arabic = "سوق الليل يعود إلى الساحة القديمة";
    String emoji = "Allotments agree on a water rota 🌱💧";
    harness.article(japanese, "https://example.com/ja", harness.clock.instant().minusSeconds(300));
    harness.article(arabic, "https://example.com/ar", harness.clock.instant().minusSeconds(200));
    harness.article(emoji, "https://example.com/emoji", harness.clock.instant().minusSeconds(100));
    Edition edition =
        harness.tidings.planner().plan(newsletter, EditionPlanner.Trigger.manual("test"));
    harness.tidings.engine().runEdition(edition.id());

    MimeMessage[] received = harness.smtp.getReceivedMessages();
    assertThat(received).hasSize(READERS.length);
    Session session = Session.getInstance(new Properties());
    String date =
        DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
            .withLocale(Locale.JAPAN)
            .withZone(newsletter.zone())
            .format(edition.createdAt());
    for (MimeMessage arrived : received) {
      byte[] bytes = raw(arrived);
      String wire = new String(bytes, StandardCharsets.UTF_8);
      assertThat(wire.split("\r\n"))
          .as("no line over 998 octets")
          .allSatisfy(
              line -> assertThat(line.getBytes(StandardCharsets.UTF_8).length).isLessThan(999));
      DkimVerification.verify(bytes, "example.com", "tidings", keys.txtRecord());

      MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(bytes));
      InternetAddress to = (InternetAddress) message.getRecipients(MimeMessage.RecipientType.TO)[0];
      String name =
          java.util.Arrays.stream(READERS)
              .filter(reader -> reader[0].equals(to.getAddress()))
              .findFirst()
              .orElseThrow()[1];
      assertThat(to.getPersonal()).isEqualTo(name);
      InternetAddress from = (InternetAddress) message.getFrom()[0];
      assertThat(from.getPersonal()).isEqualTo(SENDER_NAME);
      assertThat(message.getHeader("From")[0]).startsWith("=?UTF-8?");
      assertThat(message.getReplyTo()[0].toString()).isEqualTo("desk@example.com");
      assertThat(message.getSentDate()).isNotNull();
      assertThat(message.getHeader("MIME-Version")[0]).isEqualTo("1.0");
      long subscriber = harness.tidings.subscribers().byEmail(to.getAddress()).id();
      assertThat(message.getMessageID())
          .isEqualTo("<tidings." + edition.id() + "." + subscriber + "@example.com>");
      assertThat(jakarta.mail.internet.MimeUtility.decodeText(message.getHeader("List-Id")[0]))
          .isEqualTo("週刊ハーバー · أخبار الميناء 🌊 <harbour.example.com>");
      assertThat(message.getHeader("List-Unsubscribe")[0])
          .matches("<https?://[^>]+/unsubscribe/[^>]+>, <mailto:desk@example.com\\?subject=[^>]+>");
      assertThat(message.getHeader("List-Unsubscribe-Post")[0])
          .isEqualTo("List-Unsubscribe=One-Click");
      assertThat(message.getSubject()).isEqualTo(edition.subject()).contains("週刊ハーバー");

      Multipart alternative = (Multipart) message.getContent();
      assertThat(alternative.getContentType()).startsWith("multipart/alternative");
      assertThat(alternative.getCount()).isEqualTo(2);
      assertThat(alternative.getBodyPart(0).getContentType())
          .isEqualToIgnoringCase("text/plain; charset=UTF-8");
      assertThat(alternative.getBodyPart(1).getContentType())
          .isEqualToIgnoringCase("text/html; charset=UTF-8");
      String text = (String) alternative.getBodyPart(0).getContent();
      String html = (String) alternative.getBodyPart(1).getContent();
      for (String part : new String[] {text, html}) {
        assertThat(part).contains(japanese, arabic, emoji, name, date, "1 Quay Street");
      }
      assertThat(html)
          .contains("<html lang=\"ja\"")
          .contains("src=\"https://example.com/logo.png\"")
          .contains("#0f766e");
      assertThat(text.lines())
          .as("the text part is wrapped")
          .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
      assertThat(text).contains("[1] https://example.com/ja").contains("Unsubscribe");
    }
  }

  @Test
  void editionOverTheSizeLimit_keepsFirstArticlesWhole_andListsTheRest() throws Exception {
    harness = Harness.start(TestDatabase.Kind.MARIADB, Map.of("TIDINGS_HTML_LIMIT", "40000"));
    Newsletter newsletter = newsletter("big", 30);
    harness.subscribers(newsletter, "ann@example.com");
    // The widest subscriber there can be: a 200-character name and a 254-character address, both
    // of characters that grow when escaped.
    String widest =
        "&".repeat(64)
            + "@"
            + "d".repeat(60)
            + "."
            + "o".repeat(60)
            + "."
            + "m".repeat(60)
            + ".com";
    harness
        .tidings
        .subscribers()
        .upsert(
            List.of(new SubscriberStore.Entry(widest, "\"<&>'".repeat(40))),
            newsletter.id(),
            true,
            new SubscriberStore.Consent("test", "harness"));
    String excerpt = "Long story told at length, sentence after sentence. ".repeat(20);
    for (int i = 1; i <= 30; i++) {
      harness
          .tidings
          .articles()
          .save(
              new ArticleDraft(
                  null,
                  "Story number " + i,
                  "Ada",
                  "https://example.com/story/" + i,
                  "Opening " + i + ". " + excerpt,
                  "<p>x</p>",
                  "x",
                  "https://example.com/story/" + i + ".jpg",
                  null,
                  600,
                  harness.clock.instant().minus(Duration.ofMinutes(60 - i))));
    }
    Edition edition =
        harness.tidings.planner().plan(newsletter, EditionPlanner.Trigger.manual("test"));
    EditionStore.DigestFacts facts = harness.tidings.editions().digestFacts(edition.id());
    assertThat(facts.sizeNote()).startsWith("shortened: all 30 articles in full would make");
    assertThat(facts.htmlBytes()).isBetween(20_000, 40_000);

    harness.tidings.engine().runEdition(edition.id());
    assertThat(harness.smtp.getReceivedMessages()).hasSize(2);
    for (MimeMessage received : harness.smtp.getReceivedMessages()) {
      String part = (String) ((Multipart) received.getContent()).getBodyPart(1).getContent();
      assertThat(part.replaceAll("\r?\n", "\r\n").getBytes(StandardCharsets.UTF_8).length)
          .as("the HTML part to %s as sent", received.getAllRecipients()[0])
          .isLessThanOrEqualTo(40_000);
    }
    MimeMessage message = null;
    for (MimeMessage received : harness.smtp.getReceivedMessages()) {
      if (((InternetAddress) received.getAllRecipients()[0])
          .getAddress()
          .equals("ann@example.com")) {
        message = received;
      }
    }
    assertThat(message).as("Ann's digest").isNotNull();
    Multipart alternative = (Multipart) message.getContent();
    String html = (String) alternative.getBodyPart(1).getContent();
    assertThat(html).contains("Opening 1.").contains("Also in this edition");
    assertThat(html).doesNotContain("Opening 30.");
    for (int i = 1; i <= 30; i++) {
      assertThat(html).contains("https://example.com/story/" + i + "\"");
    }
    int whole = 0;
    while (html.contains("Opening " + (whole + 1) + ".")) {
      whole++;
    }
    assertThat(facts.sizeNote()).contains("the first " + whole + " in full, " + (30 - whole));
    String text = (String) alternative.getBodyPart(0).getContent();
    assertThat(text).contains("ALSO IN THIS EDITION").contains("Story number 30");
  }
}
