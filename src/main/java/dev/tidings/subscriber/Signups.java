package dev.tidings.subscriber;

import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Double opt-in. A sign-up is a request kept in {@code signups}: it changes no known subscriber
 * (anyone can type anyone's address), and a new address waits as {@code pending}, its newsletters
 * as pending subscriptions. Its confirmation link names the request, so following it confirms the
 * newsletters asked for in that request only, until it expires ({@value #VALID_DAYS} days); then
 * the subscriber and those subscriptions are {@code active} with the consent recorded: when,
 * through which form, from which client address. Suppressed addresses are never signed up, and an
 * address gets at most {@value #PER_DAY} confirmation mails a day. Thread-safe.
 */
public final class Signups {
  /** How long a confirmation link works. */
  public static final int VALID_DAYS = 7;

  /** Confirmation mails per address in 24 hours, whoever asks. */
  public static final int PER_DAY = 3;

  private final Database database;
  private final SubscriberStore subscribers;
  private final Clock clock;

  public Signups(Database database, SubscriberStore subscribers, Clock clock) {
    this.database = database;
    this.subscribers = subscribers;
    this.clock = clock;
  }

  /** A sign-up waiting for its confirmation. */
  public record Request(
      long id,
      long subscriberId,
      List<Long> newsletterIds,
      String name,
      String form,
      String clientAddress,
      Instant createdAt,
      Instant expiresAt,
      Instant mailedAt,
      Instant confirmedAt) {}

  /** What following a confirmation link did. */
  public enum Outcome {
    CONFIRMED,
    ALREADY_CONFIRMED,
    EXPIRED,
    /** The address bounced, complained or is suppressed: it is not on any list. */
    REFUSED,
    /** No such request for that subscriber. */
    UNKNOWN
  }

  /**
   * Records a sign-up; returns the request to mail a confirmation for, or empty when the address is
   * suppressed or has had its confirmation mails for the day (the caller answers the same either
   * way, so nobody learns which addresses are known).
   */
  public Optional<Request> signUp(
      String email, String name, Set<Long> newsletterIds, String form, String clientAddress) {
    String normalized = EmailAddress.normalize(email);
    Instant now = clock.instant();
    Instant expires = now.plus(Duration.ofDays(VALID_DAYS));
    String ids = newsletterIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    String typed = name == null || name.isBlank() ? null : name.trim();
    return database.transaction(
        connection -> {
          if (Jdbc.count(connection, database.sql("is-suppressed"), EmailAddress.hash(normalized))
              > 0) {
            // Kept as refused, without the address: the same reads and the same commit as a
            // sign-up, so the time of the answer does not tell a suppressed address from another.
            subscriberId(connection, normalized);
            Jdbc.count(connection, database.sql("signups-of-subscriber-since"), -1L, now);
            Jdbc.update(
                connection,
                database.sql("insert-refused-signup"),
                ids,
                form,
                clientAddress,
                now,
                now);
            return Optional.<Request>empty();
          }
          boolean known = subscriberId(connection, normalized).isPresent();
          if (!known) {
            Jdbc.update(
                connection,
                database.sql("signup-new-subscriber"),
                normalized,
                EmailAddress.hash(normalized),
                typed,
                form,
                now,
                now);
          }
          long subscriberId = subscriberId(connection, normalized).orElseThrow();
          long today =
              Jdbc.count(
                  connection,
                  database.sql("signups-of-subscriber-since"),
                  subscriberId,
                  now.minus(Duration.ofDays(1)));
          if (today >= PER_DAY) {
            return Optional.<Request>empty();
          }
          // A new address shows what it asked for as pending; a known one shows nothing yet.
          for (long newsletterId : known ? Set.<Long>of() : newsletterIds) {
            Jdbc.update(
                connection,
                database.sql("signup-subscription"),
                subscriberId,
                newsletterId,
                now,
                now);
          }
          long id =
              Jdbc.insert(
                  connection,
                  database.sql("insert-signup"),
                  subscriberId,
                  ids,
                  typed,
                  form,
                  clientAddress,
                  now,
                  expires);
          return Optional.of(
              new Request(
                  id,
                  subscriberId,
                  List.copyOf(newsletterIds),
                  typed,
                  form,
                  clientAddress,
                  now,
                  expires,
                  null,
                  null));
        });
  }

  private Optional<Long> subscriberId(java.sql.Connection connection, String normalized)
      throws SQLException {
    return Jdbc.queryOne(
        connection, database.sql("subscriber-by-email"), row -> row.getLong("id"), normalized);
  }

  /** The request {@code id} of subscriber {@code subscriberId} (both named by a signed link). */
  public Optional<Request> find(long id, long subscriberId) {
    return database.read(
        connection ->
            Jdbc.queryOne(
                connection, database.sql("signup-by-id"), Signups::map, id, subscriberId));
  }

  /**
   * Confirms request {@code id} of subscriber {@code subscriberId}: its newsletters become active,
   * and so does the subscriber, with this request's consent (and its name, if one was typed: the
   * owner of the address has now confirmed it). Confirms once, however often the link is followed.
   */
  public Outcome confirm(long id, long subscriberId) {
    Request request = find(id, subscriberId).orElse(null);
    if (request == null) {
      return Outcome.UNKNOWN;
    }
    if (request.confirmedAt() != null) {
      return Outcome.ALREADY_CONFIRMED;
    }
    Instant now = clock.instant();
    if (!request.expiresAt().isAfter(now)) {
      return Outcome.EXPIRED;
    }
    Subscriber subscriber = subscribers.findById(subscriberId).orElse(null);
    if (subscriber == null || subscribers.isSuppressed(subscriber.email())) {
      return Outcome.REFUSED;
    }
    return database.transaction(
        connection -> {
          if (Jdbc.update(connection, database.sql("confirm-signup"), now, id, now) == 0) {
            return Outcome.ALREADY_CONFIRMED;
          }
          int active =
              Jdbc.update(
                  connection,
                  database.sql("confirm-subscriber"),
                  now,
                  request.form(),
                  request.clientAddress(),
                  now,
                  subscriberId);
          if (active == 0) {
            return Outcome.REFUSED; // bounced or complained: the update leaves it alone
          }
          if (request.name() != null) {
            Jdbc.update(
                connection,
                database.sql("confirm-subscriber-name"),
                request.name(),
                now,
                subscriberId);
          }
          for (long newsletterId : request.newsletterIds()) {
            Jdbc.update(
                connection,
                database.sql("confirm-subscription"),
                subscriberId,
                newsletterId,
                now,
                now);
          }
          return Outcome.CONFIRMED;
        });
  }

  /** Records that the relay took the confirmation mail of request {@code id}. */
  public void mailed(long id) {
    database.transaction(
        connection -> Jdbc.update(connection, database.sql("signup-mailed"), clock.instant(), id));
  }

  /** Requests of the last day whose confirmation mail was never taken by a relay. */
  public List<Request> unmailed() {
    Instant now = clock.instant();
    return database.read(
        connection ->
            Jdbc.query(
                connection,
                database.sql("unmailed-signups"),
                Signups::map,
                now.minus(Duration.ofDays(1)),
                now));
  }

  /** The client address recorded with the consent. */
  public Optional<String> consentAddress(long subscriberId) {
    return database.read(
        connection ->
            Jdbc.queryOne(
                connection,
                database.sql("subscriber-consent-ip"),
                row -> row.getString(1),
                subscriberId));
  }

  private static Request map(ResultSet row) throws SQLException {
    String ids = row.getString("newsletter_ids");
    return new Request(
        row.getLong("id"),
        row.getLong("subscriber_id"),
        ids.isEmpty() ? List.of() : Arrays.stream(ids.split(",")).map(Long::valueOf).toList(),
        row.getString("name"),
        row.getString("form"),
        row.getString("client_ip"),
        Jdbc.instant(row, "created_at"),
        Jdbc.instant(row, "expires_at"),
        Jdbc.instant(row, "mailed_at"),
        Jdbc.instant(row, "confirmed_at"));
  }
}
