package dev.tidings.web;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per key (a client address, an email address): {@code capacity} per {@code period},
 * refilled smoothly. In memory and per process, which is enough to slow down guessing and form
 * spam; the map is cleared when it grows past {@value #MAX_KEYS} keys, so a flood of distinct keys
 * cannot exhaust memory. Thread-safe.
 */
final class KeyedLimits {
  private static final int MAX_KEYS = 50_000;
  private final long capacity;
  private final Duration period;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  KeyedLimits(long capacity, Duration period) {
    this.capacity = capacity;
    this.period = period;
  }

  /** Takes one token for {@code key}; false when its bucket is empty. */
  boolean tryTake(String key) {
    return bucket(key).tryConsume(1);
  }

  /** Gives back a token taken for {@code key} (up to the capacity): the attempt did not count. */
  void giveBack(String key) {
    Bucket bucket = buckets.get(key);
    if (bucket != null) {
      bucket.addTokens(1);
    }
  }

  /** Seconds until {@code key} gets a token back (at least 1). */
  long secondsUntilNext(String key) {
    return Math.max(1, period.toSeconds() / capacity);
  }

  private Bucket bucket(String key) {
    if (buckets.size() > MAX_KEYS) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(
        key,
        unused ->
            Bucket.builder()
                .addLimit(
                    Bandwidth.builder().capacity(capacity).refillGreedy(capacity, period).build())
                .build());
  }
}
