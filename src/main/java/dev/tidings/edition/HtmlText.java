package dev.tidings.edition;

import dev.tidings.article.HtmlToText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text of an article part for template sets that bring no {@code articles.txt}: the HTML is
 * converted by {@link HtmlToText} (headings, paragraphs and lists keep their shape; images and
 * emphasis marks are dropped), and each link becomes {@code text [n]} with the addresses listed at
 * the end as {@code [n] https://...}. Used once per edition, never per reader. Thread-safe.
 */
final class HtmlText {
  private static final Pattern LINK =
      Pattern.compile("\\[([^\\]]*)\\]\\(<?([^)\\s>]+)>?(?: \"[^\"]*\")?\\)");
  private static final Pattern UNDERLINE = Pattern.compile("(-{3,}|={3,})");

  private HtmlText() {}

  /** Heading underlines as long as their heading, which changed when its link was numbered. */
  private static String underlines(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 1; i < lines.length; i++) {
      if (UNDERLINE.matcher(lines[i]).matches() && !lines[i - 1].isBlank()) {
        int width = Math.min(TextWrap.COLUMNS, TextWrap.width(lines[i - 1].strip()));
        lines[i] = String.valueOf(lines[i].charAt(0)).repeat(Math.max(3, width));
      }
    }
    return String.join("\n", lines);
  }

  /** Plain text of {@code html} with its links numbered and listed at the end. */
  static String of(String html) {
    String markdown = HtmlToText.of(html);
    Map<String, Integer> numbers = new LinkedHashMap<>();
    Matcher link = LINK.matcher(markdown);
    StringBuilder text = new StringBuilder(markdown.length());
    while (link.find()) {
      int number = numbers.computeIfAbsent(link.group(2), url -> numbers.size() + 1);
      String label = link.group(1).strip();
      link.appendReplacement(
          text,
          Matcher.quoteReplacement((label.isEmpty() ? "" : label + " ") + "[" + number + "]"));
    }
    link.appendTail(text);
    String body = underlines(text.toString()).replaceAll("\n{3,}", "\n\n").strip();
    if (numbers.isEmpty()) {
      return body + "\n";
    }
    StringBuilder out = new StringBuilder(body).append("\n\nLINKS\n\n");
    numbers.forEach(
        (url, number) -> out.append('[').append(number).append("] ").append(url).append('\n'));
    return out.toString();
  }
}
