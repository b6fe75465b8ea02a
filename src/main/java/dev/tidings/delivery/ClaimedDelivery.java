package dev.tidings.delivery;

/**
 * A delivery leased to this process, with what is needed to send it.
 *
 * @param skipReason non-null when the subscriber may no longer be mailed (unsubscribed, suppressed,
 *     bounced): checked when the row is claimed, moments before sending
 */
public record ClaimedDelivery(
    long id,
    long editionId,
    long subscriberId,
    String email,
    String name,
    int attempts,
    String skipReason) {}
