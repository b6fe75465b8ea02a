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
    Instant publishedAt) {}
