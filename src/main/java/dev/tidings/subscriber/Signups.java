package dev.tidings.subscriber;

import dev.tidings.db.Database;
import dev.tidings.db.Jdbc;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Double opt-in. A sign-up leaves the subscriber and the asked-for subscriptions {@code pending}
 * (an active subscriber stays active); following the signed confirmation link makes them {@code
 * active} and records the consent: when, through which form, and from which client address.
 * Suppressed addresses are never signed up. Thread-safe.
 */
public final class Signups {
  private final Database database;
  private final SubscriberStore subscribers;
  private final Clock clock;

  public Signups(Database database, SubscriberStore subscribers, Clock clock) {
    this.database = database;
    this.subscribers = subscribers;
    this.clock = clock;
  }

  /**
   * Records a sign-up; returns the subscriber to send a confirmation to, or empty when the address
   * is suppressed (the caller answers the same either way, so nobody learns which addresses are
   * known).
   */
  public Optional<Subscriber> signUp(
      String email, String name, Set<Long> newsletterIds, String form, String clientAddress) {
    String normalized = EmailAddress.normalize(email);
    SubscriberStore.Outcome outcome =
        subscribers.upsert(
            List.of(new SubscriberStore.Entry(normalized, name)),
            null,
            false,
            new SubscriberStore.Consent("double-opt-in (unconfirmed)", form));
    if (!outcome.suppressed().isEmpty()) {
      return Optional.empty();
    }
    Subscriber subscriber = subscribers.byEmail(normalized);
    Instant now = clock.instant();
    database.transaction(
        connection -> {
          for (long newsletterId : newsletterIds) {
            Jdbc.update(
                connection,
                database.sql("signup-subscription"),
                subscriber.id(),
                newsletterId,
                now,
                now);
          }
          Jdbc.update(
              connection,
              database.sql("signup-consent-source"),
              form,
              clientAddress,
              now,
              subscriber.id());
          return null;
        });
    return Optional.of(subscriber);
  }

  /**
   * Confirms a sign-up: false when the address may not be mailed (bounced, complained or
   * suppressed), true when it is now active. Idempotent.
   */
  public boolean confirm(long subscriberId) {
    Subscriber subscriber = subscribers.findById(subscriberId).orElse(null);
    if (subscriber == null) {
      return false;
    }
    if (subscribers.isSuppressed(subscriber.email())) {
      return false;
    }
    Instant now = clock.instant();
    return database.transaction(
        connection -> {
          int changed =
              Jdbc.update(connection, database.sql("confirm-subscriber"), now, now, subscriberId);
          if (changed == 0) {
            return false;
          }
          Jdbc.update(connection, database.sql("confirm-subscriptions"), now, subscriberId);
          return true;
        });
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
}
