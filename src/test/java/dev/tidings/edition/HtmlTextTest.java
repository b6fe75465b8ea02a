package dev.tidings.edition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.article.Article;
import dev.tidings.newsletter.Newsletter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A template set without {@code articles.txt} (the plain set) gets a text part converted from its
 * HTML by HtmlToText: readable text with numbered links listed at the end, never markup.
 */
class HtmlTextTest {
  @Test
  void plainSet_textPart_isConvertedFromHtml_withLinksListed() throws Exception {
    EditionRenderer renderer =
        new EditionRenderer(new Templates(Path.of("templates"), Clock.systemUTC()), "1 Quay St");
    Newsletter newsletter = SampleDigest.newsletter("plain", null);
    List<Article> articles = SampleDigest.articles(4, null);
    EditionRenderer.SharedContent shared =
        renderer.renderShared(newsletter, articles, SampleDigest.AT);
    String text =
        renderer
            .personalizer(newsletter, SampleDigest.edition(shared, 4), shared.preheader())
            .render(SampleDigest.reader())
            .text();
    Files.createDirectories(Path.of("target", "screenshots"));
    Files.writeString(Path.of("target", "screenshots", "plain.txt"), text);

    for (int i = 0; i < 4; i++) {
      assertThat(text)
          .contains(articles.get(i).title() + " [" + (i + 1) + "]")
          .contains("[" + (i + 1) + "] " + articles.get(i).url());
    }
    assertThat(text).contains("LINKS", "Mira Holt", "Dear Ann,").doesNotContain("<", "](", "**");
    assertThat(text.lines())
        .allSatisfy(line -> assertThat(TextWrap.width(line)).isLessThanOrEqualTo(78));
  }

  @Test
  void sameLinkTwice_getsOneNumber() {
    String text =
        HtmlText.of(
            "<h2><a href=\"https://e.com/a\">A &amp; B</a></h2><p>See <a href=\"https://e.com/a\">"
                + "it</a> and <a href=\"https://e.com/b\">that</a>.</p>");
    assertThat(text)
        .contains("A & B [1]")
        .contains("See it [1] and that [2].")
        .endsWith("LINKS\n\n[1] https://e.com/a\n[2] https://e.com/b\n");
  }
}
