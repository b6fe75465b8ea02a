package dev.tidings.edition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allowed moves of an edition, all in one table: nothing leaves cancelled or skipped. */
class EditionStatusTest {
  @Test
  void theAllowedMoves_areExactlyThese() {
    List<String> moves = new ArrayList<>();
    for (Edition.Status from : Edition.Status.values()) {
      for (Edition.Status to : Edition.Status.values()) {
        if (from.canBecome(to)) {
          moves.add(from.value() + " -> " + to.value());
        }
      }
    }
    assertThat(moves)
        .containsExactlyInAnyOrder(
            "sending -> paused",
            "sending -> cancelled",
            "sending -> sent",
            "sending -> skipped",
            "paused -> sending",
            "paused -> cancelled",
            "sent -> sending");
    for (Edition.Status status : Edition.Status.values()) {
      assertThat(status.canBecome(status)).as(status.value()).isFalse();
    }
  }
}
