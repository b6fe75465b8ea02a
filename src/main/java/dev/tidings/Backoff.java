package dev.tidings;

import java.time.Duration;

/**
 * Capped doubling, the one backoff of the service: a relay's pauses, the ack writer's retries of
 * the database, a delivery's retry waits and a failing feed's next poll all double after each
 * failure up to their own longest wait. Stateless.
 */
public final class Backoff {
  private Backoff() {}

  /** The wait after one more failure: twice {@code wait}, at most {@code longest}. */
  public static Duration doubled(Duration wait, Duration longest) {
    Duration twice = wait.multipliedBy(2);
    return twice.compareTo(longest) > 0 ? longest : twice;
  }

  /**
   * The wait after {@code failures} failures in a row: {@code first} for the first (or none),
   * doubled for each further one, at most {@code longest}. Any count is safe: the doubling stops at
   * the cap.
   */
  public static Duration after(Duration first, int failures, Duration longest) {
    Duration wait = first.compareTo(longest) > 0 ? longest : first;
    for (int i = 1; i < failures && wait.compareTo(longest) < 0; i++) {
      wait = doubled(wait, longest);
    }
    return wait;
  }
}
