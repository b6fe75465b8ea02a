package dev.tidings.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Choosing a relay per message: in proportion to the weights, failing over from a relay that
 * refuses us or is out of budget, and telling when every relay refuses, so nobody is blamed.
 */
class RelayPoolTest {
  private static Mailer mailer(String name) {
    return new Mailer() {
      @Override
      public MailConnection open() {
        throw new MailerUnavailableException(name + " is not opened in this test", null);
      }

      @Override
      public String describe() {
        return name + ":25";
      }
    };
  }

  private static Relay relay(String name, int weight, Relay.Limits limits) {
    return new Relay(name, mailer(name), weight, limits, 3);
  }

  @Test
  void messagesAreShared_inProportionToTheWeights() {
    RelayPool pool =
        new RelayPool(
            List.of(relay("big", 3, Relay.Limits.NONE), relay("small", 1, Relay.Limits.NONE)));
    Map<String, Integer> picks = new HashMap<>();
    for (int i = 0; i < 8000; i++) {
      picks.merge(pool.take().orElseThrow().name(), 1, Integer::sum);
    }
    assertThat(picks.get("big")).isBetween(5600, 6400);
    assertThat(picks.get("small")).isBetween(1600, 2400);
    assertThat(pool.describe()).isEqualTo("big=big:25, small=small:25");
  }

  @Test
  void aRefusingRelay_isSkipped_andWhenAllRefuse_thePoolSaysSo() {
    Relay first = relay("first", 1, Relay.Limits.NONE);
    Relay second = relay("second", 1, Relay.Limits.NONE);
    RelayPool pool = new RelayPool(List.of(first, second));
    first.refused("554 5.7.1 Relay access denied");
    for (int i = 0; i < 200; i++) {
      assertThat(pool.take()).get().isSameAs(second);
    }
    assertThat(pool.allRefusing()).isFalse();
    second.refused("550 5.7.1 sender rejected");
    assertThat(pool.take()).isEmpty();
    assertThat(pool.allRefusing()).isTrue();
    assertThat(pool.readyIn()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aRelayOutOfItsHourlyBudget_failsOverToTheOther() {
    Relay limited = relay("limited", 100, new Relay.Limits(0, 5, 0));
    Relay spare = relay("spare", 1, Relay.Limits.NONE);
    RelayPool pool = new RelayPool(List.of(limited, spare));
    int fromLimited = 0;
    for (int i = 0; i < 100; i++) {
      if (pool.take().orElseThrow() == limited) {
        fromLimited++;
      }
    }
    assertThat(fromLimited).isEqualTo(5);
    assertThat(pool.allRefusing()).isFalse();
  }

  @Test
  void aPoolNeedsARelay() {
    assertThatThrownBy(() -> new RelayPool(List.of())).hasMessageContaining("at least one relay");
  }
}
