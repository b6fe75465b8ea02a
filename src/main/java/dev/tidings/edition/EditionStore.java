package dev.tidings.edition;

import dev.tidings.NotFoundException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads editions and their progress. Thread-safe. */
public final class EditionStore {
  private final Database database;

  public EditionStore(Database database) {
    this.database = database;
  }

  public Optional<Edition> find(long id) {
    return database.read(
        connection ->
            Jdbc.queryOne(connection, database.sql("edition-by-id"), EditionStore::map, id));
  }

  /** The articles an edition carries, in their order in it. */
  public java.util.List<dev.tidings.article.Article> articles(long editionId) {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("edition-articles"),
                dev.tidings.article.ArticleStore::map,
                editionId));
  }

  public Edition byId(long id) {
    return find(id).orElseThrow(() -> new NotFoundException("edition", "no edition " + id));
  }

  /**
   * What the renderer decided about an edition's digest at planning: its preheader, the measured
   * size of a reader's HTML part (0 when unknown) and why articles were shortened (null if none).
   */
  public record DigestFacts(String preheader, int htmlBytes, String sizeNote) {}

  /** The {@link DigestFacts} of edition {@code id}; empty values for editions made before them. */
  public DigestFacts digestFacts(long id) {
    return database
        .read(
            connection ->
                Jdbc.queryOne(
                    connection,
                    database.sql("edition-digest"),
                    row ->
                        new DigestFacts(
                            row.getString("preheader"),
                            row.getInt("html_bytes"),
                            row.getString("size_note")),
                    id))
        .orElseThrow(() -> new NotFoundException("edition", "no edition " + id));
  }

  public List<Edition> ofNewsletter(long newsletterId, int limit) {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("editions-of-newsletter"),
                EditionStore::map,
                newsletterId,
                limit));
  }

  /** Editions shown in the public archive, newest first. */
  public List<Edition> archived(long newsletterId, int limit) {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("archived-editions"),
                EditionStore::map,
                newsletterId,
                limit));
  }

  public Progress progress(long editionId) {
    return database.read(
        connection -> {
          Map<String, Long> counts = new HashMap<>();
          for (Object[] row :
              Jdbc.query(
                  connection,
                  database.sql("delivery-counts"),
                  rs -> new Object[] {rs.getString(1), rs.getLong(2)},
                  editionId)) {
            counts.put((String) row[0], (Long) row[1]);
          }
          return Progress.of(counts);
        });
  }

  /** Delivery rows of one edition in one status. */
  public record StatusCount(long editionId, String status, long count) {}

  /** Row counts by status of every sending or paused edition (the queue depth). */
  public List<StatusCount> openEditionCounts() {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("open-editions-counts"),
                row ->
                    new StatusCount(
                        row.getLong("edition_id"), row.getString("status"), row.getLong("n"))));
  }

  /** A delivery that had an error, for status reports. */
  public record DeliveryError(
      long deliveryId, String email, String status, int attempts, String error) {}

  public List<DeliveryError> latestErrors(long editionId, int limit) {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("latest-errors"),
                row ->
                    new DeliveryError(
                        row.getLong("id"),
                        row.getString("email"),
                        row.getString("status"),
                        row.getInt("attempts"),
                        row.getString("last_error")),
                editionId,
                limit));
  }

  /**
   * Moves an edition from {@code from} to {@code to}; false when it was not in {@code from} (a
   * concurrent change won, or the request does not apply).
   */
  public boolean transition(
      long editionId, Edition.Status from, Edition.Status to, String reason, Instant finishedAt) {
    if (!from.canBecome(to)) {
      throw new IllegalArgumentException(
          "an edition cannot go from " + from.value() + " to " + to.value());
    }
    return database.transaction(
            connection ->
                Jdbc.update(
                    connection,
                    database.sql("set-edition-status"),
                    to,
                    reason,
                    finishedAt,
                    editionId,
                    from))
        == 1;
  }

  /**
   * Cancels a sending or paused edition: it is never claimed again and its queued and retrying rows
   * become skipped. Rows leased right now finish and are recorded as they are. Returns false when
   * the edition was neither sending nor paused.
   */
  public boolean cancel(long editionId, String by, Instant now) {
    return database.transaction(
        connection -> {
          int changed = 0;
          for (Edition.Status from : Edition.Status.values()) {
            if (!from.canBecome(Edition.Status.CANCELLED)) {
              continue;
            }
            changed +=
                Jdbc.update(
                    connection,
                    database.sql("set-edition-status"),
                    Edition.Status.CANCELLED,
                    "cancelled by " + by,
                    now,
                    editionId,
                    from);
          }
          if (changed == 0) {
            return false;
          }
          Jdbc.update(connection, database.sql("cancel-open-deliveries"), editionId);
          return true;
        });
  }

  static Edition map(ResultSet row) throws SQLException {
    return new Edition(
        row.getLong("id"),
        row.getLong("newsletter_id"),
        row.getString("trigger_kind"),
        Jdbc.instant(row, "fire_time"),
        row.getString("triggered_by"),
        row.getString("subject"),
        Edition.Status.of(row.getString("status")),
        row.getString("status_reason"),
        row.getString("content_html"),
        row.getString("content_text"),
        row.getInt("article_count"),
        row.getInt("recipient_count"),
        Jdbc.instant(row, "created_at"),
        Jdbc.instant(row, "finished_at"));
  }
}
