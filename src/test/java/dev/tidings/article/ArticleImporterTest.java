package dev.tidings.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tidings.InvalidInputException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer on its own: sanitizing, links, Markdown, excerpts and refused input. */
class ArticleImporterTest {
  private final ArticleImporter importer = new ArticleImporter(Excerpts.DEFAULT_LENGTH);
  @TempDir Path dir;

  private ArticleDraft html(String html) {
    return importer.parse(
        new ArticleImporter.Input(
            "test.html",
            html,
            ArticleImporter.Format.HTML,
            "A title",
            "https://news.example.com/2026/story/index.html",
            null,
            null,
            List.of(),
            null),
        SourceLines.NONE);
  }

  @Test
  void xssVectors_areRemovedFromTheStoredHtml() {
    String[] attacks = {
      "<script>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<a href=\"javascript:alert(1)\">click</a>",
      "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
      "<a href=\"&#106;avascript:alert(1)\">click</a>",
      "<svg onload=alert(1)><circle/></svg>",
      "<iframe src=\"https://evil.example\"></iframe>",
      "<form action=\"https://evil.example\"><input name=q><button>Go</button></form>",
      "<div style=\"background:url(javascript:alert(1))\">x</div>",
      "<body onload=alert(1)>",
      "<img src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table>",
      "<object data=\"javascript:alert(1)\"></object>",
      "<p onclick=\"alert(1)\">text</p>",
    };
    for (String attack : attacks) {
      String stored =
          html("<p>An innocent paragraph of the article.</p>" + attack).bodyHtml().toLowerCase();
      assertThat(stored)
          .as(attack)
          .doesNotContain("<script", "javascript:", "onerror", "onload", "onclick", "<iframe")
          .doesNotContain("<form", "<input", "<svg", "<object", "style=", "data:text");
      assertThat(stored).as(attack).contains("an innocent paragraph of the article.");
    }
  }

  @Test
  void relativeLinksAndImages_areResolvedAgainstTheArticleUrl_andAltTextKept() {
    ArticleDraft draft =
        html(
            "<p>See <a href=\"../other.html\">the other story</a> and"
                + " <a href='/about'>about us</a>.</p>"
                + "<p><img src=\"img/chart.png\" alt=\"Sales by month\"></p>");
    assertThat(draft.bodyHtml())
        .contains("href=\"https://news.example.com/2026/other.html\"")
        .contains("href=\"https://news.example.com/about\"")
        .contains("src=\"https://news.example.com/2026/story/img/chart.png\"")
        .contains("alt=\"Sales by month\"");
    assertThat(draft.imageUrl()).isEqualTo("https://news.example.com/2026/story/img/chart.png");
    assertThat(draft.bodyText()).contains("the other story").doesNotContain("<a");
  }

  @Test
  void markdown_goesThroughCommonmarkAndTheHtmlPath() {
    ArticleDraft draft =
        importer.parse(
            new ArticleImporter.Input(
                "post.md",
                "# Release notes\n\nThe *new* version is out. Read [the log](changes.html).\n\n"
                    + "<script>alert(1)</script>\n\nSecond paragraph.",
                ArticleImporter.Format.MARKDOWN,
                null,
                "https://example.org/blog/post",
                "Ann Lee",
                null,
                List.of("Releases", "releases", " Java "),
                null),
            SourceLines.NONE);
    assertThat(draft.title()).isEqualTo("Release notes");
    assertThat(draft.bodyHtml())
        .contains("<em>new</em>")
        .contains("href=\"https://example.org/blog/changes.html\"")
        .doesNotContain("<script");
    assertThat(draft.excerpt()).startsWith("The new version is out.");
    assertThat(draft.tags()).isEqualTo("releases,java");
    assertThat(draft.author()).isEqualTo("Ann Lee");
  }

  @Test
  void excerpt_isCutAtASentenceNearTheTarget_neverMidWord() {
    String sentence = "This sentence has exactly ten words in it, no more. ";
    String excerpt = Excerpts.of(List.of(sentence.repeat(20)), 200);
    assertThat(excerpt).endsWith("more.");
    assertThat(excerpt.length()).isBetween(100, 260);
    String noStops = "word ".repeat(200);
    String cut = Excerpts.of(List.of(noStops), 200);
    assertThat(cut).endsWith("word…").hasSizeLessThanOrEqualTo(201);
  }

  @Test
  void excerpt_ofCopiedPage_isTheLead_withoutChrome() throws IOException {
    Path page = Files.writeString(dir.resolve("page.txt"), corpusPage());
    ArticleDraft draft =
        importer.read(page, new ArticleImporter.Options(null, null, null, null, null));
    assertThat(draft.excerpt())
        .startsWith("Most of the tomatoes I grew last summer split")
        .doesNotContain("Loading", "Share", "Greenleaf");
    assertThat(draft.author()).isEqualTo("Maria Lindqvist");
    assertThat(draft.publishedAt()).hasToString("2026-03-03T00:00:00Z");
    assertThat(draft.wordCount()).isBetween(120, 180);
  }

  @Test
  void badFiles_eachNamedInItsError_andTheRestOfTheBatchImported() throws IOException {
    Path good = Files.writeString(dir.resolve("good.txt"), corpusPage());
    Path empty = Files.createFile(dir.resolve("empty.txt"));
    Path binary = Files.write(dir.resolve("image.txt"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0});
    Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
    Path huge = dir.resolve("huge.txt");
    try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
      file.setLength(20L * 1024 * 1024);
    }
    Path nested =
        Files.writeString(
            dir.resolve("nested.html"), "<div>".repeat(5000) + "text" + "</div>".repeat(5000));
    Path missing = dir.resolve("missing.md");
    List<ArticleImporter.Outcome> outcomes =
        importer.readAll(
            List.of(empty, binary, good, latin1, huge, nested, missing),
            new ArticleImporter.Options(null, null, null, null, null));
    assertThat(outcomes).hasSize(7);
    assertThat(outcomes.get(2).draft().title())
        .isEqualTo("Why Your Tomatoes Split and How to Stop It");
    assertThat(message(outcomes.get(0))).contains("empty.txt").contains("empty");
    assertThat(message(outcomes.get(1))).contains("image.txt").contains("binary");
    assertThat(message(outcomes.get(3))).contains("latin1.txt").contains("UTF-8");
    assertThat(message(outcomes.get(4))).contains("huge.txt").contains("20.0 MB", "5 MB limit");
    assertThat(message(outcomes.get(5))).contains("nested.html").contains("nested 5000");
    assertThat(message(outcomes.get(6))).contains("missing.md").contains("no such file");
  }

  @Test
  void textWithNoArticle_isRefused() {
    assertThatThrownBy(
            () ->
                importer.parse(
                    new ArticleImporter.Input(
                        "menu.txt",
                        "Home\nAbout\nContact\n",
                        ArticleImporter.Format.TEXT,
                        null,
                        null,
                        null,
                        null,
                        List.of(),
                        null),
                    SourceLines.NONE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("menu.txt")
        .hasMessageContaining("no paragraph");
  }

  private static String message(ArticleImporter.Outcome outcome) {
    assertThat(outcome.draft()).isNull();
    return outcome.error().getMessage();
  }

  private static String corpusPage() throws IOException {
    try (var in =
        ArticleImporterTest.class.getResourceAsStream("/corpus/greenleaf/split-tomatoes.txt")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
