package dev.tidings.article;

import java.time.Instant;

/**
 * A polled RSS or Atom feed. {@code status} is {@code active}; {@code failing} once it has failed
 * {@code TIDINGS_FEED_FAILING_AFTER} times in a row; {@code gone} after a 410; {@code paused} by an
 * editor. {@code nextPollAt} carries the backoff; {@code firstReadAt} is null until the feed was
 * read once (its items then are its back catalogue); {@code lastResult} says what the last
 * successful poll did.
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
    Instant nextPollAt,
    Instant firstReadAt,
    String lastResult) {

  /** The statuses an editor may set: paused, or active again. */
  public static final java.util.Set<String> SETTABLE = java.util.Set.of("active", "paused");
}
