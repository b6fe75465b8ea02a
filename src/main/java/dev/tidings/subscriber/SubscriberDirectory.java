package dev.tidings.subscriber;

import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.time.Clock;
import java.util.List;

/**
 * Finding subscribers for the editors' pages and the API (search by address or name, filter by
 * status, in pages), and erasing one: the personal data goes, the address's hash stays in the
 * suppressions so that a later import cannot add it back by mistake. Thread-safe.
 */
public final class SubscriberDirectory {
  public static final List<String> STATUSES =
      List.of("pending", "active", "unsubscribed", "bounced", "complained");
  private final Database database;
  private final Clock clock;

  public SubscriberDirectory(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A page of subscribers, newest first; {@code search} and {@code status} may be blank. */
  public List<Subscriber> search(String search, String status, int limit, int offset) {
    Object[] filter = filter(search, status);
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("search-subscribers"),
                SubscriberStore::map,
                filter[0],
                filter[1],
                filter[1],
                filter[2],
                filter[2],
                limit,
                offset));
  }

  public long count(String search, String status) {
    Object[] filter = filter(search, status);
    return database.read(
        connection ->
            Jdbc.count(
                connection,
                database.sql("count-search-subscribers"),
                filter[0],
                filter[1],
                filter[1],
                filter[2],
                filter[2]));
  }

  private static Object[] filter(String search, String status) {
    String term = search == null ? "" : search.trim().toLowerCase(java.util.Locale.ROOT);
    String pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    return new Object[] {term, pattern, status == null ? "" : status};
  }

  /**
   * Erases a subscriber: suppresses the address by hash, skips their open deliveries, removes
   * server replies that may quote the address, their subscriptions, sign-ups and the subscriber
   * row. Returns false when there is no such subscriber.
   */
  public boolean erase(long subscriberId, String by) {
    return database.transaction(
        connection -> {
          Subscriber subscriber =
              Jdbc.queryOne(
                      connection,
                      database.sql("subscriber-by-id"),
                      SubscriberStore::map,
                      subscriberId)
                  .orElse(null);
          if (subscriber == null) {
            return false;
          }
          Jdbc.update(
              connection,
              database.sql("insert-suppression"),
              EmailAddress.hash(subscriber.email()),
              "erased",
              "erased by " + by,
              clock.instant());
          Jdbc.update(connection, database.sql("erase-skip-open-deliveries"), subscriberId);
          Jdbc.update(connection, database.sql("erase-delivery-details"), subscriberId);
          Jdbc.update(connection, database.sql("erase-bounce-details"), subscriberId);
          Jdbc.update(connection, database.sql("erase-subscriptions"), subscriberId);
          Jdbc.update(connection, database.sql("erase-signups"), subscriberId);
          if (Jdbc.update(connection, database.sql("erase-subscriber"), subscriberId) != 1) {
            throw new IllegalStateException(
                "subscriber " + subscriberId + " vanished while being erased");
          }
          return true;
        });
  }
}
