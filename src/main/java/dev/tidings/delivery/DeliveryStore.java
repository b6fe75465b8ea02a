package dev.tidings.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The delivery engine's port to its rows. Implementations must make {@link #claim} safe between
 * processes: a row is leased to one owner until {@code leaseUntil}, and an expired lease is due
 * again.
 */
public interface DeliveryStore {
  /** Editions in status {@code sending}. */
  List<Long> sendingEditions();

  /** Sending or paused editions whose delivery rows are not all made yet. */
  List<Long> pendingFanouts();

  /** Makes the next chunk of an edition's delivery rows; false when none remain. */
  boolean extendFanout(long editionId);

  /** Leases up to {@code limit} due rows of {@code editionId} to {@code owner}. */
  List<ClaimedDelivery> claim(
      long editionId, String owner, int limit, Instant now, Instant leaseUntil);

  /**
   * Records outcomes in one transaction. Returns how many rows were no longer leased to {@code
   * owner} (their lease expired and another process took them): possible duplicates.
   */
  int record(List<Ack> acks, String owner, Instant now);

  /**
   * Moves the lease of every row of {@code editionId} that {@code owner} holds to {@code until}, so
   * that a message waiting for its relay's reply keeps its row; returns how many rows.
   */
  int extendLeases(long editionId, String owner, Instant until);

  /** Hands leased, unsent rows back as due now. */
  void release(List<Long> deliveryIds, String owner, Instant now);

  /** Marks the edition sent if no row can still be tried; true when it did. */
  boolean finishIfDone(long editionId, Instant now);

  /** The earliest due time of an open row of the edition, or empty when none is open. */
  Optional<Instant> nextDue(long editionId);
}
