package dev.tidings.delivery;

import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sending thread of a {@link DeliveryEngine}, with its own relay connections: it claims a batch
 * of due rows with a lease, sends each message to a relay chosen by weight and availability, and
 * hands every outcome to the engine's {@link AckWriter}. It hands the rest of a batch back unsent
 * when the engine stops, when the lease is three quarters over, or when no relay may be used.
 *
 * <p>Runs on one thread; what it shares with the other workers ({@link Shared}) is thread-safe. The
 * in-flight permits bound how many accepted messages wait to be recorded: a worker takes one before
 * each send and the ack writer returns it once the outcome is written.
 */
final class DeliveryWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorker.class);

  /** What the workers of one engine share. */
  record Shared(
      DeliveryStore store,
      RelayPool relays,
      MessageSource messages,
      Clock clock,
      DeliveryEngine.Settings settings,
      String owner,
      Semaphore inflight,
      AckWriter acks,
      Outcomes outcomes,
      Timer sendTimer,
      AtomicBoolean running) {}

  private final DeliveryStore store;
  private final RelayPool relays;
  private final MessageSource messages;
  private final Clock clock;
  private final DeliveryEngine.Settings settings;
  private final String owner;
  private final Semaphore inflight;
  private final AckWriter acks;
  private final Outcomes outcomes;
  private final Timer sendTimer;
  private final AtomicBoolean running;
  private final RowMaker rowMaker;
  private final Long onlyEdition;
  private final boolean sendsDuringFanout;
  private final RelaySessions sessions;

  /**
   * @param onlyEdition the one edition to work on, or null for every sending edition
   * @param sendsDuringFanout whether this worker sends while {@code rowMaker} is making rows
   */
  DeliveryWorker(Shared shared, RowMaker rowMaker, Long onlyEdition, boolean sendsDuringFanout) {
    this.store = shared.store();
    this.relays = shared.relays();
    this.messages = shared.messages();
    this.clock = shared.clock();
    this.settings = shared.settings();
    this.owner = shared.owner();
    this.inflight = shared.inflight();
    this.acks = shared.acks();
    this.outcomes = shared.outcomes();
    this.sendTimer = shared.sendTimer();
    this.running = shared.running();
    this.rowMaker = rowMaker;
    this.onlyEdition = onlyEdition;
    this.sendsDuringFanout = sendsDuringFanout;
    this.sessions = new RelaySessions(settings.messagesPerConnection(), settings.maxIdle());
  }

  @Override
  public void run() {
    try (sessions) {
      while (running.get()) {
        if (!sendsDuringFanout && rowMaker.makingRows()) {
          // The fan-out thread wakes every worker when it is done.
          LockSupport.parkNanos(DeliveryEngine.IDLE_POLL.toNanos());
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
        if (onlyEdition != null && relays.allRefusing()) {
          // A run for one edition (edition send --wait) ends: its rows stay queued, uncounted,
          // for a serve process to send once the relay takes mail again.
          LOG.warn("every relay refuses us; edition {} stays queued", onlyEdition);
          sessions.flush();
          return;
        }
        if (!worked) {
          LockSupport.parkNanos(DeliveryEngine.IDLE_POLL.toNanos());
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
      Duration pause = relay.markUnavailable(e.getMessage());
      LOG.warn("relay {} unavailable for {}s: {}", relay.name(), pause.toSeconds(), e.getMessage());
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

  /**
   * Acks one outcome and tells the relay. Only a refusal about the recipient counts against the
   * address; a relay that refuses us gets the message back unsent, and an unsure refusal is
   * retried, never counted (DESIGN "Whose fault is it").
   */
  private void record(ClaimedDelivery delivery, Relay relay, SendResult result) {
    String reply = relay.name() + ": " + result.reply();
    switch (result.kind()) {
      case ACCEPTED:
        relay.delivered();
        acks.add(outcomes.accepted(delivery, reply));
        break;
      case PERMANENT:
        acks.add(outcomes.refused(delivery, reply));
        break;
      case RELAY_REFUSED:
        acks.add(outcomes.returned(delivery, reply));
        warnPaused(relay, "refuses us", result, relay.refused(result.reply()));
        break;
      case UNSENT:
        // The session broke before the message went out (a stale connection): no attempt is
        // counted, and a relay that keeps doing it is paused like one that keeps deferring.
        acks.add(outcomes.returned(delivery, reply));
        warnPaused(relay, "keeps dropping sessions", result, relay.deferred(result.reply()));
        break;
      case UNSURE:
        acks.add(outcomes.deferred(delivery, reply));
        warnPaused(relay, "refuses recipients alike", result, relay.unsureRefusal(result.reply()));
        break;
      default:
        acks.add(outcomes.deferred(delivery, reply));
        warnPaused(relay, "keeps deferring", result, relay.deferred(result.reply()));
    }
  }

  private static void warnPaused(Relay relay, String what, SendResult result, Duration pause) {
    if (!pause.isZero()) {
      LOG.warn(
          "relay {} {} ({}); it gets no mail for {}s",
          relay.name(),
          what,
          result.reply(),
          pause.toSeconds());
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
