package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.article.ArticleImporter;
import dev.tidings.article.SourceLines;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Text from the field, through the real importers and a real SMTP server: characters outside the
 * BMP and CJK fullwidth punctuation arrive as the characters in both parts. Before, the sanitizer
 * wrote them as character references and the excerpt kept them, so every digest said {@code We
 * shipped it &#x1f389;} and {@code &#xff0c;}.
 */
class FieldTextTest {
  private Harness harness;

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  @Test
  void emojiAndFullwidthPunctuation_arriveAsCharacters_fromMarkdownAndHtml() throws Exception {
    harness = Harness.start(TestDatabase.Kind.H2);
    Newsletter weekly = harness.newsletter("weekly");
    harness.subscribers(weekly, "ann@example.com");
    ArticleImporter importer = harness.tidings.articleImporter();
    for (ArticleImporter.Input input :
        List.of(
            new ArticleImporter.Input(
                "shipped.md",
                "# Release day\n\nWe shipped it 🎉 after a long winter of work on the harbour app.\n",
                ArticleImporter.Format.MARKDOWN,
                null,
                "https://example.com/shipped",
                null,
                harness.clock.instant().minusSeconds(600),
                List.of(),
                null),
            new ArticleImporter.Input(
                "news.html",
                "<h1>港の朝市</h1><p>今日は晴れ，朝市は九時から。🐟 &amp; 🦀 &#x1F980;</p>",
                ArticleImporter.Format.HTML,
                null,
                "https://example.com/market",
                null,
                harness.clock.instant().minusSeconds(300),
                List.of(),
                null))) {
      harness.tidings.articles().save(importer.parse(input, SourceLines.NONE));
    }
    Edition edition = harness.tidings.planner().plan(weekly, EditionPlanner.Trigger.manual("test"));
    harness.tidings.engine().runEdition(edition.id());

    MimeMessage[] received = harness.smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    for (String part : Harness.textAndHtml(received[0])) {
      assertThat(part)
          .contains("We shipped it 🎉", "今日は晴れ，朝市は九時から。🐟", "🦀 🦀")
          .doesNotContain("&#x1f389;", "&#x1F389;", "&#xff0c;", "&#x1f980;", "&amp;#");
    }
  }
}
