package dev.tidings.edition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The text part stays within its columns in any script, and links are never broken. */
class TextWrapTest {
  @Test
  void latinText_wrapsAtWords_keepingIndent_andUrlsWhole() {
    String url = "https://example.com/" + "a".repeat(90);
    String wrapped = TextWrap.wrap("   " + "word ".repeat(40) + url + " end", TextWrap.COLUMNS);
    assertThat(wrapped.lines()).allSatisfy(line -> assertThat(line).startsWith("   "));
    assertThat(wrapped.lines())
        .filteredOn(line -> !line.contains(url))
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(TextWrap.COLUMNS));
    assertThat(wrapped).contains("   " + url + "\n");
  }

  @Test
  void japaneseWithoutSpaces_breaksBetweenCharacters_countingTwoColumnsEach() {
    String japanese = "図書館に新しい工房がオープンしました。".repeat(8);
    String wrapped = TextWrap.wrap(japanese, TextWrap.COLUMNS);
    assertThat(wrapped.lines().count()).isGreaterThan(1);
    assertThat(wrapped.lines())
        .allSatisfy(line -> assertThat(TextWrap.width(line)).isLessThanOrEqualTo(TextWrap.COLUMNS));
    assertThat(wrapped.replace("\n", "")).isEqualTo(japanese);
  }

  @Test
  void arabicAndEmoji_wrapAtSpaces() {
    String arabic = "سوق الليل يعود إلى الساحة القديمة 🌙 ".repeat(6).strip();
    String wrapped = TextWrap.wrap(arabic, TextWrap.COLUMNS);
    assertThat(wrapped.lines())
        .allSatisfy(line -> assertThat(TextWrap.width(line)).isLessThanOrEqualTo(TextWrap.COLUMNS));
    assertThat(wrapped.replace("\n", " ")).isEqualTo(arabic);
  }
}
