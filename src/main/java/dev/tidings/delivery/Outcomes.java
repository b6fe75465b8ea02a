package dev.tidings.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Turns what happened to one claimed delivery into its {@link Ack}, and counts it in the {@code
 * tidings.deliveries} metric by outcome. A transient failure is retried while the retry policy
 * allows, then failed for good. Thread-safe.
 */
final class Outcomes {
  private final RetryPolicy retry;
  private final Clock clock;
  private final Counter sent;
  private final Counter retried;
  private final Counter failed;
  private final Counter skipped;
  private final Counter returned;

  Outcomes(RetryPolicy retry, Clock clock, MeterRegistry metrics) {
    this.retry = retry;
    this.clock = clock;
    this.sent = metrics.counter("tidings.deliveries", "outcome", "sent");
    this.retried = metrics.counter("tidings.deliveries", "outcome", "retry");
    this.failed = metrics.counter("tidings.deliveries", "outcome", "failed");
    this.skipped = metrics.counter("tidings.deliveries", "outcome", "skipped");
    this.returned = metrics.counter("tidings.deliveries", "outcome", "returned");
  }

  /** Not sent: the recipient may no longer get mail ({@link ClaimedDelivery#skipReason}). */
  Ack skipped(ClaimedDelivery delivery) {
    skipped.increment();
    return ack(delivery, Ack.Outcome.SKIPPED, delivery.skipReason());
  }

  /** The relay took the message; {@code reply} names the relay and quotes its answer. */
  Ack accepted(ClaimedDelivery delivery, String reply) {
    sent.increment();
    return ack(delivery, Ack.Outcome.SENT, reply);
  }

  /** A permanent (5xx) refusal: failed now, and counted as a hard bounce. */
  Ack refused(ClaimedDelivery delivery, String reply) {
    failed.increment();
    return ack(delivery, Ack.Outcome.BOUNCED, reply);
  }

  /**
   * Not sent because the relay refused us: back in the queue as it was, with no attempt counted and
   * the reply kept as its last error.
   */
  Ack returned(ClaimedDelivery delivery, String reply) {
    returned.increment();
    return new Ack(
        delivery.id(), delivery.editionId(), Ack.Outcome.RETURNED, reply, clock.instant());
  }

  /** A transient failure: another attempt later, unless the attempts are used up. */
  Ack deferred(ClaimedDelivery delivery, String reply) {
    int attempts = delivery.attempts() + 1;
    if (retry.mayRetry(attempts)) {
      retried.increment();
      return new Ack(
          delivery.id(),
          delivery.editionId(),
          Ack.Outcome.RETRY,
          reply,
          retry.nextAttempt(clock.instant(), attempts));
    }
    failed.increment();
    return ack(delivery, Ack.Outcome.FAILED, "gave up after " + attempts + " attempts: " + reply);
  }

  private static Ack ack(ClaimedDelivery delivery, Ack.Outcome outcome, String detail) {
    return new Ack(delivery.id(), delivery.editionId(), outcome, detail, null);
  }
}
