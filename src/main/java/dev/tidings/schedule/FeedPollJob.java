package dev.tidings.schedule;

import dev.tidings.article.FeedPoller;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the feeds that are due, on a fixed interval. Clustered Quartz runs it in one process at a
 * time, so two processes never fetch the same feed at once; each feed's own next poll time (with
 * its backoff after failures) decides whether this run fetches it.
 */
@DisallowConcurrentExecution
public final class FeedPollJob implements Job {
  private static final Logger LOG = LoggerFactory.getLogger(FeedPollJob.class);
  private final FeedPoller poller;

  FeedPollJob(FeedPoller poller) {
    this.poller = poller;
  }

  @Override
  public void execute(JobExecutionContext context) {
    try {
      for (FeedPoller.Result result : poller.pollDue()) {
        if (result.created() + result.updated() > 0) {
          LOG.info(
              "feed #{} {}: {} new, {} updated article(s)",
              result.feed().id(),
              result.feed().url(),
              result.created(),
              result.updated());
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("feed polling failed: {}", e.getMessage());
    }
  }
}
