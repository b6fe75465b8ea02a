package dev.tidings.edition;

import java.time.Instant;

/**
 * One send of a newsletter. The article HTML and text are rendered once, at planning, and stored
 * with the edition, so every subscriber, every process and the archive see the same content.
 */
public record Edition(
    long id,
    long newsletterId,
    String triggerKind,
    Instant fireTime,
    String triggeredBy,
    String subject,
    Status status,
    String statusReason,
    String contentHtml,
    String contentText,
    int articleCount,
    int recipientCount,
    Instant createdAt,
    Instant finishedAt) {

  /** An edition's lifecycle. Only {@code SENDING} editions are worked on by the engine. */
  public enum Status {
    SENDING,
    PAUSED,
    CANCELLED,
    SENT,
    SKIPPED;

    public static Status of(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    public String value() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isFinal() {
      return this == CANCELLED || this == SENT || this == SKIPPED;
    }

    /**
     * Whether an edition in this status may move to {@code next}, the one table of the allowed
     * moves: sending may pause, be cancelled, finish as sent, or be skipped (no one to send to);
     * paused may resume or be cancelled; sent may send again when its failed deliveries are
     * retried; cancelled and skipped are over.
     */
    public boolean canBecome(Status next) {
      return switch (this) {
        case SENDING -> next == PAUSED || next == CANCELLED || next == SENT || next == SKIPPED;
        case PAUSED -> next == SENDING || next == CANCELLED;
        case SENT -> next == SENDING;
        case CANCELLED, SKIPPED -> false;
      };
    }
  }
}
