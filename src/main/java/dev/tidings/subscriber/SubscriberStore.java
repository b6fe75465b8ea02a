package dev.tidings.subscriber;

import dev.tidings.NotFoundException;
import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import dev.tidings.db.SqlQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Subscribers, their subscriptions and the suppression list. Writes go through upserts that never
 * revive an address that left (see {@code sql/subscribers.sql}). Thread-safe.
 */
public final class SubscriberStore {
  private final Database database;
  private final Clock clock;

  public SubscriberStore(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A subscriber to add or update: normalized address, optional name. */
  public record Entry(String email, String name) {}

  /** How a consent was given, recorded with each new subscriber. */
  public record Consent(String method, String source) {}

  /** What {@link #upsert} did with a chunk. */
  public record Outcome(int added, int updated, List<String> suppressed) {}

  /**
   * Adds or updates {@code entries} (normalized, distinct) and subscribes them to {@code
   * newsletterId} when not null, in one transaction. New subscribers get {@code active} when
   * confirmed, else {@code pending}; existing ones are never revived. Suppressed addresses are left
   * out and returned.
   */
  public Outcome upsert(
      List<Entry> entries, Long newsletterId, boolean confirmed, Consent consent) {
    if (entries.isEmpty()) {
      return new Outcome(0, 0, List.of());
    }
    Instant now = clock.instant();
    String status = confirmed ? "active" : "pending";
    return database.transaction(
        connection -> {
          Set<String> suppressed = suppressedOf(connection, entries);
          List<Entry> wanted = new ArrayList<>();
          List<String> suppressedEmails = new ArrayList<>();
          for (Entry entry : entries) {
            if (suppressed.contains(EmailAddress.hash(entry.email()))) {
              suppressedEmails.add(entry.email());
            } else {
              wanted.add(entry);
            }
          }
          if (wanted.isEmpty()) {
            return new Outcome(0, 0, suppressedEmails);
          }
          int existing = idsOf(connection, wanted).size();
          try (PreparedStatement statement =
              connection.prepareStatement(database.sql("upsert-subscriber"))) {
            for (Entry entry : wanted) {
              Jdbc.bind(
                  statement,
                  entry.email(),
                  EmailAddress.hash(entry.email()),
                  entry.name() == null || entry.name().isBlank() ? null : entry.name(),
                  status,
                  now,
                  consent.method(),
                  consent.source(),
                  now,
                  now);
              statement.addBatch();
            }
            statement.executeBatch();
          }
          if (newsletterId != null) {
            Map<String, Long> ids = idsOf(connection, wanted);
            try (PreparedStatement statement =
                connection.prepareStatement(database.sql("upsert-subscription"))) {
              for (Entry entry : wanted) {
                Jdbc.bind(statement, ids.get(entry.email()), newsletterId, status, now, now);
                statement.addBatch();
              }
              statement.executeBatch();
            }
          }
          return new Outcome(wanted.size() - existing, existing, suppressedEmails);
        });
  }

  private Map<String, Long> idsOf(Connection connection, List<Entry> entries) throws SQLException {
    String sql = SqlQueries.expandList(database.sql("subscribers-by-emails"), entries.size());
    Map<String, Long> ids = new HashMap<>();
    Object[] emails = entries.stream().map(Entry::email).toArray();
    for (Object[] row :
        Jdbc.query(
            connection,
            sql,
            rs -> new Object[] {rs.getString("email"), rs.getLong("id")},
            emails)) {
      ids.put((String) row[0], (Long) row[1]);
    }
    return ids;
  }

  private Set<String> suppressedOf(Connection connection, List<Entry> entries) throws SQLException {
    String sql = SqlQueries.expandList(database.sql("suppressed-of-hashes"), entries.size());
    Object[] hashes = entries.stream().map(entry -> EmailAddress.hash(entry.email())).toArray();
    return new HashSet<>(Jdbc.query(connection, sql, rs -> rs.getString(1), hashes));
  }

  public Optional<Subscriber> findByEmail(String email) {
    String normalized = EmailAddress.normalize(email);
    return database.read(
        connection ->
            Jdbc.queryOne(
                connection, database.sql("subscriber-by-email"), SubscriberStore::map, normalized));
  }

  public Optional<Subscriber> findById(long id) {
    return database.read(
        connection ->
            Jdbc.queryOne(connection, database.sql("subscriber-by-id"), SubscriberStore::map, id));
  }

  public Subscriber byEmail(String email) {
    return findByEmail(email)
        .orElseThrow(() -> new NotFoundException("subscriber", "no subscriber " + email));
  }

  public List<Subscription> subscriptions(long subscriberId) {
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("subscriptions-of-subscriber"),
                SubscriberStore::mapSubscription,
                subscriberId));
  }

  /**
   * Unsubscribes from one newsletter, or from all when {@code newsletterId} is 0 (the subscriber
   * then becomes {@code unsubscribed}). Idempotent; returns whether anything changed.
   */
  public boolean unsubscribe(long subscriberId, long newsletterId) {
    Instant now = clock.instant();
    return database.transaction(
        connection -> {
          if (newsletterId == 0) {
            int changed =
                Jdbc.update(
                    connection, database.sql("unsubscribe-all-subscriptions"), now, subscriberId);
            Jdbc.update(
                connection,
                database.sql("set-subscriber-status"),
                "unsubscribed",
                now,
                subscriberId);
            return changed > 0;
          }
          return Jdbc.update(
                  connection,
                  database.sql("set-subscription-status"),
                  "unsubscribed",
                  now,
                  subscriberId,
                  newsletterId)
              > 0;
        });
  }

  /**
   * Sets the newsletters a subscriber receives from the preferences page: those in {@code
   * newsletterIds} active (new subscriptions are added: the signed link proves the address) (a
   * subscriber who had left everything becomes active again, as they asked for it themselves), the
   * others unsubscribed.
   */
  public void savePreferences(long subscriberId, String name, Set<Long> newsletterIds) {
    Instant now = clock.instant();
    database.transaction(
        connection -> {
          Jdbc.update(
              connection,
              database.sql("set-subscriber-name"),
              name == null || name.isBlank() ? null : name.trim(),
              now,
              subscriberId);
          Set<Long> existing = new HashSet<>();
          for (Subscription subscription :
              Jdbc.query(
                  connection,
                  database.sql("subscriptions-of-subscriber"),
                  SubscriberStore::mapSubscription,
                  subscriberId)) {
            existing.add(subscription.newsletterId());
            boolean wanted = newsletterIds.contains(subscription.newsletterId());
            Jdbc.update(
                connection,
                database.sql("set-subscription-status"),
                wanted ? "active" : "unsubscribed",
                now,
                subscriberId,
                subscription.newsletterId());
          }
          for (long newsletterId : newsletterIds) {
            if (!existing.contains(newsletterId)) {
              Jdbc.update(
                  connection,
                  database.sql("upsert-subscription"),
                  subscriberId,
                  newsletterId,
                  "active",
                  now,
                  now);
            }
          }
          if (newsletterIds.isEmpty()) {
            Jdbc.update(
                connection,
                database.sql("set-subscriber-status"),
                "unsubscribed",
                now,
                subscriberId);
          } else {
            Jdbc.update(connection, database.sql("reactivate-subscriber"), now, subscriberId);
          }
          return null;
        });
  }

  /** Adds an address to the suppression list (by hash). */
  public void suppress(String email, String reason, String detail) {
    String normalized = EmailAddress.normalize(email);
    database.transaction(
        connection ->
            Jdbc.update(
                connection,
                database.sql("insert-suppression"),
                EmailAddress.hash(normalized),
                reason,
                detail,
                clock.instant()));
  }

  /** Whether the address is on the suppression list. */
  public boolean isSuppressed(String email) {
    String hash = EmailAddress.hash(EmailAddress.normalize(email));
    return database.read(
        connection -> Jdbc.count(connection, database.sql("is-suppressed"), hash) > 0);
  }

  /** One exported row. */
  public record ExportRow(
      String email, String name, String status, Instant createdAt, String consentMethod) {}

  /** Streams every subscriber (or those of one newsletter) to {@code sink}, in id order. */
  public void export(Long newsletterId, java.util.function.Consumer<ExportRow> sink) {
    database.read(
        connection -> {
          String sql =
              database.sql(
                  newsletterId == null ? "export-subscribers" : "export-subscribers-of-newsletter");
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (newsletterId != null) {
              statement.setLong(1, newsletterId);
            }
            statement.setFetchSize(1000);
            try (ResultSet row = statement.executeQuery()) {
              while (row.next()) {
                sink.accept(
                    new ExportRow(
                        row.getString("email"),
                        row.getString("name"),
                        row.getString("status"),
                        Jdbc.instant(row, "created_at"),
                        row.getString("consent_method")));
              }
            }
          }
          return null;
        });
  }

  private static Subscription mapSubscription(ResultSet row) throws SQLException {
    return new Subscription(
        row.getLong("newsletter_id"),
        row.getString("slug"),
        row.getString("name"),
        row.getString("status"));
  }

  static Subscriber map(ResultSet row) throws SQLException {
    return new Subscriber(
        row.getLong("id"),
        row.getString("email"),
        row.getString("name"),
        Subscriber.Status.of(row.getString("status")),
        Jdbc.instant(row, "consent_at"),
        row.getString("consent_method"),
        row.getString("consent_source"),
        Jdbc.instant(row, "created_at"));
  }
}
