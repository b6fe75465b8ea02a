package dev.tidings.schedule;

import dev.tidings.article.FeedPoller;
import dev.tidings.db.Database;
import dev.tidings.delivery.BounceMailbox;
import dev.tidings.edition.EditionPlanner;
import dev.tidings.newsletter.Newsletter;
import dev.tidings.newsletter.NewsletterStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz with the JDBC job store on Tidings' own database, clustered: several processes run the
 * same schedules and each fire runs once. One job and one cron trigger per enabled newsletter, in
 * the newsletter's time zone; {@link #sync()} brings the triggers in line with the newsletters
 * table (called at start and periodically, so a newsletter added from the CLI is picked up).
 */
public final class Schedules implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Schedules.class);
  private static final String GROUP = "newsletters";
  private static final String DATA_SOURCE = "tidings";

  private final Scheduler scheduler;
  private final NewsletterStore newsletters;
  private final BounceMailbox bounceMailbox;
  private final Duration bounceInterval;
  private volatile FeedPoller feedPoller;
  private Duration feedInterval;

  public Schedules(
      Database database,
      NewsletterStore newsletters,
      EditionPlanner planner,
      Runnable onEdition,
      Clock clock,
      Duration maxLateness,
      BounceMailbox bounceMailbox,
      Duration bounceInterval) {
    this.bounceMailbox = bounceMailbox;
    this.bounceInterval = bounceInterval;
    this.newsletters = newsletters;
    DBConnectionManager.getInstance()
        .addConnectionProvider(
            DATA_SOURCE,
            new ConnectionProvider() {
              @Override
              public Connection getConnection() throws SQLException {
                return database.dataSource().getConnection();
              }

              @Override
              public void shutdown() {}

              @Override
              public void initialize() {}
            });
    Properties properties = new Properties();
    properties.put("org.quartz.scheduler.instanceName", "tidings");
    properties.put("org.quartz.scheduler.instanceId", "AUTO");
    properties.put("org.quartz.scheduler.skipUpdateCheck", "true");
    properties.put("org.quartz.threadPool.threadCount", "2");
    properties.put("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.put(
        "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    properties.put("org.quartz.jobStore.dataSource", DATA_SOURCE);
    properties.put("org.quartz.jobStore.tablePrefix", "QRTZ_");
    properties.put("org.quartz.jobStore.useProperties", "true");
    properties.put("org.quartz.jobStore.isClustered", "true");
    properties.put("org.quartz.jobStore.clusterCheckinInterval", "5000");
    properties.put("org.quartz.jobStore.misfireThreshold", "30000");
    try {
      scheduler = new StdSchedulerFactory(properties).getScheduler();
      scheduler.setJobFactory(
          (bundle, ignored) -> {
            Class<?> type = bundle.getJobDetail().getJobClass();
            if (type == BouncePollJob.class) {
              return new BouncePollJob(bounceMailbox);
            }
            if (type == FeedPollJob.class) {
              return new FeedPollJob(feedPoller);
            }
            return new EditionJob(newsletters, planner, onEdition, clock, maxLateness);
          });
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot set up the scheduler: " + e.getMessage(), e);
    }
  }

  public void start() {
    try {
      sync();
      scheduleBouncePolls();
      scheduleFeedPolls();
      scheduler.start();
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot start the scheduler: " + e.getMessage(), e);
    }
  }

  /** Polls feeds with {@code poller} every {@code interval}; call before {@link #start()}. */
  public void pollFeeds(FeedPoller poller, Duration interval) {
    this.feedPoller = poller;
    this.feedInterval = interval;
  }

  private void scheduleFeedPolls() throws SchedulerException {
    JobKey key = JobKey.jobKey("feeds", "feeds");
    if (feedPoller == null) {
      scheduler.deleteJob(key);
      return;
    }
    JobDetail job = JobBuilder.newJob(FeedPollJob.class).withIdentity(key).storeDurably().build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity("feeds", "feeds")
            .forJob(key)
            .startNow()
            .withSchedule(
                org.quartz.SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(feedInterval.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    scheduler.addJob(job, true);
    store(trigger, scheduler.checkExists(trigger.getKey()));
  }

  /** Polls the bounce mailbox every interval when one is configured; removes the job if not. */
  private void scheduleBouncePolls() throws SchedulerException {
    JobKey key = JobKey.jobKey("bounce-mailbox", "bounces");
    if (bounceMailbox == null) {
      scheduler.deleteJob(key);
      return;
    }
    JobDetail job = JobBuilder.newJob(BouncePollJob.class).withIdentity(key).storeDurably().build();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity("bounce-mailbox", "bounces")
            .forJob(key)
            .startNow()
            .withSchedule(
                org.quartz.SimpleScheduleBuilder.simpleSchedule()
                    .withIntervalInMilliseconds(bounceInterval.toMillis())
                    .repeatForever()
                    .withMisfireHandlingInstructionNextWithRemainingCount())
            .build();
    scheduler.addJob(job, true);
    store(trigger, scheduler.checkExists(trigger.getKey()));
  }

  /**
   * Adds or replaces a trigger. Several processes starting together may both find it missing; the
   * one that loses the race replaces the winner's identical trigger instead of failing.
   */
  private void store(Trigger trigger, boolean exists) throws SchedulerException {
    if (!exists) {
      try {
        scheduler.scheduleJob(trigger);
        return;
      } catch (ObjectAlreadyExistsException e) {
        // Another process of the cluster stored it a moment ago.
      }
    }
    scheduler.rescheduleJob(trigger.getKey(), trigger);
  }

  /** Creates, updates and removes triggers to match the enabled newsletters. */
  public void sync() {
    try {
      Set<JobKey> wanted = new HashSet<>();
      for (Newsletter newsletter : newsletters.list()) {
        if (!newsletter.enabled()) {
          continue;
        }
        JobKey jobKey = JobKey.jobKey("newsletter-" + newsletter.id(), GROUP);
        wanted.add(jobKey);
        TriggerKey triggerKey = TriggerKey.triggerKey("newsletter-" + newsletter.id(), GROUP);
        Trigger existing = scheduler.getTrigger(triggerKey);
        if (existing instanceof CronTrigger
            && ((CronTrigger) existing).getCronExpression().equals(newsletter.cron().quartz())
            && ((CronTrigger) existing).getTimeZone().getID().equals(newsletter.zone().getId())) {
          continue;
        }
        JobDetail job =
            JobBuilder.newJob(EditionJob.class)
                .withIdentity(jobKey)
                .usingJobData(EditionJob.NEWSLETTER_ID, String.valueOf(newsletter.id()))
                .storeDurably()
                .build();
        CronTrigger trigger =
            TriggerBuilder.newTrigger()
                .withIdentity(triggerKey)
                .forJob(jobKey)
                .withSchedule(
                    CronScheduleBuilder.cronSchedule(newsletter.cron().quartz())
                        .inTimeZone(TimeZone.getTimeZone(newsletter.zone()))
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
        scheduler.addJob(job, true);
        store(trigger, existing != null);
        LOG.info(
            "newsletter {} scheduled: '{}' in {}, next at {}",
            newsletter.slug(),
            newsletter.cron().text(),
            newsletter.zone(),
            trigger.getFireTimeAfter(new java.util.Date()));
      }
      for (JobKey key : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(GROUP))) {
        if (!wanted.contains(key)) {
          scheduler.deleteJob(key);
          LOG.info("schedule {} removed (newsletter disabled or gone)", key.getName());
        }
      }
    } catch (SchedulerException e) {
      throw new IllegalStateException("cannot update the schedules: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      LOG.warn("scheduler did not shut down cleanly: {}", e.getMessage());
    }
  }
}
