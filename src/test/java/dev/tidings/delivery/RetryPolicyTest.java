package dev.tidings.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The retry decision: doubling waits from the base, capped at six hours, jittered ±50 %. */
class RetryPolicyTest {
  private static final Instant NOW = Instant.parse("2026-11-30T07:15:00Z");
  private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(30), 5);

  @Test
  void waitsDouble_fromTheBase_withinTheJitter() {
    for (int attempts = 1; attempts <= 5; attempts++) {
      long expected = 30_000L << (attempts - 1);
      for (int i = 0; i < 200; i++) {
        long wait = Duration.between(NOW, policy.nextAttempt(NOW, attempts)).toMillis();
        assertThat(wait).as("attempt %d", attempts).isBetween(expected / 2, expected * 3 / 2);
      }
    }
  }

  @Test
  void longWaits_areCappedAtSixHours_andNoAttemptCountOverflows() {
    long cap = Duration.ofHours(6).toMillis();
    for (int attempts : new int[] {12, 30, 64, Integer.MAX_VALUE}) {
      long wait = Duration.between(NOW, policy.nextAttempt(NOW, attempts)).toMillis();
      assertThat(wait).as("attempt %d", attempts).isBetween(cap / 2, cap * 3 / 2);
    }
    assertThat(policy.nextAttempt(NOW, 0)).isAfter(NOW);
  }

  @Test
  void aDeliveryMayBeRetried_untilItsLastAttempt() {
    assertThat(policy.mayRetry(1)).isTrue();
    assertThat(policy.mayRetry(4)).isTrue();
    assertThat(policy.mayRetry(5)).isFalse();
    assertThat(new RetryPolicy(Duration.ofSeconds(30), 1).mayRetry(1)).isFalse();
  }
}
