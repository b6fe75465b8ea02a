package dev.tidings.article;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls RSS (0.9x, 1.0, 2.0) and Atom feeds through Rome and stores their items as articles. Each
 * request is a conditional GET (ETag, Last-Modified), so an unchanged feed costs a 304. Items are
 * matched to stored articles by guid, then url, then content hash ({@link ArticleStore}); items
 * older than the maximum age are left out, so a new feed does not flood the next edition with its
 * back catalogue. A failing feed waits twice as long after each failure (up to a limit) and is
 * marked failing after several in a row. Thread-safe; the scheduler runs it in one process at a
 * time.
 */
public final class FeedPoller {
  private static final Logger LOG = LoggerFactory.getLogger(FeedPoller.class);

  /** A feed larger than this is refused, like an article file. */
  static final int MAX_FEED_BYTES = 10 * 1024 * 1024;

  /** Timing and limits of polling. */
  public record Settings(
      Duration interval,
      Duration timeout,
      Duration maxAge,
      Duration backoffMax,
      int failingAfter) {}

  /** What one poll of one feed did; {@code error} is null when the feed was read. */
  public record Result(
      Feed feed,
      boolean notModified,
      int created,
      int updated,
      int unchanged,
      int tooOld,
      List<String> itemErrors,
      String error) {}

  private final FeedStore feeds;
  private final ArticleStore articles;
  private final FeedItems items;
  private final Clock clock;
  private final Settings settings;
  private final HttpClient http;

