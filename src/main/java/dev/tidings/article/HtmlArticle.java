package dev.tidings.article;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTML article taken apart: its title (the given one, else the first {@code <h1>}, else {@code
 * <title>}), author and date from the page's meta data, the sanitized body without head and title,
 * its text, paragraphs and first image. Immutable.
 */
record HtmlArticle(
    String title,
    String author,
    Instant publishedAt,
    String bodyHtml,
    String text,
    List<String> paragraphs,
    String imageUrl) {
  private static final Pattern TITLE_TAG =
      Pattern.compile("<title[^>]*>(.*?)</title>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern HEAD =
      Pattern.compile("<head[^>]*>.*?</head>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern H1_TAG =
      Pattern.compile("<h1[^>]*>(.*?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern META_AUTHOR =
      Pattern.compile(
          "<meta\\s+(?:name|property)=[\"'](?:author|article:author)[\"']\\s+content=[\"']([^\"']+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern META_DATE =
      Pattern.compile(
          "(?:<meta\\s+(?:name|property)=[\"'](?:article:published_time|date)[\"']\\s+content"
              + "|<time[^>]*\\sdatetime)=[\"']([^\"']+)",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BLOCK_END =
      Pattern.compile("(?i)</(?:p|h[1-6]|li|blockquote|pre|figcaption|td)>|<br\\s*/?>");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  /** Reads {@code html}; {@code title} (may be null) wins over the page's own. */
  static HtmlArticle read(String name, String html, String title, String url) {
    String heading = title;
    String body = HEAD.matcher(html).replaceAll("");
    Matcher titleTag = TITLE_TAG.matcher(html);
    if (heading == null) {
      Matcher h1 = H1_TAG.matcher(body);
      if (h1.find()) {
        heading = textOf(h1.group(1));
        body = body.substring(0, h1.start()) + body.substring(h1.end());
      } else if (titleTag.find()) {
        heading = textOf(titleTag.group(1));
      }
    }
    body = TITLE_TAG.matcher(body).replaceAll("");
    String bodyHtml = Trackers.strip(HtmlContent.clean(name, body, url));
    String text = HtmlContent.toText(bodyHtml);
    List<String> paragraphs =
        ArticleImporter.paragraphs(textOf(BLOCK_END.matcher(bodyHtml).replaceAll("\n\n")));
    if (heading == null || heading.isBlank()) {
      // The plain text of the first block: the text part's rendering would carry link markup.
      heading = paragraphs.isEmpty() ? "" : paragraphs.get(0).lines().findFirst().orElse("");
    }
    Matcher author = META_AUTHOR.matcher(html);
    Matcher date = META_DATE.matcher(html);
    return new HtmlArticle(
        heading.strip(),
        author.find() ? textOf(author.group(1)) : null,
        date.find() ? Fields.instantOrNull(date.group(1)) : null,
        bodyHtml,
        text,
        paragraphs,
        Trackers.picture(bodyHtml));
  }

  /**
   * The text of an HTML fragment: tags dropped, every character reference decoded (named, decimal
   * and hex, {@code &#x1f389;} among them: the sanitizer writes characters outside the BMP as
   * references, and a partial list of replacements left them in every excerpt), no-break spaces as
   * spaces.
   */
  static String textOf(String html) {
    String text = org.jsoup.parser.Parser.unescapeEntities(TAG.matcher(html).replaceAll(""), false);
    return text.replace('\u00a0', ' ').trim();
  }
}
