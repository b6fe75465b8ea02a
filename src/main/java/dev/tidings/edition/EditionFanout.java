package dev.tidings.edition;

import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Makes an edition's delivery rows (one per active, unsuppressed subscriber) in chunks. The first
 * chunk goes into the edition's own transaction, small, so sending starts within a second of the
 * trigger even for a million subscribers; the rest follow in transactions of {@code chunk} rows,
 * made by whichever process runs a delivery engine ({@link #extend}). {@code editions.fanout_after}
 * holds the last subscriber id given a row while more remain, so a crash between chunks loses
 * nothing: the next engine carries on from there, and the row lock on the edition keeps two
 * processes from making the same chunk. An edition is not finished while rows remain to be made.
 * Thread-safe.
 */
public final class EditionFanout {
  /** Rows made with the edition itself: enough to keep every connection busy at once. */
  static final int FIRST_CHUNK = 500;

  private final Database database;
  private final Clock clock;
  private final int chunk;

  public EditionFanout(Database database, Clock clock, int chunk) {
    this.database = database;
    this.clock = clock;
    this.chunk = chunk;
  }

  /**
   * Makes the first chunk inside the edition's transaction and returns how many rows it made (0:
   * nobody to send to).
   */
  int first(Connection connection, long editionId, long newsletterId, Instant now)
      throws SQLException {
    return next(connection, editionId, newsletterId, 0, Math.min(FIRST_CHUNK, chunk), now);
  }

  /** Editions that still have rows to make. */
  public List<Long> pending() {
    return database.read(
        connection ->
            Jdbc.query(connection, database.sql("pending-fanouts"), row -> row.getLong("id")));
  }

  /**
   * Makes the next chunk of {@code editionId}'s rows; false when none remain (or the edition is no
   * longer sending or paused).
   */
  public boolean extend(long editionId) {
    return database.transaction(
        connection -> {
          List<long[]> state =
              Jdbc.query(
                  connection,
                  database.sql("lock-fanout"),
                  row -> new long[] {row.getLong("newsletter_id"), row.getLong("fanout_after")},
                  editionId);
          if (state.isEmpty()) {
            return false;
          }
          long newsletterId = state.get(0)[0];
          long after = state.get(0)[1];
          return next(connection, editionId, newsletterId, after, chunk, clock.instant()) == chunk;
        });
  }

  /** Makes up to {@code limit} rows after subscriber {@code after} and records where it stopped. */
  private int next(
      Connection connection, long editionId, long newsletterId, long after, int limit, Instant now)
      throws SQLException {
    int made =
        Jdbc.update(
            connection, database.sql("fan-out"), editionId, now, newsletterId, after, limit);
    Long last = null;
    if (made == limit) {
      last =
          Jdbc.queryOne(
                  connection,
                  database.sql("fanout-last-subscriber"),
                  row -> row.getLong("last_id"),
                  editionId)
              .orElseThrow();
    }
    Jdbc.update(connection, database.sql("set-fanout"), last, made, editionId);
    return made;
  }
}
