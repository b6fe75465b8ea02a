package dev.tidings.app;

import dev.tidings.article.FeedPoller;
import java.time.Duration;

/**
 * Settings of article ingest: the excerpt's length and feed polling. Read from {@code
 * TIDINGS_EXCERPT_LENGTH} and {@code TIDINGS_FEED_*}; immutable.
 *
 * @param excerptLength target length of an excerpt in characters
 * @param feedInterval how often the scheduler looks for feeds due for a poll
 * @param feedTimeout connect and read timeout of one feed request
 * @param feedMaxAge feed items published longer ago are not imported (no back catalogue)
 * @param feedBackoffMax the longest wait before a failing feed is tried again
 * @param feedFailingAfter failures in a row after which a feed is marked failing
 */
public record IngestConfig(
    int excerptLength,
    Duration feedInterval,
    Duration feedTimeout,
    Duration feedMaxAge,
    Duration feedBackoffMax,
    int feedFailingAfter) {

  /** The settings of the feed poller. */
  public FeedPoller.Settings pollerSettings() {
    return new FeedPoller.Settings(
        feedInterval, feedTimeout, feedMaxAge, feedBackoffMax, feedFailingAfter);
  }

  static IngestConfig read(ConfigReader reader) {
    int excerptLength = reader.integer("TIDINGS_EXCERPT_LENGTH", 280, 80, 2000);
    Duration interval = reader.duration("TIDINGS_FEED_INTERVAL", Duration.ofMinutes(15));
    Duration timeout = reader.duration("TIDINGS_FEED_TIMEOUT", Duration.ofSeconds(20));
    Duration maxAge = reader.duration("TIDINGS_FEED_MAX_AGE", Duration.ofDays(7));
    Duration backoffMax = reader.duration("TIDINGS_FEED_BACKOFF_MAX", Duration.ofHours(24));
    int failingAfter = reader.integer("TIDINGS_FEED_FAILING_AFTER", 5, 1, 1000);
    if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
      reader.fail("TIDINGS_FEED_INTERVAL", "must be at least 1m (be kind to the sites you poll)");
    }
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      reader.fail("TIDINGS_FEED_TIMEOUT", "must be at least 1s");
    }
    if (backoffMax.compareTo(interval) < 0) {
      reader.fail("TIDINGS_FEED_BACKOFF_MAX", "must be at least TIDINGS_FEED_INTERVAL");
    }
    return new IngestConfig(excerptLength, interval, timeout, maxAge, backoffMax, failingAfter);
  }
}
