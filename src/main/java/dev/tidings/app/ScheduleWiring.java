package dev.tidings.app;

import dev.tidings.schedule.Schedules;

/**
 * The schedules of {@code tidings serve}: each newsletter's cron, the feed polls and the bounce
 * mailbox, built from the application's parts when serving starts with the scheduler enabled.
 *
 * <p>Not thread-safe: {@link Tidings} calls it under its own lock.
 */
final class ScheduleWiring {
  private Schedules schedules;

  /**
   * Starts the schedules.
   *
   * @param wakeDelivery called when a fire has made an edition, so that its sending starts at once
   */
  void start(Tidings tidings, Runnable wakeDelivery) {
    Config config = tidings.config();
    schedules =
        new Schedules(
            tidings.database(),
            tidings.newsletters(),
            tidings.planner(),
            wakeDelivery,
            tidings.clock(),
            config.scheduleMaxLateness(),
            tidings.bounceMailbox().orElse(null),
            config.bounces().mailboxSettings().map(BounceConfig.Mailbox::interval).orElse(null));
    schedules.pollFeeds(tidings.feedPoller(), config.ingest().feedInterval());
    schedules.start();
  }

  /** Re-reads newsletters into the schedule, when it runs. */
  void sync() {
    if (schedules != null) {
      schedules.sync();
    }
  }

  /** Stops the schedules, when they run: no new editions from here on. */
  void close() {
    if (schedules != null) {
      schedules.close();
    }
  }
}
