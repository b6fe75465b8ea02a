package dev.tidings.article;

import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feed item's title as plain text, decoded once. RSS titles are HTML in practice (craigslist
 * writes {@code &#x0024;4300 3bd 1930ft<sup>2</sup>}), and so are Atom's {@code html} and {@code
 * xhtml} titles: their markup is dropped and their references decoded, a superscript number becomes
 * the superscript character ({@code ft²}). An Atom {@code text} title is text: only its character
 * references are decoded, so a title about {@code a<b} keeps it. Thread-safe.
 */
final class FeedText {
  private static final Pattern SUPERSCRIPT = Pattern.compile("(?i)<sup>\\s*(\\d{1,3})\\s*</sup>");
  private static final String DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  private FeedText() {}

  /** The entry's title, one line of plain text; null when it has none. */
  static String title(SyndEntry entry) {
    SyndContent titled = entry.getTitleEx();
    String raw = titled != null && titled.getValue() != null ? titled.getValue() : entry.getTitle();
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String type = titled == null || titled.getType() == null ? "html" : titled.getType();
    String text =
        type.toLowerCase(Locale.ROOT).equals("text")
            ? org.jsoup.parser.Parser.unescapeEntities(raw, false)
            : org.jsoup.Jsoup.parseBodyFragment(superscripts(raw)).text();
    String line = dev.tidings.OneLine.of(text).replace('\u00a0', ' ').replaceAll("\\s+", " ");
    return line.isBlank() ? null : line.strip();
  }

  private static String superscripts(String html) {
    Matcher sup = SUPERSCRIPT.matcher(html);
    StringBuilder out = new StringBuilder();
    while (sup.find()) {
      StringBuilder digits = new StringBuilder();
      sup.group(1).chars().forEach(c -> digits.append(DIGITS.charAt(c - '0')));
      sup.appendReplacement(out, digits.toString());
    }
    sup.appendTail(out);
    return out.toString();
  }
}
