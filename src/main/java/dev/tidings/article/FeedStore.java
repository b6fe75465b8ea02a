package dev.tidings.article;

import dev.tidings.InvalidInputException;
import dev.tidings.NotFoundException;
import dev.tidings.db.DataAccessException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Feeds in the database: added once per url, with their poll state. Thread-safe. */
public final class FeedStore {
  private final Database database;
  private final Clock clock;

  public FeedStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Adds the feed at {@code url}, due for its first poll at once.
   *
   * @throws InvalidInputException when the url is no http(s) URL or the feed is already added
   */
  public Feed add(String url, Long newsletterId) {
    String valid = Fields.url(url, "url", url);
    if (valid == null) {
      throw new InvalidInputException("url", "a feed needs an http(s) URL");
    }
    String hash = ArticleStore.sha256(valid);
    Instant now = clock.instant();
    try {
      return database.transaction(
          connection -> {
            if (Jdbc.queryOne(connection, database.sql("feed-by-url-hash"), FeedStore::map, hash)
                .isPresent()) {
              throw new InvalidInputException("url", valid + " is already added as a feed");
            }
            long id =
                Jdbc.insert(
                    connection,
                    database.sql("insert-feed"),
                    valid,
                    hash,
                    newsletterId,
                    now,
                    now,
                    now);
            return Jdbc.queryOne(connection, database.sql("feed-by-id"), FeedStore::map, id)
                .orElseThrow();
          });
    } catch (DataAccessException e) {
      if (e.isDuplicateKey()) {
        throw new InvalidInputException("url", valid + " is already added as a feed");
      }
      throw e;
    }
  }

  public Feed byId(long id) {
    return database
        .read(
            connection -> Jdbc.queryOne(connection, database.sql("feed-by-id"), FeedStore::map, id))
        .orElseThrow(() -> new NotFoundException("feed", "no feed #" + id));
  }

  public List<Feed> all() {
    return database.read(
        connection -> Jdbc.query(connection, database.sql("list-feeds"), FeedStore::map));
  }

  /** Feeds whose next poll (interval or backoff) is due at {@code now}. */
  public List<Feed> due(Instant now) {
    return database.read(
        connection -> Jdbc.query(connection, database.sql("due-feeds"), FeedStore::map, now));
  }

  /**
   * Records a successful poll: conditional-GET validators, failures cleared, what it did ({@code
   * result}, null to keep the last one, as a 304 does), the first read, next poll time.
   */
  public void polled(
      Feed feed,
      String title,
      String etag,
      String lastModified,
      String result,
      Instant now,
      Instant next) {
    expectOne(
        feed,
        database.transaction(
            connection ->
                Jdbc.update(
                    connection,
                    database.sql("feed-polled"),
                    title,
                    etag,
                    lastModified,
                    result == null ? feed.lastResult() : result,
                    now,
                    now,
                    next,
                    now,
                    feed.id())));
  }

  /** What the feed's ledger knows of one item: when it was first seen, and if it was stored. */
  record Seen(Instant firstSeenAt, boolean stored) {}

  /** The ledger's row for the item whose key hashes to {@code entryHash}, if any. */
  Optional<Seen> seen(Feed feed, String entryHash) {
    return database.read(
        connection ->
            Jdbc.queryOne(
                connection,
                database.sql("feed-entry"),
                row -> new Seen(Jdbc.instant(row, "first_seen_at"), row.getBoolean("stored")),
                feed.id(),
                entryHash));
  }

  /**
   * Records the ledger's knowledge of one item after a poll: a new row for an item not {@code
   * before} seen, the stored mark for a seen one that became an article; otherwise nothing is
   * written, so an unchanged feed costs reads only. A row once stored stays stored; a concurrent
   * insert of the same item changes nothing.
   */
  void remember(
      Feed feed, String entryHash, Optional<Seen> before, Instant firstSeenAt, boolean stored) {
    if (before.isPresent() && (before.get().stored() || !stored)) {
      return;
    }
    database.transaction(
        connection -> {
          if (before.isEmpty()) {
            try {
              return Jdbc.update(
                  connection,
                  database.sql("insert-feed-entry"),
                  feed.id(),
                  entryHash,
                  firstSeenAt,
                  stored);
            } catch (DataAccessException e) {
              if (!e.isDuplicateKey()) {
                throw e;
              }
            }
          }
          return stored
              ? Jdbc.update(connection, database.sql("feed-entry-stored"), feed.id(), entryHash)
              : 0;
        });
  }

  /**
   * Pauses a feed ({@code paused}: the schedule polls it no more) or resumes it ({@code active}:
   * due at once).
   *
   * @throws InvalidInputException for another status
   */
  public Feed setStatus(long id, String status) {
    if (!Feed.SETTABLE.contains(status)) {
      throw new InvalidInputException(
          "status", "a feed's status can be set to active or paused, not '" + status + "'");
    }
    Instant now = clock.instant();
    int changed =
        database.transaction(
            connection ->
                Jdbc.update(connection, database.sql("set-feed-status"), status, now, now, id));
    if (changed != 1) {
      throw new NotFoundException("feed", "no feed #" + id);
    }
    return byId(id);
  }

  /** Records a failed poll with the failure count, status and the backoff's next poll time. */
  public void failed(
      Feed feed, int failures, String status, String error, Instant now, Instant next) {
    String message = error.length() > 1000 ? error.substring(0, 999) + "…" : error;
    expectOne(
        feed,
        database.transaction(
            connection ->
                Jdbc.update(
                    connection,
                    database.sql("feed-failed"),
                    status,
                    failures,
                    message,
                    now,
                    next,
                    now,
                    feed.id())));
  }

  public void remove(long id) {
    int removed =
        database.transaction(
            connection -> Jdbc.update(connection, database.sql("delete-feed"), id));
    if (removed != 1) {
      throw new NotFoundException("feed", "no feed #" + id);
    }
  }

  private static void expectOne(Feed feed, int changed) {
    if (changed != 1) {
      throw new DataAccessException(
          "feed #" + feed.id() + " vanished while its poll was recorded (removed meanwhile?)");
    }
  }

  static Feed map(ResultSet row) throws SQLException {
    return new Feed(
        row.getLong("id"),
        row.getString("url"),
        Jdbc.nullableLong(row, "newsletter_id"),
        row.getString("title"),
        row.getString("etag"),
        row.getString("last_modified"),
        row.getString("status"),
        row.getInt("consecutive_failures"),
        row.getString("last_error"),
        Jdbc.instant(row, "last_polled_at"),
        Jdbc.instant(row, "next_poll_at"),
        Jdbc.instant(row, "first_read_at"),
        row.getString("last_result"));
  }
}
