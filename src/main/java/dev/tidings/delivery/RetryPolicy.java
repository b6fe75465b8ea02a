package dev.tidings.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter for transient failures: the n-th retry waits base * 2^(n-1),
 * capped at six hours, times a random factor in [0.5, 1.5) so that a relay's throttled rows do not
 * all come back at the same instant. After {@code maxAttempts} attempts the delivery fails.
 */
public record RetryPolicy(Duration base, int maxAttempts) {
  private static final Duration CAP = Duration.ofHours(6);

  /** Whether a delivery that has now been tried {@code attempts} times may be tried again. */
  public boolean mayRetry(int attempts) {
    return attempts < maxAttempts;
  }

  /** When to try again after {@code attempts} attempts (1 = the first failed). */
  public Instant nextAttempt(Instant now, int attempts) {
    Duration wait = dev.tidings.Backoff.after(base, attempts, CAP);
    double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
    return now.plusMillis((long) (wait.toMillis() * jitter));
  }
}
