package dev.tidings.edition;

import dev.tidings.article.Article;
import dev.tidings.newsletter.Newsletter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Mustache scopes of the digest templates that do not depend on the reader: the articles (the
 * first {@code full} of them whole, then headline links up to {@code listed}, and the count of the
 * rest with a link to the newsletter's archive), dates in the newsletter's locale and time zone,
 * and the preheader. Stateless.
 */
final class DigestScopes {
  /** Longest preheader: inbox previews show 40 to 130 characters. */
  private static final int PREHEADER_LENGTH = 140;

  private DigestScopes() {}

  /**
   * The scope of {@code articles.html} and {@code articles.txt}: articles before {@code full}
   * whole, those before {@code listed} as headlines, the rest only counted ({@code unlistedCount})
   * beside {@code archiveUrl}.
   */
  static Map<String, Object> articles(
      Newsletter newsletter, List<Article> articles, int full, int listed, String archiveUrl) {
    List<Map<String, Object>> whole = new ArrayList<>();
    List<Map<String, Object>> more = new ArrayList<>();
    List<Map<String, Object>> links = new ArrayList<>();
    for (int i = 0; i < Math.min(listed, articles.size()); i++) {
      Map<String, Object> scope = article(newsletter, articles.get(i), i, articles.size(), full);
      (i < full ? whole : more).add(scope);
      if (scope.containsKey("linkNumber")) {
        links.add(scope);
      }
    }
    Map<String, Object> scope = new HashMap<>();
    scope.put("articles", whole);
    scope.put("moreArticles", more);
    // Mustache treats 0 as true: leave the key out when nothing was shortened.
    if (articles.size() > full) {
      scope.put("moreCount", articles.size() - full);
    }
    if (articles.size() > listed) {
      scope.put("unlistedCount", articles.size() - listed);
      scope.put("archiveUrl", archiveUrl);
    }
    scope.put("links", links);
    scope.put("hasLinks", !links.isEmpty());
    scope.put("accentColor", newsletter.look().accentColor());
    scope.put("accentOnDark", newsletter.look().accentOnDark());
    return scope;
  }

  private static Map<String, Object> article(
      Newsletter newsletter, Article article, int index, int count, int full) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("number", index + 1);
    scope.put("title", article.title());
    String url = article.url() == null ? "" : article.url();
    scope.put("url", url);
    if (!url.isEmpty()) {
      // Reference number in the text part's link list; articles without a url take none.
      scope.put("linkNumber", index + 1);
    }
    scope.put("author", article.author() == null ? "" : article.author());
    scope.put("excerpt", article.excerpt() == null ? "" : article.excerpt());
    scope.put("imageUrl", article.imageUrl() == null ? "" : article.imageUrl());
    scope.put("imageAlt", article.title());
    scope.put("publishedDate", date(newsletter, article.publishedAt()));
    // Mustache treats 0 as true: leave the key out to hide "0 min read".
    if (article.wordCount() > 0) {
      scope.put("readingMinutes", article.readingMinutes());
    }
    scope.put("first", index == 0);
    scope.put("last", index == Math.min(full, count) - 1);
    return scope;
  }

  /** The preview line inboxes show after the subject: the first headlines. */
  static String preheader(List<Article> articles) {
    if (articles.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder(articles.get(0).title());
    int shown = 1;
    while (shown < articles.size()
        && text.length() + articles.get(shown).title().length() + 3 <= PREHEADER_LENGTH) {
      text.append(" · ").append(articles.get(shown).title());
      shown++;
    }
    int rest = articles.size() - shown;
    if (rest > 0) {
      text.append(" · and ").append(rest).append(" more");
    }
    return text.toString().replaceAll("\\s+", " ");
  }

  /** A date in the newsletter's locale and time zone, e.g. "27 November 2026" or "2026年11月27日". */
  static String date(Newsletter newsletter, Instant at) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
        .withLocale(newsletter.look().locale())
        .withZone(newsletter.zone())
        .format(at);
  }
}
