package dev.tidings.schedule;

import dev.tidings.delivery.BounceMailbox;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the bounce mailbox on a fixed interval. Clustered Quartz runs it in one process at a time,
 * so two processes never read the same report at once (and a report read twice counts once).
 */
@DisallowConcurrentExecution
public final class BouncePollJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(BouncePollJob.class);
  private final BounceMailbox mailbox;

  BouncePollJob(BounceMailbox mailbox) {
    this.mailbox = mailbox;
  }

  @Override
  public void execute(JobExecutionContext context) {
    try {
      BounceMailbox.Poll poll = mailbox.poll();
      if (poll.hard() + poll.soft() > 0) {
        LOG.info("bounce mailbox: {} hard, {} soft bounce(s) recorded", poll.hard(), poll.soft());
      }
    } catch (RuntimeException e) {
      LOG.warn("{}", e.getMessage());
    }
  }
}
