package dev.tidings.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.Harness;
import dev.tidings.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The ack writer: outcomes go to the store in batches of at most 64; an in-flight permit comes back
 * only after its batch is committed (which bounds what a crash can send twice); when the database
 * is away, acks are kept and written once it answers, none lost or written twice.
 */
class AckWriterTest {
  /** A store that records what it is given, and can hold or fail the next writes. */
  private static final class RecordingStore implements DeliveryStore {
    final List<List<Ack>> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile CountDownLatch hold = new CountDownLatch(0);
    volatile int lostPerBatch;

    @Override
    public int record(List<Ack> acks, String owner, Instant now) {
      try {
        hold.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (failuresLeft.getAndDecrement() > 0) {
        throw new IllegalStateException("the database is away");
      }
      batches.add(List.copyOf(acks));
      return lostPerBatch;
    }

    @Override
    public boolean finishIfDone(long editionId, Instant now) {
      return false;
    }

    int written() {
      return batches.stream().mapToInt(List::size).sum();
    }

    @Override
    public List<Long> sendingEditions() {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Long> pendingFanouts() {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean extendFanout(long editionId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ClaimedDelivery> claim(
        long editionId, String owner, int limit, Instant now, Instant leaseUntil) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int extendLeases(long editionId, String owner, Instant until) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void release(List<Long> deliveryIds, String owner, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Instant> nextDue(long editionId) {
      throw new UnsupportedOperationException();
    }
  }

  private final RecordingStore store = new RecordingStore();
  private final Semaphore inflight = new Semaphore(300);
  private final Counter lost = new SimpleMeterRegistry().counter("lost");
  private final AckWriter writer =
      new AckWriter(store, "test", new MutableClock(Harness.START), inflight, lost);

  private void send(int count) throws InterruptedException {
    for (int i = 1; i <= count; i++) {
      inflight.acquire();
      writer.add(new Ack(i, 7, Ack.Outcome.SENT, null, null));
    }
  }

  @Test
  void acksAreWrittenInBatches_andPermitsComeBackOnlyAfterTheCommit() throws Exception {
    writer.start();
    store.hold = new CountDownLatch(1);
    send(200);
    Thread.sleep(100);
    assertThat(inflight.availablePermits()).as("nothing committed yet").isEqualTo(100);
    store.hold.countDown();
    writer.flushAndWait();
    assertThat(store.written()).isEqualTo(200);
    assertThat(store.batches).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 64));
    assertThat(inflight.availablePermits()).isEqualTo(300);
    writer.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void whileTheDatabaseIsAway_acksAreKept_andWrittenOnce() throws Exception {
    writer.start();
    store.failuresLeft.set(2);
    store.lostPerBatch = 1;
    send(10);
    writer.flushAndWait();
    assertThat(store.batches.stream().flatMap(List::stream).map(Ack::deliveryId).toList())
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(inflight.availablePermits()).isEqualTo(300);
    assertThat(lost.count()).isEqualTo(store.batches.size());
    writer.close(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
  }
}
