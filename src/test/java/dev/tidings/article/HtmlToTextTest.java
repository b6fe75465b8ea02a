package dev.tidings.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HtmlToTextTest {
  @Test
  void blocksHeadingsListsQuotesAndLinks_keepTheirShape() {
    String text =
        HtmlToText.of(
            "<h1>Harbour news</h1><p>The <b>ferry</b> runs   again &amp; the\n"
                + " <a href=\"https://e.com/f\">timetable</a> is out.</p>"
                + "<h3>Details</h3><ul><li>Mon<ul><li>early</li></ul></li><li>Tue</li></ul>"
                + "<ol><li>one</li><li>two</li></ol>"
                + "<blockquote><p>Quoted</p><p>twice</p></blockquote>"
                + "<pre>a  b\n  c</pre><table><tr><td>x</td><td>y</td></tr></table>"
                + "<p>line<br>break</p><hr><p>We shipped it 🎉, 好，</p>");
    assertThat(text)
        .isEqualTo(
            "Harbour news\n"
                + "============\n\n"
                + "The ferry runs again & the [timetable](https://e.com/f) is out.\n\n"
                + "### Details\n\n"
                + "* Mon\n"
                + "  * early\n"
                + "* Tue\n\n"
                + "1. one\n"
                + "2. two\n\n"
                + "> Quoted\n"
                + ">\n"
                + "> twice\n\n"
                + "a  b\n"
                + "  c\n\n"
                + "x | y\n\n"
                + "line\n"
                + "break\n\n"
                + "---\n\n"
                + "We shipped it 🎉, 好，");
  }

  @Test
  void emptyAndTextOnlyInput() {
    assertThat(HtmlToText.of("")).isEmpty();
    assertThat(HtmlToText.of(null)).isEmpty();
    assertThat(HtmlToText.of("just text")).isEqualTo("just text");
  }

  /**
   * 200,000 paragraphs took 33 s of CPU in the Markdown converter used before (its cost grew with
   * the square of the element count); one pass takes well under a second. The bound is thirty times
   * what this machine needs, a guard against a quadratic step coming back, not a speed goal (those
   * are in bench/baseline/HtmlTextCost.java).
   */
  @Test
  void twoHundredThousandParagraphs_convertInOnePass() {
    String html = "<p>x".repeat(200_000);
    String text = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> HtmlToText.of(html));
    assertThat(text.split("\n\n")).hasSize(200_000);
  }
}
