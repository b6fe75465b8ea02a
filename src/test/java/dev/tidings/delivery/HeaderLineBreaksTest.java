package dev.tidings.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.Recipient;
import dev.tidings.edition.WirePart;
import dev.tidings.newsletter.CronSpec;
import dev.tidings.newsletter.Look;
import dev.tidings.newsletter.Newsletter;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Nothing from data breaks a header, even inside an encoded word: NEL (U+0085) and the other C1
 * controls, and U+2028/U+2029, passed through before ({@code \p{Cntrl}} is ASCII only), and some
 * clients break the line there once the word is decoded.
 */
class HeaderLineBreaksTest {
  private static final String BREAKS = "\r\n\u000b\u0085\u008d\u2028\u2029";
  private static final Pattern BREAKING = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");

  @Test
  void headerSafe_removesEveryKindOfLineBreak() {
    assertThat(MessageComposer.headerSafe("A\u0085B\u2028C\u2029D\r\nE\u000bF\u009fG"))
        .isEqualTo("A B C D E F G");
  }

  @Test
  void fromToSubjectAndListId_decodeToOneLine_whateverTheData() throws Exception {
    Newsletter newsletter =
        new Newsletter(
            3,
            "weekly",
            "Weekly" + BREAKS + "Bcc: list@evil.example",
            CronSpec.parse("0 8 * * 1"),
            ZoneId.of("UTC"),
            "news@example.com",
            "Desk" + BREAKS + "Reply-To: evil@evil.example",
            "desk@example.com",
            Newsletter.DEFAULT_SUBJECT,
            "default",
            1,
            10,
            Duration.ofDays(7),
            true,
            new Look(null, "#1a7f5a", Locale.ENGLISH));
    Edition edition =
        new Edition(
            9,
            3,
            "manual",
            null,
            "test",
            "News" + BREAKS + "X-Injected: yes",
            Edition.Status.SENDING,
            null,
            "",
            "",
            1,
            1,
            Instant.parse("2026-11-27T08:00:00Z"),
            null);
    Recipient recipient =
        new Recipient(
            42,
            "ann@example.org",
            "Ann" + BREAKS + "Cc: victim@example.net",
            "https://news.example.com/unsubscribe/42-3-abc",
            "https://news.example.com/preferences/42-3-abc",
            "https://news.example.com/archive/weekly/9");
    MimeMessage message =
        new MessageComposer(null)
            .compose(
                newsletter,
                edition,
                recipient,
                new EditionRenderer.PersonalContent(
                    WirePart.of("Hello\n"), WirePart.of("<p>Hello</p>\r\n")),
                "42-3-abc",
                Instant.parse("2026-11-27T08:00:00Z"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    String raw = out.toString(StandardCharsets.UTF_8);
    String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
    String unfolded = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    for (String line : unfolded.split("\r\n")) {
      assertThat(line).doesNotStartWith("Bcc:").doesNotStartWith("Cc:");
      assertThat(line).doesNotStartWith("X-Injected:").doesNotStartWith("Reply-To: evil");
      String decoded = MimeUtility.decodeText(line);
      assertThat(BREAKING.matcher(decoded).find()).as(decoded).isFalse();
    }
    assertThat(unfolded).contains("Ann Cc: victim@example.net", "News X-Injected: yes");
  }
}
