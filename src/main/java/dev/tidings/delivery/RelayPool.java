package dev.tidings.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses a relay for each message: at random in proportion to the weights among the relays that
 * are usable now (reachable, not throttling, within their rate limits), so a relay that is down or
 * out of budget fails over to the others. Thread-safe.
 */
final class RelayPool {
  private final List<Relay> relays;

  RelayPool(List<Relay> relays) {
    if (relays.isEmpty()) {
      throw new IllegalArgumentException("at least one relay is needed");
    }
    this.relays = List.copyOf(relays);
  }

  List<Relay> relays() {
    return relays;
  }

  /** A relay with a message's budget taken, or empty when none may be used now. */
  Optional<Relay> take() {
    List<Relay> candidates = new ArrayList<>(relays);
    while (!candidates.isEmpty()) {
      Relay pick = weightedPick(candidates);
      if (pick.tryTake()) {
        return Optional.of(pick);
      }
      candidates.remove(pick);
    }
    return Optional.empty();
  }

  /** The shortest wait until some relay may be used. */
  Duration readyIn() {
    Duration shortest = null;
    for (Relay relay : relays) {
      Duration wait = relay.readyIn();
      if (shortest == null || wait.compareTo(shortest) < 0) {
        shortest = wait;
      }
    }
    return shortest;
  }

  /** True when every relay is paused because it refuses us: waiting will not help. */
  boolean allRefusing() {
    return relays.stream().allMatch(Relay::refusing);
  }

  /** Names for logs. */
  String describe() {
    List<String> names = new ArrayList<>();
    for (Relay relay : relays) {
      names.add(relay.name() + "=" + relay.mailer().describe());
    }
    return String.join(", ", names);
  }

  private static Relay weightedPick(List<Relay> candidates) {
    int total = 0;
    for (Relay relay : candidates) {
      total += relay.weight();
    }
    int ticket = ThreadLocalRandom.current().nextInt(total);
    for (Relay relay : candidates) {
      ticket -= relay.weight();
      if (ticket < 0) {
        return relay;
      }
    }
    return candidates.get(candidates.size() - 1);
  }
}
