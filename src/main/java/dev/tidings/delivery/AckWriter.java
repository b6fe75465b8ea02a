package dev.tidings.delivery;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes delivery outcomes in batches on its own thread: whatever has arrived when the previous
 * write finished, at most {@value #MAX_BATCH} rows, in one transaction. The in-flight permit of
 * each ack is released only after its commit, which is what bounds the messages a crash can
 * re-send. When the database is away the acks are kept and retried, so sending stalls at the
 * in-flight limit instead of losing records.
 */
final class AckWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(AckWriter.class);
  private static final int MAX_BATCH = 64;

  /**
   * How long the writer waits for more acks after the first, up to {@link #MAX_BATCH}. Written as
   * they came, acks went to the database four or five at a time: a commit, and so a log flush, for
   * every fifth message. A few milliseconds gather three times as many per commit; 10 ms rather
   * than 5 cost the database another tenth less CPU per message. The writer is woken early when the
   * batch is full or the senders run out of in-flight permits, so the linger never holds sending
   * up.
   */
  private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final BlockingQueue<Ack> queue = new ArrayBlockingQueue<>(100_000);
  private static final long FINISH_CHECK_NANOS = 500_000_000L;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final java.util.Map<Long, Long> lastFinishCheck = new java.util.HashMap<>();
  private final Object flushed = new Object();
  private final DeliveryStore store;
  private final String owner;
  private final Clock clock;
  private final Semaphore inflight;
  private final Counter lostLeases;
  private long written;
  private long added;
  private volatile Thread thread;

  AckWriter(
      DeliveryStore store, String owner, Clock clock, Semaphore inflight, Counter lostLeases) {
    this.store = store;
    this.owner = owner;
    this.clock = clock;
    this.inflight = inflight;
    this.lostLeases = lostLeases;
  }

  void start() {
    closing.set(false);
    thread = new Thread(this, "tidings-acks");
    thread.setDaemon(true);
    thread.start();
  }

  void add(Ack ack) {
    synchronized (flushed) {
      added++;
    }
    if (!queue.offer(ack)) {
      throw new IllegalStateException("ack queue overflow");
    }
    // The writer lingers without being woken by every ack; a full batch, or senders out of
    // in-flight permits, end its wait early.
    if (queue.size() >= MAX_BATCH || inflight.availablePermits() == 0) {
      Thread writer = thread;
      if (writer != null) {
        LockSupport.unpark(writer);
      }
    }
  }

  /** Blocks until every ack added so far is written. */
  void flushAndWait() {
    synchronized (flushed) {
      long target = added;
      while (written < target && thread != null && thread.isAlive()) {
        try {
          flushed.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Writes what is queued, then stops; waits until {@code deadlineNanos} at most. */
  void close(long deadlineNanos) {
    closing.set(true);
    try {
      long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
        gather(batch);
        write(batch);
        batch.clear();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Adds what arrives within the linger time, up to a full batch. The writer sleeps through the
   * linger instead of waking for each ack: at thousands of acks a second, a wake-up per ack cost a
   * context switch per message on cores the senders need.
   */
  private void gather(List<Ack> batch) {
    long deadline = System.nanoTime() + LINGER_NANOS;
    while (batch.size() + queue.size() < MAX_BATCH
        && inflight.availablePermits() > 0
        && !closing.get()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      LockSupport.parkNanos(this, left);
    }
    queue.drainTo(batch, MAX_BATCH - batch.size());
  }

  private void write(List<Ack> batch) throws InterruptedException {
    Duration backoff = Duration.ofMillis(200);
    while (true) {
      try {
        int lost = store.record(batch, owner, clock.instant());
        if (lost > 0) {
          lostLeases.increment(lost);
          LOG.warn(
              "{} deliveries were taken over by another process after their lease"
                  + " expired; they may have been sent twice",
              lost);
        }
        for (long editionId : batch.stream().mapToLong(Ack::editionId).distinct().toArray()) {
          // At most twice a second per edition: the check is a query of its own, and workers
          // that find nothing left to claim check as well.
          long nowNanos = System.nanoTime();
          Long last = lastFinishCheck.get(editionId);
          if (last == null || nowNanos - last >= FINISH_CHECK_NANOS) {
            lastFinishCheck.put(editionId, nowNanos);
            store.finishIfDone(editionId, clock.instant());
          }
        }
        break;
      } catch (RuntimeException e) {
        LOG.warn(
            "cannot record {} acks, retrying in {}ms: {}",
            batch.size(),
            backoff.toMillis(),
            e.getMessage());
        Thread.sleep(backoff.toMillis());
        backoff = dev.tidings.Backoff.doubled(backoff, Duration.ofSeconds(5));
      }
    }
    inflight.release(batch.size());
    synchronized (flushed) {
      written += batch.size();
      flushed.notifyAll();
    }
  }
}
