package dev.tidings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand, so schedule, lease and retry tests need no sleeps. */
public final class MutableClock extends Clock {
  private volatile Instant now;
  private volatile boolean live;

  public MutableClock(Instant start) {
    this.now = start;
  }

  /** From now on the clock runs with real time (for tests that wait for retries). */
  public void runLive() {
    live = true;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  public void set(Instant instant) {
    now = instant;
  }

  @Override
  public Instant instant() {
    return live ? Instant.now() : now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
