package dev.tidings.edition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.article.Article;
import dev.tidings.newsletter.Newsletter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What the renderer measures: the HTML a reader gets for editions of 10 and 30 articles with the
 * default template, written to {@code target/screenshots/sizes.txt}; and the shortening of an
 * edition past the limit, which keeps the first articles whole and never drops one.
 */
class EditionSizeTest {
  private final EditionRenderer renderer =
      new EditionRenderer(
          new Templates(Path.of("templates"), Clock.systemUTC()), "1 Quay Street, Portsmouth");

  private static List<Article> withImages(int count) throws Exception {
    List<Article> articles = new ArrayList<>();
    for (Article article : SampleDigest.articles(count, null)) {
      articles.add(
          new Article(
              article.id(),
              null,
              article.title(),
              article.author(),
              article.url(),
              article.excerpt(),
              article.bodyHtml(),
              article.bodyText(),
              "https://harbour.example/images/story-" + article.id() + "-1200x675.jpg",
              null,
              article.wordCount(),
              article.status(),
              article.publishedAt(),
              article.ingestedAt()));
    }
    return articles;
  }

  @Test
  void tenAndThirtyArticleEditions_areMeasured_andFitTheLimit() throws Exception {
    Newsletter newsletter = SampleDigest.newsletter("default", "https://harbour.example/logo.png");
    StringBuilder report = new StringBuilder();
    for (int count : new int[] {10, 30}) {
      List<Article> articles = withImages(count);
      EditionRenderer.SharedContent shared =
          renderer.renderShared(newsletter, articles, SampleDigest.AT);
      EditionRenderer.PersonalContent reader =
          renderer
              .personalizer(newsletter, SampleDigest.edition(shared, count), shared.preheader())
              .render(SampleDigest.reader());
      int text = reader.text().getBytes(StandardCharsets.UTF_8).length;
      assertThat(shared.sizeNote()).as(count + " articles").isNull();
      assertThat(reader.htmlBytes().length).isLessThanOrEqualTo(EditionRenderer.DEFAULT_HTML_LIMIT);
      // The measured size is what a reader gets, give or take the length of their own links.
      assertThat(Math.abs(reader.htmlBytes().length - shared.htmlBytes())).isLessThan(200);
      report.append(
          String.format(
              Locale.ROOT,
              "%d articles: HTML %d bytes (%.1f KB), text %d bytes (%.1f KB)%n",
              count,
              reader.htmlBytes().length,
              reader.htmlBytes().length / 1024.0,
              text,
              text / 1024.0));
    }
    Files.createDirectories(Path.of("target", "screenshots"));
    Files.writeString(Path.of("target", "screenshots", "sizes.txt"), report.toString());
  }

  @Test
  void overTheLimit_firstArticlesStayWhole_restBecomeHeadlineLinks() throws Exception {
    Newsletter newsletter = SampleDigest.newsletter("default", null);
    List<Article> articles = withImages(30);
    EditionRenderer tight =
        new EditionRenderer(new Templates(Path.of("templates"), Clock.systemUTC()), "", 30_000);
    EditionRenderer.SharedContent shared =
        tight.renderShared(newsletter, articles, SampleDigest.AT);

    assertThat(shared.htmlBytes()).isLessThanOrEqualTo(30_000);
    assertThat(shared.sizeNote())
        .matches("shortened: all 30 articles in full would make .* the first \\d+ in full.*");
    int whole =
        Integer.parseInt(shared.sizeNote().replaceAll(".*the first (\\d+) in full.*", "$1"));
    assertThat(whole).isBetween(1, 29);
    for (int i = 0; i < 30; i++) {
      assertThat(shared.html()).as("article " + (i + 1)).contains(articles.get(i).url() + "\"");
      assertThat(shared.text()).contains(articles.get(i).title());
    }
    assertThat(shared.html())
        .contains(articles.get(whole - 1).imageUrl())
        .doesNotContain(articles.get(whole).imageUrl());
  }

