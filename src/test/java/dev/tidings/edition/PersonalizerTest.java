package dev.tidings.edition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.article.Article;
import dev.tidings.newsletter.CronSpec;
import dev.tidings.newsletter.Newsletter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HTML of each subscriber comes from a skeleton rendered once per edition; it must be exactly
 * what rendering the layout in full would give, whatever is in the personal values.
 */
class PersonalizerTest {
  private final Templates templates = new Templates(Path.of("templates"), Clock.systemUTC());
  private final EditionRenderer renderer = new EditionRenderer(templates, "1 Harbour Road");

  @Test
  void skeletonHtml_equalsTheFullRender_forAnyPersonalValues() {
    Newsletter newsletter =
        new Newsletter(
            1,
            "weekly",
            "Weekly & Co",
            CronSpec.parse("0 8 * * 1"),
            ZoneId.of("Europe/Berlin"),
            "news@example.com",
            "Desk",
            null,
            Newsletter.DEFAULT_SUBJECT,
            "default",
            1,
            10,
            Duration.ofDays(7),
            true);
    Instant now = Instant.parse("2026-11-27T08:00:00Z");
    List<Article> articles =
        List.of(
            new Article(
                1,
                null,
                "Bridges <reopen>",
                "Ada",
                "https://example.com/a?x=1&y=2",
                "The old bridge opens again.",
                "<p>x</p>",
                "x",
                null,
                null,
                300,
                "published",
                now,
                now),
            new Article(
                2,
                null,
                "Tides",
                null,
                null,
                "",
                "<p>y</p>",
                "y",
                null,
                null,
                0,
                "published",
                now,
                now));
    EditionRenderer.SharedContent shared = renderer.renderShared(newsletter, articles, now);
    Edition edition =
        new Edition(
            7,
            1,
            "manual",
            null,
            "test",
            shared.subject(),
            Edition.Status.SENDING,
            null,
            shared.html(),
            shared.text(),
            2,
            3,
            now,
            null);
    Personalizer personalizer = renderer.personalizer(newsletter, edition);

    for (String name : new String[] {"Ann", "", null, "Zoë & <Co> \"Q\" 'x' =`", "田中 🌊"}) {
      Recipient recipient =
          new Recipient(
              42,
              "ann+news@example.com",
              name,
              "https://news.example.com/unsubscribe/42-1-abc_DEF",
              "https://news.example.com/p?a=1&b=2",
              "https://news.example.com/archive/weekly/7");
      EditionRenderer.PersonalContent content = personalizer.render(recipient);
      byte[] full = HtmlSkeleton.crlf(personalizer.renderHtmlDirectly(recipient));
      assertThat(new String(content.htmlBytes(), StandardCharsets.UTF_8))
          .as(String.valueOf(name))
          .isEqualTo(new String(full, StandardCharsets.UTF_8));
      assertThat(content.text())
          .as(String.valueOf(name))
          .isEqualTo(personalizer.renderTextDirectly(recipient));
      assertThat(content.htmlPart().fitsLines()).isTrue();
      assertThat(content.textPart().fitsLines()).isTrue();
    }
  }
}
