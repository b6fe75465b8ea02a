package dev.tidings.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery engine's fan-out thread: makes the delivery rows that editions still lack, a chunk
 * at a time, while the workers send the rows already made, and wakes the workers after each chunk.
 * With an edition given it returns once that edition has all its rows; otherwise it runs while the
 * engine runs.
 *
 * <p>While it makes rows, one worker sends instead of all of them ({@link #makingRows}). Sending is
 * bound by the CPU of this process, the database and the relay, and so is the fan-out (one
 * statement at a time, about a core of the database): shared evenly, a million rows took 25 to 35 s
 * on two cores, and with one worker about half that. The edition's counts, pause and cancel then
 * cover every recipient sooner, and the send as a whole takes no longer, since the same work is
 * done on the same CPU.
 */
final class RowMaker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(RowMaker.class);

  private final DeliveryStore store;
  private final AtomicBoolean running;
  private final Runnable wakeWorkers;
  private final Long onlyEdition;
  private final Duration idlePoll;
  private final AtomicBoolean makingRows = new AtomicBoolean();

  /**
   * @param running the engine's run flag; the thread stops when it turns false
   * @param onlyEdition the one edition to complete, or null for all
   */
  RowMaker(
      DeliveryStore store,
      AtomicBoolean running,
      Runnable wakeWorkers,
      Long onlyEdition,
      Duration idlePoll) {
    this.store = store;
    this.running = running;
    this.wakeWorkers = wakeWorkers;
    this.onlyEdition = onlyEdition;
    this.idlePoll = idlePoll;
  }

  /** True while rows are being made: then only one worker sends. */
  boolean makingRows() {
    return makingRows.get();
  }

  @Override
  public void run() {
    while (running.get()) {
      List<Long> pending;
      try {
        pending = store.pendingFanouts();
      } catch (RuntimeException e) {
        LOG.warn("cannot list editions that lack delivery rows: {}", e.getMessage());
        LockSupport.parkNanos(idlePoll.toNanos());
        continue;
      }
      if (onlyEdition != null) {
        pending = pending.contains(onlyEdition) ? List.of(onlyEdition) : List.of();
        if (pending.isEmpty()) {
          return;
        }
      }
      if (pending.isEmpty()) {
        LockSupport.parkNanos(idlePoll.toNanos());
        continue;
      }
      makingRows.set(true);
      try {
        for (long editionId : pending) {
          extendAll(editionId);
        }
      } finally {
        makingRows.set(false);
        wakeWorkers.run();
      }
    }
  }

  private void extendAll(long editionId) {
    try {
      boolean more = true;
      while (more && running.get()) {
        more = store.extendFanout(editionId);
        wakeWorkers.run();
      }
      if (!more) {
        LOG.info("edition {}: all delivery rows made", editionId);
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot make delivery rows of edition {}: {}", editionId, e.getMessage());
      LockSupport.parkNanos(idlePoll.toNanos());
    }
  }
}
