package dev.tidings.article;

import java.util.regex.Pattern;

/**
 * One line of a copied page with its evidence: its own shape, whether it recurs on other pages of
 * the site, and whether it is page furniture. Set up by {@link PageText}; not thread-safe.
 */
final class PageLine {
  static final Pattern SEPARATORS = Pattern.compile("[|»·•›>/]|\\s[-–—]\\s");
  static final Pattern CLOSING = Pattern.compile("[.!?…:;]['\"”’)]*$|[.!?]['\"”’)]+$");

  private static final Pattern NUMBERED = Pattern.compile("\\d{1,2}[.)]\\s+\\p{Lu}");

  final String text;
  final int words;
  boolean prose;
  boolean recurring;
  boolean chrome;

  PageLine(String text) {
    this.text = text;
    this.words = text.split("\\s+").length;
  }

  boolean good() {
    return prose && !chrome;
  }

  /**
   * Could be a subheading: a few words, capitalised or numbered ("2. Get dressed"), no furniture
   * marks, not closing like a label.
   */
  boolean headingLike() {
    return !chrome
        && words >= 2
        && words <= 14
        && !SEPARATORS.matcher(text).find()
        && !text.endsWith(":")
        && !text.endsWith("…")
        && !text.endsWith("...")
        && (Character.isUpperCase(text.codePointAt(0)) || NUMBERED.matcher(text).lookingAt());
  }

  /** Prose by its own shape: enough words, a sentence's end, no furniture marks. */
  static boolean proseShape(PageLine line) {
    boolean closes = CLOSING.matcher(line.text).find() && !line.text.endsWith(":");
    boolean furniture = SEPARATORS.matcher(line.text).results().count() >= 2;
    boolean letters = line.text.codePoints().anyMatch(Character::isLowerCase);
    return letters
        && !furniture
        && !line.text.endsWith("…")
        && !line.text.endsWith("...")
        && (line.words >= 10 && closes || line.words >= 30);
  }
}
