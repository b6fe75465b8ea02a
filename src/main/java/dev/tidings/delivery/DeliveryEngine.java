package dev.tidings.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * <p>Threads: {@code workers} senders ({@link DeliveryWorker}), each with its own connections, one
 * ack writer, and one that makes the delivery rows of editions whose fan-out is not complete
 * ({@link RowMaker}). {@link #start()} runs over all sending editions until {@link #stop}; {@link
 * #runEdition} works on one edition in the calling process until it is finished.
 */
public final class DeliveryEngine {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryEngine.class);
  static final Duration IDLE_POLL = Duration.ofMillis(500);

  /** Tuning, from configuration. */
  public record Settings(
      int workers,
      int batchSize,
      Duration lease,
      int inflight,
      int messagesPerConnection,
      Duration maxIdle,
      RetryPolicy retry) {}

  private final DeliveryStore store;
  private final RelayPool relays;
  private final Settings settings;
  private final String owner;
  private final AckWriter acks;
  private final AtomicBoolean running = new AtomicBoolean();
  private final DeliveryWorker.Shared shared;
  private final List<Thread> workers = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private volatile Thread leaseKeeper;

  public DeliveryEngine(
      DeliveryStore store,
      List<Relay> relays,
      MessageSource messages,
      Clock clock,
      Settings settings,
      MeterRegistry metrics) {
    this.store = store;
    this.relays = new RelayPool(relays);
    this.settings = settings;
    this.clock = clock;
    this.owner =
        hostName()
            + ":"
            + ProcessHandle.current().pid()
            + ":"
            + UUID.randomUUID().toString().substring(0, 8);
    Semaphore inflight = new Semaphore(settings.inflight());
    this.acks =
        new AckWriter(
            store, owner, clock, inflight, metrics.counter("tidings.deliveries.lost.leases"));
    this.shared =
        new DeliveryWorker.Shared(
            store,
            this.relays,
            messages,
            clock,
            settings,
            owner,
            inflight,
            acks,
            new Outcomes(settings.retry(), clock, metrics),
            metrics.timer("tidings.smtp.send"),
            running);
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
    leaseKeeper = new Thread(this::keepLeases, "tidings-leases");
    leaseKeeper.setDaemon(true);
    leaseKeeper.start();
    // Made before the workers start: they ask it whether rows are being made.
    RowMaker rowMaker = new RowMaker(store, running, this::wake, editionId, IDLE_POLL);
    for (int i = 0; i < settings.workers(); i++) {
      Thread worker =
          new Thread(
              new DeliveryWorker(shared, rowMaker, editionId, i == 0), "tidings-sender-" + (i + 1));
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
    if (leaseKeeper != null) {
      LockSupport.unpark(leaseKeeper);
    }
    LOG.info("delivery engine {} stopped", owner);
  }

  /**
   * The lease heartbeat: every third of the lease, the rows this process holds get a full lease
   * again. A message waiting for its relay's reply (up to the ten minutes RFC 5321 gives the final
   * dot) so keeps its row: no worker of this or another process may take it while this process
   * lives. A process that dies stops beating, and its rows come back when their leases expire.
   */
  private void keepLeases() {
    long period = Math.max(settings.lease().toNanos() / 3, TimeUnit.MILLISECONDS.toNanos(500));
    while (running.get()) {
      LockSupport.parkNanos(period);
      if (!running.get()) {
        return;
      }
      try {
        for (long editionId : store.sendingEditions()) {
          store.extendLeases(editionId, owner, clock.instant().plus(settings.lease()));
        }
      } catch (RuntimeException e) {
        LOG.warn("cannot extend the leases of {}: {}", owner, e.getMessage());
      }
    }
  }

  /** Wakes idle workers, e.g. right after an edition was created. */
  public void wake() {
    for (Thread worker : List.copyOf(workers)) {
      LockSupport.unpark(worker);
    }
  }

  /** This machine's host name, for the names of processes in leases and reports. */
  public static String processName() {
    return hostName();
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "host";
    }
  }
}
