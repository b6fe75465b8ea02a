package dev.tidings.delivery;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;

/**
 * One SMTP relay with its share of the traffic ({@code weight}), its rate limits and its health: a
 * throttle for relay-wide deferrals and a back-off after failed connects. Rate limits are token
 * buckets (Bucket4j) refilled smoothly, so "per hour" and "per day" behave as sliding windows; they
 * count messages of this process. Thread-safe.
 */
public final class Relay {
  private final String name;
  private final Mailer mailer;
  private final int weight;
  private final Bucket bucket;
  private final RelayThrottle throttle;
  private long unavailableUntilNanos = System.nanoTime();
  private Duration connectBackoff = Duration.ofSeconds(1);

  /** Message limits; zero means no limit. */
  public record Limits(long perSecond, long perHour, long perDay) {
    public static final Limits NONE = new Limits(0, 0, 0);
  }

  public Relay(String name, Mailer mailer, int weight, Limits limits, int throttleAfter) {
    this.name = name;
    this.mailer = mailer;
    this.weight = weight;
    this.bucket = bucket(limits);
    this.throttle = new RelayThrottle(throttleAfter);
  }

  private static Bucket bucket(Limits limits) {
    if (limits.perSecond() <= 0 && limits.perHour() <= 0 && limits.perDay() <= 0) {
      return null;
    }
    LocalBucketBuilder builder = Bucket.builder();
    if (limits.perSecond() > 0) {
      builder.addLimit(
          Bandwidth.builder()
              .capacity(limits.perSecond())
              .refillGreedy(limits.perSecond(), Duration.ofSeconds(1))
              .build());
    }
    if (limits.perHour() > 0) {
      builder.addLimit(
          Bandwidth.builder()
              .capacity(limits.perHour())
              .refillGreedy(limits.perHour(), Duration.ofHours(1))
              .build());
    }
    if (limits.perDay() > 0) {
      builder.addLimit(
          Bandwidth.builder()
              .capacity(limits.perDay())
              .refillGreedy(limits.perDay(), Duration.ofDays(1))
              .build());
    }
    return builder.build();
  }

  public String name() {
    return name;
  }

  public Mailer mailer() {
    return mailer;
  }

  int weight() {
    return weight;
  }

  RelayThrottle throttle() {
    return throttle;
  }

  /** True when the relay may be used now: not paused, reachable, and a message is in budget. */
  synchronized boolean tryTake() {
    if (System.nanoTime() < unavailableUntilNanos || !throttle.remainingPause().isZero()) {
      return false;
    }
    return bucket == null || bucket.tryConsume(1);
  }

  /** Gives back a token taken for a message that was not sent. */
  synchronized void giveBack() {
    if (bucket != null) {
      bucket.addTokens(1);
    }
  }

  /** How long until this relay may be usable again (zero if it may be now). */
  synchronized Duration readyIn() {
    long waits =
        Math.max(unavailableUntilNanos - System.nanoTime(), throttle.remainingPause().toNanos());
    if (bucket != null) {
      waits = Math.max(waits, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }
    return Duration.ofNanos(Math.max(0, waits));
  }

  /** A connect failed: keep away for a while (1 s doubling to 30 s). */
  synchronized Duration markUnavailable() {
    Duration pause = connectBackoff;
    unavailableUntilNanos = System.nanoTime() + pause.toNanos();
    connectBackoff =
        pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
            ? Duration.ofSeconds(30)
            : pause.multipliedBy(2);
    return pause;
  }

  synchronized void markAvailable() {
    connectBackoff = Duration.ofSeconds(1);
  }
}
