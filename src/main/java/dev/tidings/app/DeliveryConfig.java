package dev.tidings.app;

import java.time.Duration;

/**
 * How the delivery engine claims and retries work, from the {@code TIDINGS_DELIVERY_*} variables
 * and {@code TIDINGS_FANOUT_CHUNK}. Immutable.
 *
 * @param lease how long a claimed delivery stays with the process that claimed it
 * @param batch deliveries claimed at once
 * @param fanoutChunk delivery rows made per transaction after an edition's first chunk
 * @param inflight messages handed to the relays and not yet acknowledged, at the most
 * @param maxAttempts attempts of one message before it counts as failed
 * @param retryBase the first wait before a retry (it grows with each attempt)
 */
public record DeliveryConfig(
    Duration lease, int batch, int fanoutChunk, int inflight, int maxAttempts, Duration retryBase) {
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  public static final int DEFAULT_BATCH = 250;
  public static final int DEFAULT_FANOUT_CHUNK = 100_000;
  public static final int DEFAULT_INFLIGHT = 64;
  public static final int DEFAULT_MAX_ATTEMPTS = 8;
  public static final Duration DEFAULT_RETRY_BASE = Duration.ofSeconds(30);

  static DeliveryConfig read(ConfigReader reader) {
    Duration lease = reader.duration("TIDINGS_DELIVERY_LEASE", DEFAULT_LEASE);
    int batch = reader.integer("TIDINGS_DELIVERY_BATCH", DEFAULT_BATCH, 1, 10_000);
    int fanoutChunk = reader.integer("TIDINGS_FANOUT_CHUNK", DEFAULT_FANOUT_CHUNK, 1, 1_000_000);
    int inflight = reader.integer("TIDINGS_DELIVERY_INFLIGHT", DEFAULT_INFLIGHT, 1, 10_000);
    int maxAttempts = reader.integer("TIDINGS_DELIVERY_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS, 1, 100);
    Duration retryBase = reader.duration("TIDINGS_DELIVERY_RETRY_BASE", DEFAULT_RETRY_BASE);
    if (lease.compareTo(Duration.ofSeconds(5)) < 0) {
      reader.fail("TIDINGS_DELIVERY_LEASE", "must be at least 5s");
    }
    return new DeliveryConfig(lease, batch, fanoutChunk, inflight, maxAttempts, retryBase);
  }
}
