package dev.tidings.newsletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.Harness;
import dev.tidings.InvalidInputException;
import dev.tidings.TestDatabase;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Subject templates are typed by editors: they may not read files outside their template set
 * (before, {@code {{> sql/editors.sql}}} and {@code {{> META-INF/MANIFEST.MF}}} came from the class
 * path) nor call getters ({@code {{name.bytes}}}); and a template that cannot render is refused
 * when the newsletter is saved, not with a 500 at the next preview.
 */
class NewsletterDesignTest {
  private Harness harness;

  @BeforeEach
  void start() throws Exception {
    harness = Harness.start(TestDatabase.Kind.H2);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void partialsFromTheClassPathOrOutsideTheSet_areRefusedAtSave() {
    for (String subject :
        List.of(
            "{{> sql/editors.sql}}",
            "{{> META-INF/MANIFEST.MF}}",
            "{{> ../../pages/partials/head}}",
            "{{> /etc/passwd}}")) {
      assertThatThrownBy(() -> harness.tidings.newsletters().add(draft("news", subject, null)))
          .as(subject)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("subject template");
    }
    assertThat(harness.tidings.newsletters().list()).isEmpty();
  }

  @Test
  void getters_giveNothing_onlyTheSubjectsValuesAreSeen() {
    Newsletter saved =
        harness
            .tidings
            .newsletters()
            .add(draft("news", "{{name}} {{name.bytes}}{{name.class}}", null));
    String subject = harness.tidings.renderer().subject(saved, List.of(), Harness.START);
    assertThat(subject).isEqualTo("The news digest");
  }

  @Test
  void anUncompilableSubject_orAMissingOrBrokenSet_isBadInputAtSave() {
    assertThatThrownBy(() -> harness.tidings.newsletters().add(draft("a", "{{#name}} open", null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("subject template is not a valid template");
    assertThatThrownBy(() -> harness.tidings.newsletters().add(draft("b", null, "nosuchset")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("template set 'nosuchset' cannot be used");
    assertThatThrownBy(() -> harness.tidings.newsletters().add(draft("c", null, "broken")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("template set 'broken' cannot be used");
    assertThat(harness.tidings.newsletters().list()).isEmpty();
  }

  private static NewsletterDraft draft(String slug, String subject, String set) {
    return new NewsletterDraft(
        slug,
        "The " + slug + " digest",
        "0 8 * * 1",
        "Europe/Berlin",
        "news@example.com",
        "Tidings Team",
        null,
        subject,
        set,
        1,
        10,
        Duration.ofDays(7),
        true);
  }
}
