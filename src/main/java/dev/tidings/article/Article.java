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

  /** Minutes to read, from the word count ({@link ReadingTime}). */
  public int readingMinutes() {
    return ReadingTime.minutes(wordCount);
  }
}
