package dev.tidings.delivery;

/**
 * What the relay made of one message, and so whose fault a refusal is (DESIGN "Whose fault is it").
 *
 * @param reply the server's reply (or the error) as text, stored with the delivery
 */
public record SendResult(Kind kind, String reply) {

  /** How a message fared. */
  public enum Kind {
    /** Accepted (250 after the DATA section). */
    ACCEPTED,
    /** Worth retrying: 4xx, 421, a timeout or a dropped connection. */
    TRANSIENT,
    /**
     * Refused for good because of the recipient (RFC 3463 5.1.x or 5.2.x at RCPT or after DATA).
     */
    PERMANENT,
    /**
     * Refused before any recipient was named (5xx to MAIL FROM, or to DATA after an accepted RCPT):
     * the relay refuses us. Not sent, and nothing is counted against the recipient.
     */
    RELAY_REFUSED,
    /**
     * A 5xx at RCPT or after DATA that does not say it is about the recipient (5.7.1 relay access
     * denied, 5.6.0 content rejected, no enhanced code): retried and never counted as a bounce; a
     * run of them means the relay refuses us.
     */
    UNSURE,
    /**
     * Provably not sent: the session broke (a 421, a dropped or stale connection) before any of the
     * message's content was written. Tried again on a new session with no attempt counted.
     */
    UNSENT
  }

  public static SendResult accepted(String reply) {
    return new SendResult(Kind.ACCEPTED, reply);
  }

  public static SendResult transientFailure(String reply) {
    return new SendResult(Kind.TRANSIENT, reply);
  }

  public static SendResult permanentFailure(String reply) {
    return new SendResult(Kind.PERMANENT, reply);
  }

  public static SendResult relayRefused(String reply) {
    return new SendResult(Kind.RELAY_REFUSED, reply);
  }

  public static SendResult unsent(String reply) {
    return new SendResult(Kind.UNSENT, reply);
  }

  public static SendResult unsure(String reply) {
    return new SendResult(Kind.UNSURE, reply);
  }
}
