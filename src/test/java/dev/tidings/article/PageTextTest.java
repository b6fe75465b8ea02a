package dev.tidings.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Single cases of the page text cleanup that the corpus does not isolate. */
class PageTextTest {
  private static final String LONG_A =
      "The first paragraph of the article is long enough to count as prose on its own, and it"
          + " ends with a full stop.";
  private static final String LONG_B =
      "The second paragraph follows on the very next line without a blank line between them,"
          + " which many copied pages do.";

  @Test
  void paragraphsOnConsecutiveLines_stayApart() {
    PageText.Result result =
        PageText.read("A Headline For The Test Page\n" + LONG_A + "\n" + LONG_B, SourceLines.NONE);
    assertThat(result.title()).isEqualTo("A Headline For The Test Page");
    assertThat(result.paragraphs()).containsExactly(LONG_A, LONG_B);
  }

  @Test
  void shortSentenceAndSubheadingInsideTheArticle_areKept() {
    PageText.Result result =
        PageText.read(
            "A Headline For The Test Page\n\n"
                + LONG_A
                + "\n\nIt worked.\n\nWhat comes next\n\n"
                + LONG_B
                + "\n\nShare this:\nFacebook\nX\n",
            SourceLines.NONE);
    assertThat(result.blocks())
        .containsExactly(
            new PageText.Block(LONG_A, PageText.Kind.PARAGRAPH),
            new PageText.Block("It worked.", PageText.Kind.PARAGRAPH),
            new PageText.Block("What comes next", PageText.Kind.HEADING),
            new PageText.Block(LONG_B, PageText.Kind.PARAGRAPH));
  }

  @Test
  void proseRecurringAcrossTheSite_isChrome_butNotOnASinglePage() {
    String blurb =
        "Write for us! We welcome guest posts from readers of every level, so send your idea.";
    String page = "A Headline For The Test Page\n\n" + LONG_A + "\n\n" + LONG_B + "\n\n" + blurb;
    SourceLines site =
        SourceLines.of(
            List.of(page, "Other page\n\nOther text.\n\n" + blurb, "Third\n\nMore.\n\n" + blurb));
    assertThat(PageText.read(page, site).paragraphs()).containsExactly(LONG_A, LONG_B);
    assertThat(PageText.read(page, SourceLines.NONE).paragraphs()).contains(blurb);
  }

  @Test
  void bylineInsideAHeadline_isNoAuthor() {
    PageText.Result result =
        PageText.read(
            "Every Library Gets Fibre by Next Year\n\n" + LONG_A + "\n\n" + LONG_B,
            SourceLines.NONE);
    assertThat(result.title()).isEqualTo("Every Library Gets Fibre by Next Year");
    assertThat(result.author()).isNull();
  }

  @Test
  void numberedSubheadings_areHeadings() {
    PageText.Result result =
        PageText.read(
            "Seven Small Changes for the Week\n\n"
                + LONG_A
                + "\n\n1. Start early\n\n"
                + LONG_B
                + "\n\n2) Stop on time\n\n"
                + LONG_A.replace("first", "third"),
            SourceLines.NONE);
    assertThat(result.blocks())
        .extracting(PageText.Block::kind)
        .containsExactly(
            PageText.Kind.PARAGRAPH,
            PageText.Kind.HEADING,
            PageText.Kind.PARAGRAPH,
            PageText.Kind.HEADING,
            PageText.Kind.PARAGRAPH);
    assertThat(result.blocks().get(1).text()).isEqualTo("1. Start early");
  }
}
