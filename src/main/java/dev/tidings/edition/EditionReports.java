package dev.tidings.edition;

import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the editors' pages and the API show about editions (lists with counts, sending rate, the
 * delivery log) and the one repair they may ask for: retrying the failed deliveries. Thread-safe.
 */
public final class EditionReports {
  private final Database database;
  private final Clock clock;

  public EditionReports(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** An edition with its newsletter and delivered/failed counts. */
  public record Summary(
      Edition edition, String newsletterName, String newsletterSlug, long sent, long failed) {}

  public List<Summary> recent(int limit, int offset) {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("recent-editions"),
                row ->
                    new Summary(
                        EditionStore.map(row),
                        row.getString("newsletter_name"),
                        row.getString("newsletter_slug"),
                        row.getLong("sent"),
                        row.getLong("failed")),
                limit,
                offset));
  }

  public long count() {
    return database.read(connection -> Jdbc.count(connection, database.sql("count-editions")));
  }

  /** Messages per second over the last minute (or since {@code since}, if later). */
  public double rate(long editionId, Instant since) {
    Instant now = clock.instant();
    Instant from = now.minus(Duration.ofMinutes(1));
    if (since != null && since.isAfter(from)) {
      from = since;
    }
    Instant start = from;
    long sent =
        database.read(
            connection -> Jdbc.count(connection, database.sql("sent-since"), editionId, start));
    double seconds = Math.max(1.0, Duration.between(start, now).toMillis() / 1000.0);
    return sent / seconds;
  }

  /** One row of the delivery log. */
  public record LogEntry(
      long id,
      String email,
      String status,
      int attempts,
      String error,
      String reply,
      Instant sentAt,
      Instant dueAt) {}

  /** Deliveries of an edition, in one status or all ({@code ""}), in id order. */
  public List<LogEntry> log(long editionId, String status, int limit, int offset) {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("delivery-log"),
                row ->
                    new LogEntry(
                        row.getLong("id"),
                        row.getString("email"),
                        row.getString("status"),
                        row.getInt("attempts"),
                        row.getString("last_error"),
                        row.getString("smtp_response"),
                        Jdbc.instant(row, "sent_at"),
                        Jdbc.instant(row, "due_at")),
                editionId,
                status,
                status,
                limit,
                offset));
  }

  /**
   * Queues the failed deliveries of a sent, sending or paused edition again (a sent edition goes
   * back to sending); returns how many. A cancelled edition stays as it is.
   */
  public int retryFailed(long editionId, String by) {
    Instant now = clock.instant();
    return database.transaction(
        connection -> {
          Edition edition =
              Jdbc.queryOne(connection, database.sql("edition-by-id"), EditionStore::map, editionId)
                  .orElseThrow(
                      () ->
                          new dev.tidings.NotFoundException("edition", "no edition " + editionId));
          if (edition.status() == Edition.Status.CANCELLED
              || edition.status() == Edition.Status.SKIPPED) {
            throw new dev.tidings.InvalidInputException(
                "edition",
                "edition " + editionId + " is " + edition.status().value() + ": nothing to retry");
          }
          int queued = Jdbc.update(connection, database.sql("retry-failed"), now, editionId);
          if (queued > 0 && edition.status() == Edition.Status.SENT) {
            Jdbc.update(
                connection,
                database.sql("reopen-edition"),
                "failed deliveries retried by " + by,
                editionId);
          }
          return queued;
        });
  }
}