  @Test
  void underAnyLimit_theWidestSubscriberThereCanBe_staysWithinIt() throws Exception {
    Newsletter newsletter = SampleDigest.newsletter("default", null);
    List<Article> articles = withImages(30);
    Recipient widest = widestReader();
    // Steps smaller than an article, so some limit falls just above a cut whatever the dates.
    for (int limit = 26_000; limit <= 50_000; limit += 400) {
      EditionRenderer renderer =
          new EditionRenderer(new Templates(Path.of("templates"), Clock.systemUTC()), "", limit);
      EditionRenderer.SharedContent shared =
          renderer.renderShared(newsletter, articles, SampleDigest.AT);
      byte[] html =
          renderer
              .personalizer(newsletter, SampleDigest.edition(shared, 30), shared.preheader())
              .render(widest)
              .htmlBytes();
      assertThat(html.length)
          .as("the widest message under a limit of %d", limit)
          .isLessThanOrEqualTo(limit);
    }
  }

  /**
   * At the default limit, editions of 1, 30, 200 and 1,000 articles stay within it for the widest
   * subscriber there can be. Past the point where even every headline does not fit (200 headlines
   * were 124 KB), the first headlines are listed and the rest counted, "and N more", with a link to
   * the newsletter's archive; no article is listed twice or silently lost.
   */
  @Test
  void editionsOfAnySize_stayWithinTheLimit_andCountWhatIsNotListed() throws Exception {
    Newsletter newsletter = SampleDigest.newsletter("default", null);
    Recipient widest = widestReader();
    String archive = "https://news.example.com/archive/" + newsletter.slug();
    StringBuilder report = new StringBuilder();
    for (int count : new int[] {1, 30, 200, 1000}) {
      List<Article> articles = withImages(count);
      EditionRenderer.SharedContent shared =
          renderer.renderShared(newsletter, articles, SampleDigest.AT);
      EditionRenderer.PersonalContent message =
          renderer
              .personalizer(newsletter, SampleDigest.edition(shared, count), shared.preheader())
              .render(widest);
      assertThat(message.htmlBytes().length)
          .as("%d articles", count)
          .isLessThanOrEqualTo(EditionRenderer.DEFAULT_HTML_LIMIT);
      report.append(
          String.format(
              Locale.ROOT,
              "%d articles, widest reader: HTML %d bytes; %s%n",
              count,
              message.htmlBytes().length,
              shared.sizeNote() == null ? "not shortened" : shared.sizeNote()));
      Files.createDirectories(Path.of("target", "screenshots"));
      Files.writeString(Path.of("target", "screenshots", "sizes-large.txt"), report.toString());
      int listed = 0;
      for (Article article : articles) {
        if (shared.html().contains(article.url() + "\"")) {
          listed++;
        }
      }
      if (count <= 30) {
        assertThat(listed).as("%d articles", count).isEqualTo(count);
        assertThat(shared.html()).doesNotContain(archive + "\"");
        continue;
      }
      int unlisted = count - listed;
      assertThat(unlisted).as("%d articles", count).isPositive();
      assertThat(shared.sizeNote()).contains(unlisted + " counted with a link to the archive");
      assertThat(shared.html().replaceAll("\\s+", " "))
          .contains("and " + unlisted + " more", "href=\"" + archive + "\"");
      assertThat(shared.text().replaceAll("\\s+", " "))
          .contains("and " + unlisted + " more: read them all in the archive, " + archive);
      // The listed ones are the first, in order.
      for (int i = 0; i < listed; i++) {
        assertThat(shared.html()).contains(articles.get(i).url() + "\"");
      }
    }
  }

  /** The subscriber whose name and address escape longest, with the longest signed links. */
  private static Recipient widestReader() {
    EditionRenderer.LinkBounds links = EditionRenderer.LinkBounds.EXAMPLE;
    return new Recipient(
        EditionRenderer.LARGEST_ID,
        "&".repeat(64) + "@" + "d".repeat(189),
        "\"".repeat(EditionRenderer.NAME_LENGTH),
        links.unsubscribe(),
        links.preferences(),
        links.view());
  }
}
