package dev.tidings.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Typed settings: blanks fall back to the default, values are trimmed and checked, and every
 * problem of a configuration is reported in one message naming each variable.
 */
class ConfigReaderTest {
  private enum Mode {
    NONE,
    STARTTLS
  }

  @Test
  void values_areReadTrimmed_andBlanksFallBack() {
    ConfigReader reader =
        new ConfigReader(
            Map.of(
                "A_INT", " 12 ",
                "A_BOOL", "Yes",
                "A_DURATION", "5m",
                "A_CHOICE", "StartTLS",
                "A_BLANK", "   ",
                "A_URL", "https://news.example.com/"));
    assertThat(reader.integer("A_INT", 1, 0, 100)).isEqualTo(12);
    assertThat(reader.bool("A_BOOL", false)).isTrue();
    assertThat(reader.duration("A_DURATION", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
    assertThat(reader.choice("A_CHOICE", Mode.class, Mode.NONE)).isEqualTo(Mode.STARTTLS);
    assertThat(reader.string("A_BLANK", "fallback")).isEqualTo("fallback");
    assertThat(reader.optional("A_BLANK")).isEmpty();
    assertThat(reader.integer("A_MISSING", 7, 0, 100)).isEqualTo(7);
    assertThat(reader.url("A_URL", "http://localhost").toString())
        .isEqualTo("https://news.example.com");
    reader.throwIfInvalid();
    assertThat(reader.resolved())
        .containsEntry("A_INT", 12)
        .containsEntry("A_MISSING", 7)
        .containsEntry("A_BLANK", "fallback");
  }

  @Test
  void everyProblem_isReportedAtOnce_namingItsVariable() {
    ConfigReader reader =
        new ConfigReader(
            Map.of(
                "B_INT", "500",
                "B_WORD", "ten",
                "B_BOOL", "maybe",
                "B_DURATION", "5 weeks",
                "B_CHOICE", "ssl",
                "B_URL", "ftp://files.example.com"));
    reader.integer("B_INT", 1, 0, 100);
    reader.integer("B_WORD", 1, 0, 100);
    reader.bool("B_BOOL", false);
    reader.duration("B_DURATION", Duration.ZERO);
    reader.choice("B_CHOICE", Mode.class, Mode.NONE);
    reader.url("B_URL", "http://localhost");
    assertThatThrownBy(reader::throwIfInvalid)
        .hasMessageContaining("B_INT must be between 0 and 100, got 500")
        .hasMessageContaining("B_WORD must be a whole number, got 'ten'")
        .hasMessageContaining("B_BOOL must be true or false, got 'maybe'")
        .hasMessageContaining("B_DURATION must be a duration such as")
        .hasMessageContaining("B_CHOICE must be one of none, starttls, got 'ssl'")
        .hasMessageContaining("B_URL must be an http(s) URL");
  }
}
