package dev.tidings.article;

import java.time.Instant;

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

  /** Minutes to read at 230 words a minute, at least 1. */
  public int readingMinutes() {
    return Math.max(1, (int) Math.round(wordCount / 230.0));
  }
}
