package dev.tidings.subscriber;

import java.time.Instant;

/** A subscriber: one normalized address with its overall status. Immutable. */
public record Subscriber(
    long id,
    String email,
    String name,
    Status status,
    Instant consentAt,
    String consentMethod,
    String consentSource,
    Instant createdAt) {

  /** The lifecycle of an address; only {@code ACTIVE} receives mail. */
  public enum Status {
    PENDING,
    ACTIVE,
    UNSUBSCRIBED,
    BOUNCED,
    COMPLAINED;

    public static Status of(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
