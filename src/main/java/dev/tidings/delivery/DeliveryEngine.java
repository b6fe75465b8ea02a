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
 * makes the delivery rows of editions whose fan-out is not complete ({@link #makeRows}). {@link
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
  private final AtomicBoolean makingRows = new AtomicBoolean();
  private final List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Counter sentCounter;
  private final Counter retriedCounter;
  private final Counter failedCounter;
  private final Counter skippedCounter;
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
    this.sentCounter = metrics.counter("tidings.deliveries", "outcome", "sent");
    this.retriedCounter = metrics.counter("tidings.deliveries", "outcome", "retry");
    this.failedCounter = metrics.counter("tidings.deliveries", "outcome", "failed");
    this.skippedCounter = metrics.counter("tidings.deliveries", "outcome", "skipped");
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
    for (int i = 0; i < settings.workers(); i++) {
      Thread worker = new Thread(new Worker(editionId, i == 0), "tidings-sender-" + (i + 1));
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    Thread fanout = new Thread(() -> makeRows(editionId), "tidings-fanout");
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

  /**
   * Makes the delivery rows that editions still lack, a chunk at a time, while the workers send the
   * rows already made; wakes the workers after each chunk. With {@code onlyEdition} it returns once
   * that edition has all its rows.
   *
   * <p>While it makes rows, one worker sends instead of all of them. Sending is bound by the CPU of
   * this process, the database and the relay, and so is the fan-out (one statement at a time, about
   * a core of the database): shared evenly, a million rows took 25 to 35 s on two cores, and with
   * one worker about half that. The edition's counts, pause and cancel then cover every recipient
   * sooner, and the send as a whole takes no longer, since the same work is done on the same CPU.
   */
  private void makeRows(Long onlyEdition) {
    while (running.get()) {
      List<Long> pending;
      try {
        pending = store.pendingFanouts();
      } catch (RuntimeException e) {
        LOG.warn("cannot list editions that lack delivery rows: {}", e.getMessage());
        LockSupport.parkNanos(IDLE_POLL.toNanos());
        continue;
      }
      if (onlyEdition != null) {
        pending = pending.contains(onlyEdition) ? List.of(onlyEdition) : List.of();
        if (pending.isEmpty()) {
          return;
        }
      }
      if (pending.isEmpty()) {
        LockSupport.parkNanos(IDLE_POLL.toNanos());
        continue;
      }
      makingRows.set(true);
      try {
        for (long editionId : pending) {
          extendAll(editionId);
        }
      } finally {
        makingRows.set(false);
        wake();
      }
    }
  }

  private void extendAll(long editionId) {
    try {
      boolean more = true;
      while (more && running.get()) {
        more = store.extendFanout(editionId);
        wake();
      }
      if (!more) {
        LOG.info("edition {}: all delivery rows made", editionId);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot make delivery rows of edition {}: {}", editionId, e.getMessage());
      LockSupport.parkNanos(IDLE_POLL.toNanos());
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
          if (!sendsDuringFanout && makingRows.get()) {
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
      for (int i = 0; i < batch.size(); i++) {
        if (!running.get() || clock.instant().isAfter(handBackAt)) {
          releaseRest(batch, i);
          return true;
        }
        if (!deliver(batch.get(i))) {
          // No relay may be used now: hand the rows back untried and wait for one.
          releaseRest(batch, i);
          Duration wait = relays.readyIn();
          LockSupport.parkNanos(
              Math.min(Math.max(wait.toNanos(), 10_000_000L), TimeUnit.SECONDS.toNanos(5)));
          return true;
        }
      }
      return true;
    }

    /** Sends one delivery and queues its ack; false when no relay could take it (no ack). */
    private boolean deliver(ClaimedDelivery delivery) {
      if (delivery.skipReason() != null) {
        acquireInflight();
        acks.add(
            new Ack(
                delivery.id(),
                delivery.editionId(),
                Ack.Outcome.SKIPPED,
                delivery.skipReason(),
                null));
        skippedCounter.increment();
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
        acks.add(transientOutcome(delivery, "cannot compose: " + e.getMessage()));
        return true;
      }
      acquireInflight();
      long started = System.nanoTime();
      SendResult result =
          connection.send(outgoing.message(), outgoing.envelopeFrom(), delivery.email());
      sendTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
      sessions.countSent(relay);
      record(delivery, relay, result);
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
          acks.add(
              new Ack(
                  delivery.id(),
                  delivery.editionId(),
                  Ack.Outcome.SENT,
                  relay.name() + ": " + result.reply(),
                  null));
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
