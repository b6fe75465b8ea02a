package dev.tidings.delivery;

import java.time.Instant;

/**
 * The recorded outcome of one delivery, written in batches by the engine.
 *
 * @param detail the server reply or error
 * @param retryAt when a {@code RETRY} or {@code RETURNED} delivery may next be tried
 */
public record Ack(
    long deliveryId, long editionId, Outcome outcome, String detail, Instant retryAt) {

  /** Final or retry states a leased delivery can move to. */
  public enum Outcome {
    SENT,
    RETRY,
    FAILED,
    /** Refused for good by the recipient's server (5xx): failed, and counts as a hard bounce. */
    BOUNCED,
    SKIPPED,
    /** Not sent: the relay refused us. Queued again with no attempt counted. */
    RETURNED
  }
}
