package dev.tidings.delivery;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s background check of its relays, so that {@code /health} answers from what was
 * last seen ({@link RelayStatuses}) instead of opening an SMTP session per request: every interval
 * it opens and closes a session (EHLO, STARTTLS, AUTH, QUIT) to each relay that is not paused by
 * the engine, and records the outcome. A relay paused because it refuses us or keeps deferring is
 * left to the engine, whose next message is the real test. One daemon thread. Thread-safe.
 */
public final class RelayWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayWatch.class);
  private final List<Relay> relays;
  private final RelayStatuses statuses;
  private final Duration interval;
  private final Thread thread;
  private volatile boolean running = true;

  public RelayWatch(List<Relay> relays, RelayStatuses statuses, Duration interval) {
    this.relays = List.copyOf(relays);
    this.statuses = statuses;
    this.interval = interval;
    this.thread = new Thread(this::run, "tidings-relay-watch");
    thread.setDaemon(true);
  }

  /** Checks every relay now, then every interval. */
  public RelayWatch start() {
    thread.start();
    return this;
  }

  private void run() {
    while (running) {
      checkAll();
      synchronized (this) {
        if (!running) {
          return;
        }
        try {
          wait(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** One round of checks. */
  void checkAll() {
    for (Relay relay : relays) {
      if (!running) {
        return;
      }
      Relay.State state = relay.status().state();
      if (state == Relay.State.REFUSING || state == Relay.State.DEFERRING) {
        continue;
      }
      try {
        relay.mailer().open().close();
        relay.markAvailable();
      } catch (MailerUnavailableException e) {
        relay.markUnavailable(e.getMessage());
        LOG.warn("relay {} failed its check: {}", relay.name(), e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("cannot check relay {}: {}", relay.name(), e.getMessage());
        continue;
      }
      statuses.checked(relay.status());
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      running = false;
      notifyAll();
    }
    try {
      thread.join(Duration.ofSeconds(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
