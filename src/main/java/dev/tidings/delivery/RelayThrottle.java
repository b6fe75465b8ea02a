package dev.tidings.delivery;

import java.time.Duration;

/**
 * Slows a whole relay down when it throttles: after {@code threshold} transient failures in a row
 * (4xx such as 421 or 454, dropped connections), every worker of this process holds off for a pause
 * that doubles with each further streak, up to five minutes, and resets on the next accepted
 * message. Without it a throttling relay would burn one attempt of every recipient on the list.
 * Measured in real time ({@link System#nanoTime()}): it paces a remote server, not a schedule.
 * Thread-safe.
 */
final class RelayThrottle {
  private static final Duration FIRST_PAUSE = Duration.ofSeconds(2);
  private static final Duration LONGEST_PAUSE = Duration.ofMinutes(5);
  private final int threshold;
  private int streak;
  private Duration nextPause = FIRST_PAUSE;
  private long pausedUntilNanos = System.nanoTime();

  RelayThrottle(int threshold) {
    this.threshold = threshold;
  }

  synchronized void accepted() {
    streak = 0;
    nextPause = FIRST_PAUSE;
  }

  /** Records a transient failure; returns the pause it started, or zero. */
  synchronized Duration transientFailure() {
    streak++;
    if (streak < threshold) {
      return Duration.ZERO;
    }
    streak = 0;
    Duration pause = nextPause;
    pausedUntilNanos = System.nanoTime() + pause.toNanos();
    nextPause =
        pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
    return pause;
  }

  /** How long workers should still hold off; zero when they may send. */
  synchronized Duration remainingPause() {
    long left = pausedUntilNanos - System.nanoTime();
    return left > 0 ? Duration.ofNanos(left) : Duration.ZERO;
  }
}
