package dev.tidings.article;

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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls RSS (0.9x, 1.0, 2.0) and Atom feeds through Rome and stores their items as articles. Each
 * request is a conditional GET (ETag, Last-Modified), so an unchanged feed costs a 304. Items are
 * matched to stored articles by guid, then url, then content hash ({@link ArticleStore}); items
 * older than the maximum age are left out, and so are the undated items of a feed's first read (its
 * back catalogue), so a new feed does not flood the next edition with old news. Each feed's ledger
 * remembers the items it showed and when they were first seen, which dates the undated. A failing
 * feed waits twice as long after each failure (up to a limit) and is marked failing after several
 * in a row. Thread-safe; the scheduler runs it in one process at a time.
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

  /**
   * What one poll of one feed did; {@code error} is null when the feed was read. {@code
   * backCatalogue} counts the undated items of a first read (and those items later on): they stay
   * out of editions.
   */
  public record Result(
      Feed feed,
      boolean notModified,
      int created,
      int updated,
      int unchanged,
      int tooOld,
      int backCatalogue,
      List<String> itemErrors,
      String error) {

    static Result failed(Feed feed, String error) {
      return new Result(feed, false, 0, 0, 0, 0, 0, List.of(), error);
    }

    /** The poll as the CLI's {@code --json} and the API show it. */
    public java.util.Map<String, Object> view() {
      java.util.Map<String, Object> view = new java.util.LinkedHashMap<>();
      view.put("id", feed.id());
      view.put("url", feed.url());
      view.put("not_modified", notModified);
      view.put("created", created);
      view.put("updated", updated);
      view.put("unchanged", unchanged);
      view.put("too_old", tooOld);
      view.put("back_catalogue", backCatalogue);
      view.put("item_errors", itemErrors);
      view.put("error", error);
      return view;
    }

    /** One line for people: the CLI's output and the admin's "last result". */
    public String summary() {
      if (error != null) {
        return error;
      }
      if (notModified) {
        return "not modified";
      }
      return String.format(
          "%d new, %d updated, %d unchanged, %d older than the maximum age, %d back catalogue,"
              + " %d item error(s)",
          created, updated, unchanged, tooOld, backCatalogue, itemErrors.size());
    }
  }

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
      return Result.failed(feed, e.getMessage());
    } catch (FeedFailure e) {
      return failed(feed, e.getMessage(), started);
    }
    if (fetched == null) {
      feeds.polled(
          feed,
          null,
          feed.etag(),
          feed.lastModified(),
          null,
          started,
          started.plus(settings.interval()));
      return new Result(feed, true, 0, 0, 0, 0, 0, List.of(), null);
    }
    FeedDocument document;
    try {
      document = FeedDocument.read(fetched.body(), fetched.contentType(), feed.url());
    } catch (FeedDocument.NotAFeed e) {
      return failed(feed, e.getMessage(), started);
    }
    Result result = store(feed, document, started);
    feeds.polled(
        feed,
        oneLine(document.feed().getTitle()),
        fetched.etag(),
        fetched.lastModified(),
        result.summary(),
        started,
        started.plus(settings.interval()));
    return result;
  }

  /**
   * Stores the items that belong in editions, with the feed's ledger deciding their dates: the
   * feed's own date when it gives one, else the time the item was first seen, which never changes.
   * At the first read, an undated item is back catalogue; so is one that was, on every later poll.
   * An item dated before the maximum age is left out whenever it is seen.
   */
  private Result store(Feed feed, FeedDocument document, Instant now) {
    Instant oldest = now.minus(settings.maxAge());
    boolean firstRead = feed.firstReadAt() == null;
    int created = 0;
    int updated = 0;
    int unchanged = 0;
    int tooOld = 0;
    int backCatalogue = 0;
    List<String> errors = new ArrayList<>();
    for (FeedItems.Item item : items.of(feed, document)) {
      if (item.error() != null) {
        errors.add(item.error());
        continue;
      }
      String key = entryKey(item);
      Optional<FeedStore.Seen> seen = feeds.seen(feed, key);
      Instant date =
          item.dated() != null ? item.dated() : seen.map(FeedStore.Seen::firstSeenAt).orElse(now);
      boolean undatedOld =
          item.dated() == null && (seen.isPresent() ? !seen.get().stored() : firstRead);
      if (undatedOld || date.isBefore(oldest)) {
        if (undatedOld) {
          backCatalogue++;
        } else {
          tooOld++;
        }
        feeds.remember(feed, key, seen, date, false);
        continue;
      }
      ArticleStore.Saved saved = articles.save(item.draft().withPublishedAt(date), item.origin());
      feeds.remember(feed, key, seen, date, true);
      if (saved.created()) {
        created++;
      } else if (saved.changed()) {
        updated++;
      } else {
        unchanged++;
      }
    }
    errors.forEach(error -> LOG.warn("feed #{} {}: {}", feed.id(), feed.url(), error));
    return new Result(
        feed, false, created, updated, unchanged, tooOld, backCatalogue, errors, null);
  }

  /** The item's key in the ledger: its guid, else its link, else its title and text. */
  private static String entryKey(FeedItems.Item item) {
    if (item.origin().guid() != null) {
      return ArticleStore.sha256("guid\n" + item.origin().guid());
    }
    if (item.draft().url() != null) {
      return ArticleStore.sha256("url\n" + item.draft().url());
    }
    return ArticleStore.sha256("text\n" + item.draft().title() + "\n" + item.draft().bodyText());
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
    return Result.failed(feed, error);
  }

  /** The interval doubled for each failure after the first, at most the configured maximum. */
  Duration backoff(int failures) {
    return dev.tidings.Backoff.after(settings.interval(), failures, settings.backoffMax());
  }

  /** The response body, its Content-Type and validators; null for 304 Not Modified. */
  private record Fetched(byte[] body, String contentType, String etag, String lastModified) {}

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
            response.headers().firstValue("Content-Type").orElse(null),
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
