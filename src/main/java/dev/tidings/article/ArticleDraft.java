package dev.tidings.article;

import java.time.Instant;

/**
 * An article as an importer produced it, before it is stored: sanitized HTML, derived text, an
 * excerpt. {@code url} may be null (such an article is matched by nothing and always inserted).
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
