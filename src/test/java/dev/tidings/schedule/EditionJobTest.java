package dev.tidings.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import dev.tidings.edition.Edition;
import dev.tidings.newsletter.Newsletter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The misfire rule: a fire too late is skipped and its articles wait for the next edition. */
@Tag("mariadb")
class EditionJobTest {
  @Test
  void lateFire_isSkipped_andTheNextFireCarriesTheArticles() throws Exception {
    try (Harness harness = Harness.start(TestDatabase.Kind.MARIADB)) {
      Newsletter weekly = harness.newsletter("weekly");
      harness.subscribers(weekly, "ann@example.com");
      harness.article(
          "Storm warning",
          "https://example.com/storm",
          harness.clock.instant().minus(Duration.ofHours(1)));
      AtomicInteger wakes = new AtomicInteger();
      EditionJob job = job(harness, wakes, Duration.ofHours(3));

      Instant missed = harness.clock.instant().minus(Duration.ofDays(2));
      Edition late = job.fire(weekly.id(), missed).orElseThrow();
      assertThat(late.status()).isEqualTo(Edition.Status.SKIPPED);
      assertThat(late.statusReason()).contains("lateness limit");
      assertThat(wakes.get()).isZero();

      Instant slightlyLate = harness.clock.instant().minus(Duration.ofMinutes(20));
      Edition onTime = job.fire(weekly.id(), slightlyLate).orElseThrow();
      assertThat(onTime.status()).isEqualTo(Edition.Status.SENDING);
      assertThat(onTime.articleCount()).isEqualTo(1);
      assertThat(wakes.get()).isEqualTo(1);
      assertThat(job.fire(weekly.id(), slightlyLate).orElseThrow().id())
          .as("the same fire twice makes one edition")
          .isEqualTo(onTime.id());
    }
  }

  /**
   * Quartz runs a misfired job once "now" and calls now its scheduled time. A 15:00 fire run at
   * 15:03:30 against a 2-minute limit was sent before, with no skip and no log line. It is taken
   * for its 15:00 slot: skipped as late, with the reason, and a second such run is the same
   * edition.
   */
  @Test
  void aMisfireRunLate_standsForItsSlot_andIsSkippedPastTheLimit() throws Exception {
    try (Harness harness = Harness.start(TestDatabase.Kind.H2)) {
      Newsletter daily =
          harness
              .tidings
              .newsletters()
              .add(
                  new dev.tidings.newsletter.NewsletterDraft(
                      "daily",
                      "The daily",
                      "0 15 * * *",
                      "UTC",
                      "news@example.com",
                      null,
                      null,
                      null,
                      null,
                      1,
                      10,
                      null,
                      true));
      harness.subscribers(daily, "ann@example.com");
      Instant slot = Instant.parse("2026-11-30T15:00:00Z");
      harness.article("Tide tables", "https://example.com/tides", slot.minus(Duration.ofHours(2)));
      harness.clock.set(slot.plus(Duration.ofSeconds(210)));
      AtomicInteger wakes = new AtomicInteger();
      EditionJob job = job(harness, wakes, Duration.ofMinutes(2));

      Edition late = job.fireAsScheduled(daily.id(), harness.clock.instant()).orElseThrow();
      assertThat(late.status()).isEqualTo(Edition.Status.SKIPPED);
      assertThat(late.statusReason())
          .isEqualTo(
              "fire time 2026-11-30T15:00:00Z missed by 3 min, more than the 2 min lateness"
                  + " limit");
      assertThat(late.fireTime()).isEqualTo(slot);
      assertThat(wakes.get()).isZero();
      assertThat(job.fireAsScheduled(daily.id(), harness.clock.instant()).orElseThrow().id())
          .isEqualTo(late.id());

      // An on-time fire at its slot stays that slot.
      Instant next = Instant.parse("2026-12-01T15:00:00Z");
      harness.clock.set(next.plus(Duration.ofSeconds(30)));
      Edition onTime = job.fireAsScheduled(daily.id(), next).orElseThrow();
      assertThat(onTime.status()).isEqualTo(Edition.Status.SENDING);
      assertThat(onTime.fireTime()).isEqualTo(next);
    }
  }

  /** The job of {@code harness}'s service, counting its wake-ups in {@code wakes}. */
  private static EditionJob job(Harness harness, AtomicInteger wakes, Duration maxLateness) {
    return new EditionJob(
        harness.tidings.newsletters(),
        harness.tidings.planner(),
        wakes::incrementAndGet,
        harness.clock,
        maxLateness);
  }
}
