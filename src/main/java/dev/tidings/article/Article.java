package dev.tidings.article;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A stored article. Immutable; {@code bodyHtml} is always sanitized. */
public record Article(
    long id,
    Long newsletterId,
    String title,
    String author,
    String url,
    String excerpt,
    String bodyHtml,
    String bodyText,
    String imageUrl,
    String tags,
    int wordCount,
    String status,
    Instant publishedAt,
    Instant ingestedAt) {

  /** Minutes to read, from the word count ({@link ReadingTime}). */
  public int readingMinutes() {
    return ReadingTime.minutes(wordCount);
  }

  /**
   * The article as the CLI's {@code --json} and the API show it: id, title, author, url,
   * published_at, excerpt, reading_minutes, tags.
   */
  public Map<String, Object> summary() {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", id);
    view.put("title", title);
    view.put("author", author);
    view.put("url", url);
    view.put("published_at", publishedAt.toString());
    view.put("excerpt", excerpt);
    view.put("reading_minutes", readingMinutes());
    view.put("tags", tags == null ? java.util.List.of() : java.util.List.of(tags.split(",")));
    return view;
  }
}
