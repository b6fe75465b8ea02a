package dev.tidings.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries: claim a batch with a lease, compose and send each message on a reused
 * connection, and record the outcomes in small batches.
 *
 * <p>Guarantees: a row becomes {@code sent} only after the relay accepted it; at most {@code
 * inflight} accepted messages wait to be recorded at any moment, which bounds what a crash can
 * re-send; a row whose lease is about to run out is handed back unsent rather than risk a second
 * process sending it too. Unsubscribes and suppressions are checked when a row is claimed.
 *
 * <p>Threads: {@code connections} workers, each with its own {@link MailConnection}, and one ack
 * writer. {@link #start()} runs over all sending editions until {@link #stop}; {@link #runEdition}
 * works on one edition in the calling process until it is finished.
 */
public final class DeliveryEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(500);

  /** Tuning, from configuration. */
  public record Settings(
      int connections,
      int batchSize,
      Duration lease,
      int inflight,
      int messagesPerConnection,
      RetryPolicy retry,
      int throttleAfter) {}

  private final DeliveryStore store;
  private final Mailer mailer;
  private final MessageSource messages;
  private final Clock clock;
  private final Settings settings;
  private final String owner;
  private final Semaphore inflight;
  private final RelayThrottle throttle;
  private final AckWriter acks;
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> workers = new ArrayList<>();
  private final Counter sentCounter;
  private final Counter retriedCounter;
  private final Counter failedCounter;
  private final Counter skippedCounter;
  private final Counter lostLeaseCounter;
  private final Timer sendTimer;
  private volatile Thread ackThread;

  public DeliveryEngine(
      DeliveryStore store,
      Mailer mailer,
      MessageSource messages,
      Clock clock,
      Settings settings,
      MeterRegistry metrics) {
    this.store = store;
    this.mailer = mailer;
    this.messages = messages;
    this.clock = clock;
    this.settings = settings;
    this.owner =
        hostName()
            + ":"
            + ProcessHandle.current().pid()
            + ":"
            + UUID.randomUUID().toString().substring(0, 8);
    this.inflight = new Semaphore(settings.inflight());
    this.throttle = new RelayThrottle(settings.throttleAfter());
    this.acks = new AckWriter();
    this.sentCounter = metrics.counter("tidings.deliveries", "outcome", "sent");
    this.retriedCounter = metrics.counter("tidings.deliveries", "outcome", "retry");
    this.failedCounter = metrics.counter("tidings.deliveries", "outcome", "failed");
    this.skippedCounter = metrics.counter("tidings.deliveries", "outcome", "skipped");
    this.lostLeaseCounter = metrics.counter("tidings.deliveries.lost.leases");
    this.sendTimer = metrics.timer("tidings.smtp.send");
  }

  /** This process's lease owner name. */
  public String owner() {
    return owner;
  }

  /** Starts the workers on every sending edition; returns at once. */
  public synchronized void start() {
    startThreads(null);
  }

  /**
   * Delivers edition {@code editionId} in this process and returns once it has no open rows
   * (waiting out retries and other processes' leases), or when {@link #stop} is called.
   */
  public void runEdition(long editionId) {
    synchronized (this) {
      startThreads(editionId);
    }
    try {
      for (Thread worker : new ArrayList<>(workers)) {
        worker.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stop(Duration.ofSeconds(30));
    }
  }

  private void startThreads(Long editionId) {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("the delivery engine is already running");
    }
    ackThread = new Thread(acks, "tidings-acks");
    ackThread.setDaemon(true);
    ackThread.start();
    for (int i = 0; i < settings.connections(); i++) {
      Thread worker = new Thread(new Worker(editionId), "tidings-sender-" + (i + 1));
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    LOG.info(
        "delivery engine {} started: {} connection(s) to {}",
        owner,
        settings.connections(),
        mailer.describe());
  }

  /**
   * Stops claiming, lets each worker finish the message it is sending, hands the rest of its batch
   * back, writes every pending ack and closes the connections. Waits at most {@code grace}.
   */
  public void stop(Duration grace) {
    if (!running.getAndSet(false)) {
      return;
    }
    long deadline = System.nanoTime() + grace.toNanos();
    for (Thread worker : workers) {
      LockSupport.unpark(worker);
      joinUntil(worker, deadline);
    }
    acks.close();
    joinUntil(ackThread, deadline);
    workers.clear();
    LOG.info("delivery engine {} stopped", owner);
  }

  /** Wakes idle workers, e.g. right after an edition was created. */
  public void wake() {
    for (Thread worker : workers) {
      LockSupport.unpark(worker);
    }
  }

  private static void joinUntil(Thread thread, long deadlineNanos) {
    try {
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One sending thread with its own relay connection. */
  private final class Worker implements Runnable {
    private final Long onlyEdition;
    private MailConnection connection;
    private int sentOnConnection;
    private Duration connectBackoff = Duration.ofSeconds(1);

    Worker(Long onlyEdition) {
      this.onlyEdition = onlyEdition;
    }

    @Override
    public void run() {
      try {
        while (running.get()) {
          boolean worked = false;
          for (long editionId : editions()) {
            if (!running.get()) {
              break;
            }
            worked |= workOn(editionId);
          }
          if (onlyEdition != null && !worked && editionFinished(onlyEdition)) {
            return;
          }
          if (!worked) {
            idle();
          }
        }
      } catch (RuntimeException e) {
        LOG.error("delivery worker stopped by an unexpected error", e);
      } finally {
        closeConnection();
      }
    }

    private List<Long> editions() {
      try {
        List<Long> sending = store.sendingEditions();
        if (onlyEdition == null) {
          return sending;
        }
        return sending.contains(onlyEdition) ? List.of(onlyEdition) : List.of();
      } catch (RuntimeException e) {
        LOG.warn("cannot list sending editions: {}", e.getMessage());
        return List.of();
      }
    }

    /** True when the edition is no longer sending (sent, paused, cancelled) or has no open row. */
    private boolean editionFinished(long editionId) {
      try {
        if (!store.sendingEditions().contains(editionId)) {
          return true;
        }
        Optional<Instant> next = store.nextDue(editionId);
        if (next.isEmpty()) {
          acks.flushAndWait();
          store.finishIfDone(editionId, clock.instant());
          return store.nextDue(editionId).isEmpty();
        }
        return false;
      } catch (RuntimeException e) {
        LOG.warn("cannot read the state of edition {}: {}", editionId, e.getMessage());
        return false;
      }
    }

    private void idle() {
      LockSupport.parkNanos(IDLE_POLL.toNanos());
    }

    /** Claims and sends one batch of {@code editionId}; false when nothing was due. */
    private boolean workOn(long editionId) {
      Instant now = clock.instant();
      Instant leaseUntil = now.plus(settings.lease());
      List<ClaimedDelivery> batch;
      try {
        batch = store.claim(editionId, owner, settings.batchSize(), now, leaseUntil);
      } catch (RuntimeException e) {
        LOG.warn("cannot claim deliveries of edition {}: {}", editionId, e.getMessage());
        return false;
      }
      if (batch.isEmpty()) {
        return false;
      }
      // Hand rows back well before the lease ends, so no other process can take a row that this
      // one is still about to send.
      Instant handBackAt = leaseUntil.minus(settings.lease().dividedBy(4));
      for (int i = 0; i < batch.size(); i++) {
        Duration pause = throttle.remainingPause();
        if (!pause.isZero()) {
          // The relay is throttling: hand the rows back untried and wait it out.
          releaseRest(batch, i);
          LockSupport.parkNanos(pause.toNanos());
          return true;
        }
        if (!running.get() || clock.instant().isAfter(handBackAt) || !ensureConnection()) {
          releaseRest(batch, i);
          return true;
        }
        deliver(batch.get(i));
      }
      return true;
    }

    private void deliver(ClaimedDelivery delivery) {
      acquireInflight();
      if (delivery.skipReason() != null) {
        acks.add(
            new Ack(
                delivery.id(),
                delivery.editionId(),
                Ack.Outcome.SKIPPED,
                delivery.skipReason(),
                null));
        skippedCounter.increment();
        return;
      }
      MessageSource.Outgoing outgoing;
      try {
        outgoing = messages.compose(delivery);
      } catch (RuntimeException e) {
        LOG.warn("cannot compose delivery {}: {}", delivery.id(), e.getMessage());
        acks.add(transientOutcome(delivery, "cannot compose: " + e.getMessage()));
        return;
      }
      long started = System.nanoTime();
      SendResult result =
          connection.send(outgoing.message(), outgoing.envelopeFrom(), delivery.email());
      sendTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      sentOnConnection++;
      switch (result.kind()) {
        case ACCEPTED:
          throttle.accepted();
          acks.add(
              new Ack(delivery.id(), delivery.editionId(), Ack.Outcome.SENT, result.reply(), null));
          sentCounter.increment();
          break;
        case PERMANENT:
          acks.add(
              new Ack(
                  delivery.id(), delivery.editionId(), Ack.Outcome.BOUNCED, result.reply(), null));
          failedCounter.increment();
          break;
        default:
          acks.add(transientOutcome(delivery, result.reply()));
          Duration pause = throttle.transientFailure();
          if (!pause.isZero()) {
            LOG.warn(
                "relay {} keeps deferring ({}); all workers pause for {}s",
                mailer.describe(),
                result.reply(),
                pause.toSeconds());
          }
      }
    }

    private Ack transientOutcome(ClaimedDelivery delivery, String reply) {
      int attempts = delivery.attempts() + 1;
      if (settings.retry().mayRetry(attempts)) {
        retriedCounter.increment();
        return new Ack(
            delivery.id(),
            delivery.editionId(),
            Ack.Outcome.RETRY,
            reply,
            settings.retry().nextAttempt(clock.instant(), attempts));
      }
      failedCounter.increment();
      return new Ack(
          delivery.id(),
          delivery.editionId(),
          Ack.Outcome.FAILED,
          "gave up after " + attempts + " attempts: " + reply,
          null);
    }

    private void acquireInflight() {
      try {
        inflight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for acks", e);
      }
    }

    private boolean ensureConnection() {
      if (connection != null
          && (!connection.isUsable() || sentOnConnection >= settings.messagesPerConnection())) {
        closeConnection();
      }
      if (connection != null) {
        return true;
      }
      try {
        connection = mailer.open();
        sentOnConnection = 0;
        connectBackoff = Duration.ofSeconds(1);
        return true;
      } catch (MailerUnavailableException e) {
        LOG.warn(
            "relay {} unavailable, retrying in {}s: {}",
            mailer.describe(),
            connectBackoff.toSeconds(),
            e.getMessage());
        LockSupport.parkNanos(connectBackoff.toNanos());
        connectBackoff = connectBackoff.multipliedBy(2);
        if (connectBackoff.compareTo(Duration.ofSeconds(30)) > 0) {
          connectBackoff = Duration.ofSeconds(30);
        }
        return false;
      }
    }

    private void releaseRest(List<ClaimedDelivery> batch, int from) {
      List<Long> ids = new ArrayList<>();
      for (int i = from; i < batch.size(); i++) {
        ids.add(batch.get(i).id());
      }
      try {
        store.release(ids, owner, clock.instant());
      } catch (RuntimeException e) {
        LOG.warn(
            "cannot hand back {} deliveries; their lease will expire: {}",
            ids.size(),
            e.getMessage());
      }
    }

    private void closeConnection() {
      if (connection != null) {
        connection.close();
        connection = null;
      }
    }
  }

  /**
   * Writes acks in batches: whatever has arrived when the previous write finishes, at most a few
   * dozen rows, in one transaction. Releases the in-flight permits only after the commit.
   */
  private final class AckWriter implements Runnable {
    private static final int MAX_BATCH = 64;
    private final BlockingQueue<Ack> queue = new ArrayBlockingQueue<>(100_000);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Object flushed = new Object();
    private long written;
    private long added;

    void add(Ack ack) {
      synchronized (flushed) {
        added++;
      }
      if (!queue.offer(ack)) {
        throw new IllegalStateException("ack queue overflow");
      }
    }

    /** Blocks until every ack added so far is written. */
    void flushAndWait() {
      synchronized (flushed) {
        long target = added;
        while (written < target && ackThread.isAlive()) {
          try {
            flushed.wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    void close() {
      closing.set(true);
    }

    @Override
    public void run() {
      List<Ack> batch = new ArrayList<>(MAX_BATCH);
      while (true) {
        try {
          Ack first = queue.poll(50, TimeUnit.MILLISECONDS);
          if (first == null) {
            if (closing.get()) {
              return;
            }
            continue;
          }
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          write(batch);
          batch.clear();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    private void write(List<Ack> batch) throws InterruptedException {
      Duration backoff = Duration.ofMillis(200);
      while (true) {
        try {
          int lost = store.record(batch, owner, clock.instant());
          if (lost > 0) {
            lostLeaseCounter.increment(lost);
            LOG.warn(
                "{} deliveries were taken over by another process after their lease"
                    + " expired; they may have been sent twice",
                lost);
          }
          for (long editionId : batch.stream().mapToLong(Ack::editionId).distinct().toArray()) {
            store.finishIfDone(editionId, clock.instant());
          }
          break;
        } catch (RuntimeException e) {
          // The database is away: keep the acks (and the permits, so sending pauses) and retry.
          LOG.warn(
              "cannot record {} acks, retrying in {}ms: {}",
              batch.size(),
              backoff.toMillis(),
              e.getMessage());
          Thread.sleep(backoff.toMillis());
          backoff =
              backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                  ? Duration.ofSeconds(5)
                  : backoff.multipliedBy(2);
        }
      }
      inflight.release(batch.size());
      synchronized (flushed) {
        written += batch.size();
        flushed.notifyAll();
      }
    }
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "host";
    }
  }
}
