package dev.tidings.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The EHLO name: set, or a fully qualified default, never {@code localhost}. */
class HeloNameTest {
  @Test
  void default_isTheFirstFullyQualifiedName_neverLocalhost() {
    assertThat(HeloName.choose("mta1.example.net", Optional.empty(), Optional.empty()))
        .isEqualTo("mta1.example.net");
    assertThat(
            HeloName.choose(
                "vm", Optional.of("bounces@news.example.com"), Optional.of("https://x.example")))
        .as("a bare machine name gives way to the envelope sender's domain")
        .isEqualTo("news.example.com");
    assertThat(
            HeloName.choose(
                "localhost.localdomain",
                Optional.empty(),
                Optional.of("https://news.example.org/")))
        .isEqualTo("news.example.org");
    assertThat(HeloName.choose("localhost", Optional.empty(), Optional.of("http://localhost:8080")))
        .as("nothing qualified: an address literal")
        .matches("\\[\\d+\\.\\d+\\.\\d+\\.\\d+\\]");
  }

  @Test
  void configuredName_mustBeQualified() {
    assertThat(HeloName.problem("mail.example.com")).isEmpty();
    assertThat(HeloName.problem("[192.0.2.1]")).isEmpty();
    assertThat(HeloName.problem("localhost")).get().asString().contains("relays refuse it");
    assertThat(HeloName.problem("mailhost")).get().asString().contains("fully qualified");
    assertThatThrownBy(
            () -> Config.from(Map.of("TIDINGS_SMTP_HELO", "localhost", "TIDINGS_DATA_DIR", "x")))
        .hasMessageContaining("TIDINGS_SMTP_HELO");
    assertThat(Config.from(Map.of("TIDINGS_SMTP_HELO", "out.example.com")).smtp().helo())
        .isEqualTo("out.example.com");
  }

  @Test
  void caFile_thatIsMissingOrNotACertificate_stopsStartWithTheVariable() {
    assertThatThrownBy(
            () ->
                Config.from(
                    Map.of(
                        "TIDINGS_SMTP_HOST", "relay.example.com",
                        "TIDINGS_SECRET", "0123456789abcdef0123",
                        "TIDINGS_SMTP_TLS", "tls",
                        "TIDINGS_SMTP_TLS_CA", "/nonexistent/ca.pem")))
        .hasMessageContaining("TIDINGS_SMTP_TLS_CA")
        .hasMessageContaining("/nonexistent/ca.pem does not exist");
  }
}
