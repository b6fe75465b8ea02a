package dev.tidings.edition;

import java.util.ArrayList;
import java.util.List;

/**
 * Wraps plain text at a column for the text part of an email. Widths are counted as a terminal or a
 * monospaced mail reader shows them: Chinese, Japanese and Korean characters and emoji take two
 * columns. Words longer than the line stay whole on a line of their own (URLs must not break),
 * except runs of such wide characters, which have no spaces and are broken between characters.
 * Continuation lines keep the indent of the line they come from. Stateless.
 */
public final class TextWrap {
  public static final int COLUMNS = 76;

  private TextWrap() {}

  public static String wrap(String text, int columns) {
    StringBuilder out = new StringBuilder(text.length() + text.length() / columns + 16);
    for (String line : text.split("\n", -1)) {
      if (line.length() <= columns / 2 || width(line) <= columns) {
        out.append(line).append('\n');
        continue;
      }
      String indent = line.substring(0, line.length() - line.stripLeading().length());
      out.append(indent);
      int used = indent.length();
      boolean lineStart = true;
      for (String word : words(line.strip(), columns - indent.length())) {
        int wordWidth = width(word);
        if (!lineStart && used + 1 + wordWidth > columns) {
          out.append('\n').append(indent);
          used = indent.length();
          lineStart = true;
        }
        if (!lineStart) {
          out.append(' ');
          used++;
        }
        out.append(word);
        used += wordWidth;
        lineStart = false;
      }
      out.append('\n');
    }
    out.setLength(out.length() - 1);
    return out.toString();
  }

  /**
   * The words of a line (split at runs of spaces, without a regular expression: this runs for every
   * message); a word of wide characters wider than {@code room} is cut into pieces.
   */
  private static List<String> words(String line, int room) {
    List<String> words = new ArrayList<>();
    int at = 0;
    while (true) {
      int end = line.indexOf(' ', at);
      addWord(words, line.substring(at, end < 0 ? line.length() : end), room);
      if (end < 0) {
        return words;
      }
      at = end;
      while (at < line.length() && line.charAt(at) == ' ') {
        at++;
      }
      if (at == line.length()) {
        return words;
      }
    }
  }

  private static void addWord(List<String> words, String word, int room) {
    if (width(word) <= room || !hasWide(word)) {
      words.add(word);
      return;
    }
    StringBuilder piece = new StringBuilder();
    int pieceWidth = 0;
    for (int at = 0; at < word.length(); ) {
      int codePoint = word.codePointAt(at);
      int cell = isWide(codePoint) ? 2 : 1;
      if (pieceWidth + cell > room && piece.length() > 0) {
        words.add(piece.toString());
        piece.setLength(0);
        pieceWidth = 0;
      }
      piece.appendCodePoint(codePoint);
      pieceWidth += cell;
      at += Character.charCount(codePoint);
    }
    words.add(piece.toString());
  }

  /** Columns {@code text} takes in a monospaced font. */
  static int width(String text) {
    int width = 0;
    for (int at = 0; at < text.length(); ) {
      int codePoint = text.codePointAt(at);
      width += isWide(codePoint) ? 2 : 1;
      at += Character.charCount(codePoint);
    }
    return width;
  }

  private static boolean hasWide(String text) {
    return text.codePoints().anyMatch(TextWrap::isWide);
  }

  /** East Asian wide and full-width characters and emoji (approximately UAX #11). */
  static boolean isWide(int codePoint) {
    if (codePoint < 0x1100) {
      return false;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || (codePoint >= 0x3000 && codePoint <= 0x303f)
        || (codePoint >= 0xff00 && codePoint <= 0xff60)
        || (codePoint >= 0xffe0 && codePoint <= 0xffe6)
        || (codePoint >= 0x1f300 && codePoint <= 0x1faff);
  }
}
