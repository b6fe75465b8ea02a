package dev.tidings.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.DkimVerification;
import dev.tidings.edition.EditionRenderer;
import dev.tidings.edition.Recipient;
import dev.tidings.newsletter.CronSpec;
import dev.tidings.newsletter.Look;
import dev.tidings.newsletter.Newsletter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.apache.james.jdkim.api.SignatureRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DKIM signatures of ours, checked by Apache jDKIM: in 8bit and in quoted-printable. */
class DkimSignerTest {
  private static final DkimKeys.Generated KEYS = DkimKeys.generate();

  @TempDir Path dir;

  private DkimSigner signer() throws Exception {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, KEYS.privateKeyPem());
    return DkimSigner.load("example.com", "tidings", file);
  }

  private static Newsletter newsletter() {
    return new Newsletter(
        3,
        "weekly",
        "Wöchentlich · 週刊 · أسبوعي",
        CronSpec.parse("0 8 * * 1"),
        ZoneId.of("Asia/Tokyo"),
        "news@example.com",
        "Redaktion Ü 🌊",
        "desk@example.com",
        Newsletter.DEFAULT_SUBJECT,
        "default",
        1,
        10,
        Duration.ofDays(7),
        true,
        new Look(null, "#1a7f5a", Locale.JAPANESE));
  }

  private static byte[] compose(DkimSigner signer, boolean sevenBit) throws Exception {
    String text = "こんにちは 田中さん\nمرحبا بالعالم   \n\n\nRead 🌊 now  \n\n";
    byte[] html =
        ("<p>ニュース  \t</p>\r\n<p>" + "x".repeat(1200) + "</p>\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    MessageComposer composer = new MessageComposer(signer);
    dev.tidings.edition.Edition edition =
        new dev.tidings.edition.Edition(
            9,
            3,
            "manual",
            null,
            "test",
            "週刊ニュース: 橋が再開 🌉 and a rather long subject line that must be folded",
            dev.tidings.edition.Edition.Status.SENDING,
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
            "tanaka@example.org",
            "田中 太郎",
            "https://news.example.com/unsubscribe/42-3-abc",
            "https://news.example.com/preferences/42-3-abc",
            "https://news.example.com/archive/weekly/9");
    jakarta.mail.internet.MimeMessage message =
        composer.compose(
            newsletter(),
            edition,
            recipient,
            new EditionRenderer.PersonalContent(
                dev.tidings.edition.WirePart.of(text),
                dev.tidings.edition.WirePart.of(
                    new String(html, java.nio.charset.StandardCharsets.UTF_8))),
            "42-3-abc",
            Instant.parse("2026-11-27T08:00:00Z"));
    if (sevenBit) {
      ((DigestMimeMessage) message).useSevenBit();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    message.writeTo(out);
    return out.toByteArray();
  }

  @Test
  void signedMessage_verifiesWithJdkim_in8bitAndQuotedPrintable() throws Exception {
    DkimSigner signer = signer();
    for (boolean sevenBit : new boolean[] {false, true}) {
      byte[] raw = compose(signer, sevenBit);
      String text = new String(raw, StandardCharsets.UTF_8);
      assertThat(text)
          .startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n\td=example.com;")
          .contains(sevenBit ? "quoted-printable" : "Content-Transfer-Encoding: 8bit");
      String signature = text.substring(0, text.indexOf("\r\nDate:"));
      assertThat(signature.split("\r\n"))
          .as("the signature header is folded")
          .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
      SignatureRecord record =
          DkimVerification.verify(raw, "example.com", "tidings", KEYS.txtRecord()).get(0);
      assertThat(record.getHeaders())
          .extracting(CharSequence::toString)
          .contains(
              "from",
              "to",
              "subject",
              "date",
              "message-id",
              "list-unsubscribe",
              "list-unsubscribe-post");
    }
  }

  @Test
  void changedBodyOrHeader_failsVerification() throws Exception {
    byte[] raw = compose(signer(), false);
    String text = new String(raw, StandardCharsets.UTF_8);
    assertThat(text).contains("こんにちは");
    byte[] body = text.replace("こんにちは", "こんばんは").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> DkimVerification.verify(body, "example.com", "tidings", KEYS.txtRecord()))
        .isNotNull();
    byte[] header =
        text.replace(
                "List-Unsubscribe-Post: List-Unsubscribe=One-Click", "List-Unsubscribe-Post: x")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(
            () -> DkimVerification.verify(header, "example.com", "tidings", KEYS.txtRecord()))
        .isNotNull();
  }

  @Test
  void unsignedComposer_writesNoSignature() throws Exception {
    assertThat(new String(compose(null, false), StandardCharsets.UTF_8))
        .doesNotContain("DKIM-Signature");
  }

  @Test
  void pkcs1Key_isReadToo_andGarbageIsNamed() throws Exception {
    Path garbage = dir.resolve("bad.pem");
    Files.writeString(garbage, "not a key");
    assertThatThrownBy(() -> DkimSigner.load("example.com", "s", garbage))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bad.pem")
        .hasMessageContaining("no PEM private key");
    assertThatThrownBy(() -> DkimSigner.load("example.com", "s", dir.resolve("missing.pem")))
        .hasMessageContaining("does not exist");
    Path pkcs1 = dir.resolve("rsa.pem");
    Process openssl =
        new ProcessBuilder("openssl", "genrsa", "-traditional", "-out", pkcs1.toString(), "2048")
            .redirectErrorStream(true)
            .start();
    if (openssl.waitFor() == 0 && Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY")) {
      DkimSigner signer = DkimSigner.load("example.com", "old", pkcs1);
      byte[] raw = compose(signer, false);
      DkimVerification.verify(raw, "example.com", "old", signer.txtRecord());
    }
  }
}
