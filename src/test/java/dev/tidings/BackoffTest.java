package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one capped doubling: each failure doubles the wait up to the longest, at any count. */
class BackoffTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void eachFailure_doublesTheWait_upToTheLongest() {
    assertThat(Backoff.after(MINUTE, 0, HOUR)).isEqualTo(MINUTE);
    assertThat(Backoff.after(MINUTE, 1, HOUR)).isEqualTo(MINUTE);
    assertThat(Backoff.after(MINUTE, 2, HOUR)).isEqualTo(Duration.ofMinutes(2));
    assertThat(Backoff.after(MINUTE, 6, HOUR)).isEqualTo(Duration.ofMinutes(32));
    assertThat(Backoff.after(MINUTE, 7, HOUR)).isEqualTo(HOUR);
    assertThat(Backoff.after(MINUTE, Integer.MAX_VALUE, HOUR)).isEqualTo(HOUR);
    assertThat(Backoff.after(Duration.ofHours(2), 1, HOUR))
        .as("a first wait over the cap")
        .isEqualTo(HOUR);
    assertThat(Backoff.doubled(Duration.ofMinutes(20), HOUR)).isEqualTo(Duration.ofMinutes(40));
    assertThat(Backoff.doubled(Duration.ofMinutes(40), HOUR)).isEqualTo(HOUR);
  }
}
