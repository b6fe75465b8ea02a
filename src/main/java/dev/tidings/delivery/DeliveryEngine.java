package dev.tidings.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries: claim a batch with a lease, compose and send each message over a reused
 * connection to a relay chosen by weight and availability, and record the outcomes in small batches
 * ({@link AckWriter}).
 *
 * <p>Guarantees: a row becomes {@code sent} only after a relay accepted it; at most {@code
 * inflight} accepted messages wait to be recorded at any moment, which bounds what a crash can
 * re-send; a row whose lease is about to run out is handed back unsent rather than risk a second
 * process sending it too. Unsubscribes and suppressions are checked when a row is claimed. A relay
 * that is down, throttling or out of budget gets no messages; when no relay may be used the rows
 * are handed back untried, so waiting costs no attempt.
 *
 * <p>Threads: {@code workers} senders, each with its own connections, one ack writer, and one that
 * makes the delivery rows of editions whose fan-out is not complete ({@link RowMaker}). {@link
 * #start()} runs over all sending editions until {@link #stop}; {@link #runEdition} works on one
 * edition in the calling process until it is finished.
 */
public final class DeliveryEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(500);

  /** Tuning, from configuration. */
  public record Settings(
      int workers,
      int batchSize,
      Duration lease,
      int inflight,
      int messagesPerConnection,
      RetryPolicy retry) {}

  private final DeliveryStore store;
  private final RelayPool relays;
  private final MessageSource messages;
  private final Clock clock;
  private final Settings settings;
  private final String owner;
  private final Semaphore inflight;
  private final AckWriter acks;
  private final AtomicBoolean running = new AtomicBoolean();
  private volatile RowMaker rowMaker;
  private final List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Outcomes outcomes;
  private final Timer sendTimer;

  public DeliveryEngine(
      DeliveryStore store,
      List<Relay> relays,
      MessageSource messages,
      Clock clock,
      Settings settings,
      MeterRegistry metrics) {
    this.store = store;
    this.relays = new RelayPool(relays);
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
    this.acks =
        new AckWriter(
            store, owner, clock, inflight, metrics.counter("tidings.deliveries.lost.leases"));
    this.outcomes = new Outcomes(settings.retry(), clock, metrics);
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
    acks.start();
    // Made before the workers start: they ask it whether rows are being made.
    rowMaker = new RowMaker(store, running, this::wake, editionId, IDLE_POLL);
    for (int i = 0; i < settings.workers(); i++) {
      Thread worker = new Thread(new Worker(editionId, i == 0), "tidings-sender-" + (i + 1));
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    Thread fanout = new Thread(rowMaker, "tidings-fanout");
    fanout.setDaemon(true);
    workers.add(fanout);
    fanout.start();
    LOG.info(
        "delivery engine {} started: {} worker(s), relays {}",
        owner,
        settings.workers(),
        relays.describe());
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
      try {
        worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    acks.close(deadline);
    workers.clear();
    LOG.info("delivery engine {} stopped", owner);
  }

  /** Wakes idle workers, e.g. right after an edition was created. */
  public void wake() {
    for (Thread worker : List.copyOf(workers)) {
      LockSupport.unpark(worker);
    }
  }

  /** One sending thread with its own relay connections. */
  private final class Worker implements Runnable {
    private final Long onlyEdition;
    private final boolean sendsDuringFanout;
    private final RelaySessions sessions = new RelaySessions(settings.messagesPerConnection());

    Worker(Long onlyEdition, boolean sendsDuringFanout) {
      this.onlyEdition = onlyEdition;
      this.sendsDuringFanout = sendsDuringFanout;
    }

    @Override
    public void run() {
      try (sessions) {
        while (running.get()) {
          if (!sendsDuringFanout && rowMaker.makingRows()) {
            // The fan-out thread wakes every worker when it is done.
            LockSupport.parkNanos(IDLE_POLL.toNanos());
            continue;
          }
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
            LockSupport.parkNanos(IDLE_POLL.toNanos());
          }
        }
      } catch (RuntimeException e) {
        LOG.error("delivery worker stopped by an unexpected error", e);
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

    /**
     * True when the edition is no longer sending (sent, paused, cancelled), or has no open row and
     * all its rows are made.
     */
    private boolean editionFinished(long editionId) {
      try {
        if (!store.sendingEditions().contains(editionId)) {
          return true;
        }
        Optional<Instant> next = store.nextDue(editionId);
        if (next.isEmpty()) {
          acks.flushAndWait();
          // Not finished while rows remain to be made (the fan-out thread is making them).
          return store.finishIfDone(editionId, clock.instant())
              || !store.sendingEditions().contains(editionId);
        }
        return false;
      } catch (RuntimeException e) {
        LOG.warn("cannot read the state of edition {}: {}", editionId, e.getMessage());
        return false;
      }
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
        try {
          store.finishIfDone(editionId, now);
        } catch (RuntimeException e) {
          LOG.warn("cannot close edition {}: {}", editionId, e.getMessage());
        }
        return false;
      }
      // Hand rows back well before the lease ends, so no other process can take a row that this
      // one is still about to send.
      Instant handBackAt = leaseUntil.minus(settings.lease().dividedBy(4));
      try {
        for (int i = 0; i < batch.size(); i++) {
          if (!running.get() || clock.instant().isAfter(handBackAt)) {
            releaseRest(batch, i);
            return true;
          }
          if (!deliver(batch.get(i))) {
            // No relay may be used now: hand the rows back untried and wait for one.
            releaseRest(batch, i);
            sessions.flush();
            Duration wait = relays.readyIn();
            LockSupport.parkNanos(
                Math.min(Math.max(wait.toNanos(), 10_000_000L), TimeUnit.SECONDS.toNanos(5)));
            return true;
          }
        }
        return true;
      } finally {
        // The last message of the batch may still be held by its connection (pipelining).
        sessions.flush();
      }
    }

    /** Sends one delivery and queues its ack; false when no relay could take it (no ack). */
    private boolean deliver(ClaimedDelivery delivery) {
      if (delivery.skipReason() != null) {
        acquireInflight();
        acks.add(outcomes.skipped(delivery));
        return true;
      }
      Optional<Relay> taken = relays.take();
      if (taken.isEmpty()) {
        return false;
      }
      Relay relay = taken.get();
      MailConnection connection;
      try {
        connection = sessions.connectionTo(relay);
      } catch (MailerUnavailableException e) {
        relay.giveBack();
        Duration pause = relay.markUnavailable();
        LOG.warn(
            "relay {} unavailable for {}s: {}", relay.name(), pause.toSeconds(), e.getMessage());
        return deliverElsewhere(delivery);
      }
      MessageSource.Outgoing outgoing;
      try {
        outgoing = messages.compose(delivery);
      } catch (RuntimeException e) {
        relay.giveBack();
        LOG.warn("cannot compose delivery {}: {}", delivery.id(), e.getMessage());
        acquireInflight();
        acks.add(outcomes.deferred(delivery, "cannot compose: " + e.getMessage()));
        return true;
      }
      acquireInflight();
      long started = System.nanoTime();
      connection.send(
          outgoing.message(),
          outgoing.envelopeFrom(),
          delivery.email(),
          result -> record(delivery, relay, result));
      sendTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      sessions.countSent(relay);
      return true;
    }

    /** After a failed connect: try the other relays for this message. */
    private boolean deliverElsewhere(ClaimedDelivery delivery) {
      return relays.readyIn().isZero() && deliver(delivery);
    }

    private void record(ClaimedDelivery delivery, Relay relay, SendResult result) {
      switch (result.kind()) {
        case ACCEPTED:
          relay.throttle().accepted();
          acks.add(outcomes.accepted(delivery, relay.name() + ": " + result.reply()));
          break;
        case PERMANENT:
          acks.add(outcomes.refused(delivery, result.reply()));
          break;
        default:
          acks.add(outcomes.deferred(delivery, result.reply()));
          Duration pause = relay.throttle().transientFailure();
          if (!pause.isZero()) {
            LOG.warn(
                "relay {} keeps deferring ({}); it gets no mail for {}s",
                relay.name(),
                result.reply(),
                pause.toSeconds());
          }
      }
    }

    private void acquireInflight() {
      if (inflight.tryAcquire()) {
        return;
      }
      // A message held by a connection keeps its permit until its outcome is read.
      sessions.flush();
      try {
        inflight.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for acks", e);
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
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "host";
    }
  }
}
