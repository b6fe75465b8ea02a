package dev.tidings.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.TestDatabase;
import dev.tidings.edition.Edition;
import dev.tidings.newsletter.Newsletter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The misfire rule: a fire too late is skipped and its articles wait for the next edition. */
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
      EditionJob job =
          new EditionJob(
              harness.tidings.newsletters(),
              harness.tidings.planner(),
              wakes::incrementAndGet,
              harness.clock,
              Duration.ofHours(3));

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
}
