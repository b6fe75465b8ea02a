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

  /**
   * The feed as the CLI's {@code --json}, the API and the admin show it: id, url, title,
   * newsletter_id, status, consecutive_failures, last_error, last_result, last_polled_at,
   * next_poll_at, first_read_at.
   */
  public java.util.Map<String, Object> view() {
    java.util.Map<String, Object> view = new java.util.LinkedHashMap<>();
    view.put("id", id);
    view.put("url", url);
    view.put("title", title);
    view.put("newsletter_id", newsletterId);
    view.put("status", status);
    view.put("consecutive_failures", consecutiveFailures);
    view.put("last_error", lastError);
    view.put("last_result", lastResult);
    view.put("last_polled_at", lastPolledAt == null ? null : lastPolledAt.toString());
    view.put("next_poll_at", nextPollAt.toString());
    view.put("first_read_at", firstReadAt == null ? null : firstReadAt.toString());
    return view;
  }

  /** The statuses an editor may set: paused, or active again. */
  public static final java.util.Set<String> SETTABLE = java.util.Set.of("active", "paused");
}
