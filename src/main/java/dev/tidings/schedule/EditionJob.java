package dev.tidings.schedule;

import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A newsletter's scheduled fire. Thin on purpose: it only asks the planner for the edition of this
 * fire time and wakes the delivery engine; sending happens elsewhere. A fire later than the
 * lateness limit (after downtime) records a skipped edition instead of sending a stale digest.
 */
@DisallowConcurrentExecution
public final class EditionJob implements Job {
  static final String NEWSLETTER_ID = "newsletterId";
  private static final Logger LOG = LoggerFactory.getLogger(EditionJob.class);

  private final NewsletterStore newsletters;
  private final EditionPlanner planner;
  private final Runnable onEdition;
  private final Clock clock;
  private final Duration maxLateness;

  EditionJob(
      NewsletterStore newsletters,
      EditionPlanner planner,
      Runnable onEdition,
      Clock clock,
      Duration maxLateness) {
    this.newsletters = newsletters;
    this.planner = planner;
    this.onEdition = onEdition;
    this.clock = clock;
    this.maxLateness = maxLateness;
  }

  @Override
  public void execute(JobExecutionContext context) {
    long newsletterId = Long.parseLong(context.getMergedJobDataMap().getString(NEWSLETTER_ID));
    fireAsScheduled(newsletterId, context.getScheduledFireTime().toInstant());
  }

  /**
   * A fire of Quartz's at {@code quartzTime}, taken for the schedule's slot it stands for: after a
   * misfire Quartz runs the job once at the time it got round to it ("fire once now") and calls
   * that the scheduled time, so a 15:00 fire run at 15:03:30 said 15:03:30, passed a 2-minute
   * lateness limit, and made its own edition beside the 15:00 one. The slot is what the lateness is
   * measured from and what the edition's unique fire time holds.
   */
  public Optional<Edition> fireAsScheduled(long newsletterId, Instant quartzTime) {
    Instant slot =
        newsletters
            .findById(newsletterId)
            .flatMap(newsletter -> newsletter.cron().slotAtOrBefore(quartzTime, newsletter.zone()))
            .orElse(quartzTime);
    if (!slot.equals(quartzTime)) {
      LOG.info(
          "newsletter {}: Quartz ran the fire of {} at {} (a misfire)",
          newsletterId,
          slot,
          quartzTime);
    }
    return fire(newsletterId, slot);
  }

  /** Plans the edition of {@code newsletterId} for {@code fireTime}; empty when skipped as late. */
  public Optional<Edition> fire(long newsletterId, Instant fireTime) {
    Optional<Newsletter> newsletter = newsletters.findById(newsletterId);
    if (newsletter.isEmpty() || !newsletter.get().enabled()) {
      LOG.info("newsletter {} is gone or disabled; fire at {} ignored", newsletterId, fireTime);
      return Optional.empty();
    }
    Duration lateness = Duration.between(fireTime, clock.instant());
    if (lateness.compareTo(maxLateness) > 0) {
      String reason =
          "fire time "
              + fireTime
              + " missed by "
              + lateness.toMinutes()
              + " min, more than the "
              + maxLateness.toMinutes()
              + " min lateness limit";
      LOG.warn("newsletter {}: {}", newsletter.get().slug(), reason);
      return Optional.of(
          planner.skip(newsletter.get(), EditionPlanner.Trigger.scheduled(fireTime), reason));
    }
    Edition edition = planner.plan(newsletter.get(), EditionPlanner.Trigger.scheduled(fireTime));
    if (edition.status() == Edition.Status.SENDING) {
      onEdition.run();
    }
    return Optional.of(edition);
  }
}
