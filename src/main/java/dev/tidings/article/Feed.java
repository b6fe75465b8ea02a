package dev.tidings.article;

import java.time.Instant;

/**
 * A polled RSS or Atom feed. {@code status} is {@code active}, or {@code failing} once it has
 * failed {@code TIDINGS_FEED_FAILING_AFTER} times in a row; {@code nextPollAt} carries the backoff.
 */
public record Feed(
    long id,
    String url,
    Long newsletterId,
    String title,
    String etag,
    String lastModified,
    String status,
    int consecutiveFailures,
    String lastError,
    Instant lastPolledAt,
    Instant nextPollAt) {}
