package dev.tidings.article;

import java.time.Instant;

/**
 * An article as an importer produced it, before it is stored: sanitized HTML, derived text, an
 * excerpt. {@code url} may be null (such an article is matched by its title and body); {@code
 * publishedAt} may be null when the input has no date (the store dates it when it inserts it).
 */
public record ArticleDraft(
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
    Instant publishedAt) {
  /** The range of a MySQL DATETIME; a date outside it cannot be stored by either database. */
  public static final Instant EARLIEST = Instant.parse("1000-01-01T00:00:00Z");

  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

  public ArticleDraft {
    if (publishedAt != null && (publishedAt.isBefore(EARLIEST) || publishedAt.isAfter(LATEST))) {
      throw new dev.tidings.InvalidInputException(
          "published_at",
          "a publication date must lie between the years 1000 and 9999, got " + publishedAt);
    }
  }

  /** This draft with another picture. */
  public ArticleDraft withImage(String image) {
    return new ArticleDraft(
        newsletterId,
        title,
        author,
        url,
        excerpt,
        bodyHtml,
        bodyText,
        image,
        tags,
        wordCount,
        publishedAt);
  }

  /** This draft with another publication date. */
  public ArticleDraft withPublishedAt(Instant date) {
    return new ArticleDraft(
        newsletterId,
        title,
        author,
        url,
        excerpt,
        bodyHtml,
        bodyText,
        imageUrl,
        tags,
        wordCount,
        date);
  }
}
