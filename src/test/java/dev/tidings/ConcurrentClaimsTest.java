package dev.tidings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tidings.delivery.ClaimedDelivery;
import dev.tidings.delivery.JdbcDeliveryStore;
import dev.tidings.edition.Edition;
import dev.tidings.edition.EditionFanout;
import dev.tidings.newsletter.Newsletter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Workers of one engine share its lease owner name, so a claim must hand back only the rows it
 * leased itself, even while the fan-out adds rows between a claim's candidate query and its lease.
 * Every row is claimed exactly once by many threads claiming small batches at once.
 */
@Tag("mariadb")
class ConcurrentClaimsTest {
  private static final int SUBSCRIBERS = 600;
  private static final int CLAIMERS = 6;
  private static final String OWNER = "test-engine";

  @Test
  void h2() throws Exception {
    everyRowClaimedOnce(TestDatabase.Kind.H2);
  }

  @Test
  void mariaDb() throws Exception {
    everyRowClaimedOnce(TestDatabase.Kind.MARIADB);
  }

  private void everyRowClaimedOnce(TestDatabase.Kind kind) throws Exception {
    try (Harness harness = Harness.start(kind, Map.of("TIDINGS_FANOUT_CHUNK", "3"))) {
      Newsletter weekly = harness.newsletter("weekly");
      Edition edition = harness.bulkEdition(weekly, SUBSCRIBERS);
      EditionFanout fanout = new EditionFanout(harness.tidings.database(), harness.clock, 3);
      JdbcDeliveryStore store = new JdbcDeliveryStore(harness.tidings.database(), fanout, 3);
      ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
      AtomicBoolean fanoutDone = new AtomicBoolean();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      threads.add(
          new Thread(
              () -> {
                await(start);
                while (fanout.extend(edition.id())) {
                  Thread.onSpinWait();
                }
                fanoutDone.set(true);
              }));
      for (int i = 0; i < CLAIMERS; i++) {
        threads.add(
            new Thread(
                () -> {
                  await(start);
                  while (true) {
                    boolean done = fanoutDone.get();
                    Instant now = harness.clock.instant();
                    List<ClaimedDelivery> batch =
                        store.claim(edition.id(), OWNER, 50, now, now.plus(Duration.ofHours(1)));
                    batch.forEach(row -> claimed.add(row.id()));
                    if (batch.isEmpty() && done) {
                      return;
                    }
                  }
                }));
      }
      threads.forEach(Thread::start);
      start.countDown();
      for (Thread thread : threads) {
        thread.join(Duration.ofMinutes(2).toMillis());
      }

      assertThat(claimed).doesNotHaveDuplicates().hasSize(SUBSCRIBERS);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
