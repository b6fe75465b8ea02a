package dev.tidings.delivery;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.local.LocalBucketBuilder;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One SMTP relay with its share of the traffic ({@code weight}), its rate limits and its health: a
 * throttle for relay-wide deferrals, a back-off after failed connects, and a pause when the relay
 * refuses us (a 5xx to MAIL FROM, or a run of refusals that do not name the recipient). Rate limits
 * are token buckets (Bucket4j) refilled smoothly, so "per hour" and "per day" behave as sliding
 * windows; they count messages of this process. Each change of {@link State} goes to the listener
 * ({@link #onChange}), for operators to see. Thread-safe.
 */
public final class Relay {
  private final String name;
  private final Mailer mailer;
  private final int weight;
  private final Bucket bucket;
  private final RelayThrottle throttle;
  private final int refusalsBeforePause;
  private long unavailableUntilNanos = System.nanoTime();
  private Duration connectBackoff = Duration.ofSeconds(1);
  private long refusedUntilNanos = System.nanoTime();
  private Duration refusalBackoff = FIRST_REFUSAL_PAUSE;
  private int unsureStreak;
  private State state = State.OK;
  private String detail;
  private volatile Consumer<Status> listener = status -> {};

  private static final Duration FIRST_REFUSAL_PAUSE = Duration.ofSeconds(30);
  private static final Duration LONGEST_REFUSAL_PAUSE = Duration.ofMinutes(10);

  /** What an operator sees of a relay. */
  public enum State {
    /** It took the last message, or nothing has gone wrong yet. */
    OK,
    /** A connect, TLS handshake, EHLO or login failed. */
    UNREACHABLE,
    /** It refuses us: our sender, our DATA, or every recipient alike. Paused. */
    REFUSING,
    /** It keeps deferring (4xx in a row). Paused. */
    DEFERRING
  }

  /**
   * A relay's state and the reply or error behind it (null when OK).
   *
   * @param pausedFor how long this process keeps away from it
   */
  public record Status(String relay, State state, String detail, Duration pausedFor) {}

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
    this.refusalsBeforePause = throttleAfter;
  }

  /** Where each change of state goes; replaces the one before. */
  public void onChange(Consumer<Status> listener) {
    this.listener = listener;
  }

  /** The state now. */
  public synchronized Status status() {
    return new Status(name, state, detail, readyIn());
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
    long now = System.nanoTime();
    if (now < unavailableUntilNanos
        || now < refusedUntilNanos
        || !throttle.remainingPause().isZero()) {
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
    long now = System.nanoTime();
    long waits =
        Math.max(
            Math.max(unavailableUntilNanos - now, refusedUntilNanos - now),
            throttle.remainingPause().toNanos());
    if (bucket != null) {
      waits = Math.max(waits, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
    }
    return Duration.ofNanos(Math.max(0, waits));
  }

  /** A connect failed with {@code problem}: keep away for a while (1 s doubling to 30 s). */
  Duration markUnavailable(String problem) {
    Duration pause;
    Status changed;
    synchronized (this) {
      pause = connectBackoff;
      unavailableUntilNanos = System.nanoTime() + pause.toNanos();
      connectBackoff = dev.tidings.Backoff.doubled(pause, Duration.ofSeconds(30));
      changed = change(State.UNREACHABLE, problem);
    }
    tell(changed);
    return pause;
  }

  /** A session opened. */
  void markAvailable() {
    Status changed;
    synchronized (this) {
      connectBackoff = Duration.ofSeconds(1);
      changed = state == State.UNREACHABLE ? change(State.OK, null) : null;
    }
    tell(changed);
  }

  /** The relay took a message: every pause and streak is over. */
  void delivered() {
    throttle.accepted();
    Status changed;
    synchronized (this) {
      refusalBackoff = FIRST_REFUSAL_PAUSE;
      unsureStreak = 0;
      changed = change(State.OK, null);
    }
    tell(changed);
  }

  /**
   * The relay refused us ({@link SendResult.Kind#RELAY_REFUSED}): no message goes to it for a pause
   * of 30 s, doubling to 10 minutes while it goes on refusing.
   */
  Duration refused(String reply) {
    Duration pause;
    Status changed;
    synchronized (this) {
      pause = refusalBackoff;
      refusedUntilNanos = System.nanoTime() + pause.toNanos();
      refusalBackoff = dev.tidings.Backoff.doubled(pause, LONGEST_REFUSAL_PAUSE);
      unsureStreak = 0;
      changed = change(State.REFUSING, reply);
    }
    tell(changed);
    return pause;
  }

  /**
   * A refusal that does not name the recipient ({@link SendResult.Kind#UNSURE}); the throttle's
   * number of them in a row with nothing accepted between means the relay refuses everyone.
   *
   * @return the pause it started, or zero
   */
  Duration unsureRefusal(String reply) {
    synchronized (this) {
      unsureStreak++;
      if (unsureStreak < refusalsBeforePause) {
        return Duration.ZERO;
      }
    }
    return refused(reply);
  }

  /** A deferral; returns the throttle's pause if it started one. */
  Duration deferred(String reply) {
    Duration pause = throttle.transientFailure();
    if (!pause.isZero()) {
      Status changed;
      synchronized (this) {
        changed = change(State.DEFERRING, reply);
      }
      tell(changed);
    }
    return pause;
  }

  /** True when the relay is paused because it refuses us. */
  synchronized boolean refusing() {
    return state == State.REFUSING && System.nanoTime() < refusedUntilNanos;
  }

  /** Moves to {@code next}; the status to tell, or null when nothing changed. */
  private Status change(State next, String why) {
    if (next == state && java.util.Objects.equals(why, detail)) {
      return null;
    }
    state = next;
    detail = why;
    return new Status(name, state, detail, readyIn());
  }

  private void tell(Status changed) {
    if (changed != null) {
      listener.accept(changed);
    }
  }
}