  public FeedPoller(
      FeedStore feeds,
      ArticleStore articles,
      ArticleImporter importer,
      Clock clock,
      Settings settings) {
    this.feeds = feeds;
    this.articles = articles;
    this.items = new FeedItems(importer);
    this.clock = clock;
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /** Polls every feed whose next poll is due (the scheduled job). */
  public List<Result> pollDue() {
    List<Result> results = new ArrayList<>();
    for (Feed feed : feeds.due(clock.instant())) {
      results.add(poll(feed));
    }
    return results;
  }

  /** Polls one feed now, whatever its schedule, and records the outcome. */
  public Result poll(Feed feed) {
    Instant started = clock.instant();
    Fetched fetched;
    try {
      fetched = fetch(feed);
    } catch (FeedGone e) {
      // 410: the publisher says it is gone for good. Retrying would be forever; it is marked
      // gone, polled no more by the schedule, and shown so in `feed list`. An explicit
      // `feed poll` still tries it, and a feed that answers again becomes active.
      feeds.failed(feed, feed.consecutiveFailures() + 1, "gone", e.getMessage(), started, started);
      LOG.warn("feed #{} {} is gone: {}", feed.id(), feed.url(), e.getMessage());
      return new Result(feed, false, 0, 0, 0, 0, List.of(), e.getMessage());
    } catch (FeedFailure e) {
      return failed(feed, e.getMessage(), started);
    }
    if (fetched == null) {
      feeds.polled(
          feed, null, feed.etag(), feed.lastModified(), started, started.plus(settings.interval()));
      return new Result(feed, true, 0, 0, 0, 0, List.of(), null);
    }
    SyndFeed parsed;
    try {
      parsed = input().build(new XmlReader(new ByteArrayInputStream(fetched.body())));
    } catch (FeedException | IOException | IllegalArgumentException e) {
      return failed(feed, "not a valid RSS or Atom feed: " + firstLine(e.getMessage()), started);
    }
    Result result = store(feed, parsed, started);
    feeds.polled(
        feed,
        oneLine(parsed.getTitle()),
        fetched.etag(),
        fetched.lastModified(),
        started,
        started.plus(settings.interval()));
    return result;
  }

  /**
   * Rome's input with a DOCTYPE allowed: RSS 0.91 files carry Netscape's, and were refused whole.
   * Rome still loads no external entity or DTD (its features and an empty entity resolver) and
   * expands none into the document, and the JDK's parser stops an entity expansion bomb at its
   * limit, so XXE and billion-laughs feeds stay refused or inert.
   */
  private static SyndFeedInput input() {
    SyndFeedInput input = new SyndFeedInput();
    input.setAllowDoctypes(true);
    return input;
  }

  private Result store(Feed feed, SyndFeed parsed, Instant now) {
    Instant oldest = now.minus(settings.maxAge());
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int tooOld = 0;
    List<String> errors = new ArrayList<>();
    for (FeedItems.Item item : items.of(feed, parsed, now)) {
      if (item.error() != null) {
        errors.add(item.error());
        continue;
      }
      if (item.draft().publishedAt().isBefore(oldest)) {
        tooOld++;
        continue;
      }
      ArticleStore.Saved saved = articles.save(item.draft(), item.origin());
      if (saved.created()) {
        created++;
      } else if (saved.changed()) {
        updated++;
      } else {
        unchanged++;
      }
    }
    errors.forEach(error -> LOG.warn("feed #{} {}: {}", feed.id(), feed.url(), error));
    return new Result(feed, false, created, updated, unchanged, tooOld, errors, null);
  }

  private Result failed(Feed feed, String error, Instant now) {
    int failures = feed.consecutiveFailures() + 1;
    Duration wait = backoff(failures);
    String status = failures >= settings.failingAfter() ? "failing" : "active";
    feeds.failed(feed, failures, status, error, now, now.plus(wait));
    LOG.warn(
        "feed #{} {} failed ({} in a row, next try in {} min): {}",
        feed.id(),
        feed.url(),
        failures,
        wait.toMinutes(),
        error);
    return new Result(feed, false, 0, 0, 0, 0, List.of(), error);
  }

  /** The interval doubled for each failure after the first, at most the configured maximum. */
  Duration backoff(int failures) {
    Duration wait = settings.interval();
    for (int i = 1; i < failures && wait.compareTo(settings.backoffMax()) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(settings.backoffMax()) > 0 ? settings.backoffMax() : wait;
  }

  /** The response body and validators; null for 304 Not Modified. */
  private record Fetched(byte[] body, String etag, String lastModified) {}

  private Fetched fetch(Feed feed) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(feed.url()))
            .timeout(settings.timeout())
            .header("User-Agent", "Tidings feed reader")
            .header(
                "Accept",
                "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5");
    if (feed.etag() != null) {
      request.header("If-None-Match", feed.etag());
    }
    if (feed.lastModified() != null) {
      request.header("If-Modified-Since", feed.lastModified());
    }
    try {
      HttpResponse<InputStream> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        if (response.statusCode() == 304) {
          return null;
        }
        if (response.statusCode() == 410) {
          throw new FeedGone(
              "HTTP 410 Gone from " + feed.url() + ": the publisher removed the feed");
        }
        if (response.statusCode() != 200) {
          throw new FeedFailure("HTTP " + response.statusCode() + " from " + feed.url());
        }
        byte[] bytes = body.readNBytes(MAX_FEED_BYTES + 1);
        if (bytes.length > MAX_FEED_BYTES) {
          throw new FeedFailure("larger than the limit of " + MAX_FEED_BYTES / 1024 / 1024 + " MB");
        }
        return new Fetched(
            bytes,
            response.headers().firstValue("ETag").map(FeedPoller::oneLine).orElse(null),
            response.headers().firstValue("Last-Modified").map(FeedPoller::oneLine).orElse(null));
      }
    } catch (HttpTimeoutException e) {
      throw new FeedFailure("no answer within " + settings.timeout().toSeconds() + "s");
    } catch (IOException e) {
      throw new FeedFailure("cannot fetch: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FeedFailure("interrupted");
    }
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
  }

  static String oneLine(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String line = value.replaceAll("[\\s\\p{Cc}]+", " ").trim();
    return line.length() > 500 ? line.substring(0, 499) + "…" : line;
  }

  /** A feed that could not be fetched; the message says why. */
  private static class FeedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FeedFailure(String message) {
      super(message);
    }
  }

  /** A feed whose server answered 410 Gone. */
  private static final class FeedGone extends FeedFailure {
    private static final long serialVersionUID = 1L;

    FeedGone(String message) {
      super(message);
    }
  }
}
